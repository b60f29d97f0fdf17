"""The manager page's throughput plot: annotations per hour as an inline SVG bar chart.

Drawn here as a string (no matplotlib on the request path): a few hundred bytes per bar,
rendered by the browser, readable without JavaScript.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from html import escape

WIDTH = 720
HEIGHT = 180
PAD_LEFT = 40
PAD_BOTTOM = 22
PAD_TOP = 10


def throughput_svg(points: Sequence[dict[str, float]], *, hours: int = 72, now: float | None = None) -> str:
    """Bars of annotations per hour over the last `hours` hours (empty hours drawn as gaps).

    `points` are `{t: hour start in epoch seconds, n: annotations}` as the stats service gives.
    """
    now = time.time() if now is None else now
    last_hour = int(now // 3600)
    first_hour = last_hour - hours + 1
    counts = [0] * hours
    for p in points:
        i = int(p["t"] // 3600) - first_hour
        if 0 <= i < hours:
            counts[i] += int(p["n"])
    top = max(counts) or 1
    plot_w = WIDTH - PAD_LEFT - 4
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    bar_w = plot_w / hours
    parts = [
        (
            f'<svg class="plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'role="img" aria-label="Annotations per hour, last {hours} hours">'
        ),
        f'<line class="axis" x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - 4}" y2="{PAD_TOP + plot_h}"/>',
        f'<text class="tick" x="{PAD_LEFT - 6}" y="{PAD_TOP + 8}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{PAD_LEFT - 6}" y="{PAD_TOP + plot_h}" text-anchor="end">0</text>',
    ]
    for i, n in enumerate(counts):
        if not n:
            continue
        h = plot_h * n / top
        x = PAD_LEFT + i * bar_w
        label = time.strftime("%Y-%m-%d %H:00", time.gmtime((first_hour + i) * 3600))
        parts.append(
            f'<rect class="bar" x="{x + 0.5:.1f}" y="{PAD_TOP + plot_h - h:.1f}" '
            f'width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}"><title>{escape(label)} UTC: {n}</title></rect>'
        )
    for i in range(0, hours, max(1, hours // 6)):
        x = PAD_LEFT + i * bar_w
        label = f"-{hours - i}h"
        parts.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 6}">{label}</text>')
    parts.append(f'<text class="tick" x="{WIDTH - 4}" y="{HEIGHT - 6}" text-anchor="end">now</text>')
    parts.append("</svg>")
    return "".join(parts)
