"""The throughput plot: one bar per busy hour in the window, valid SVG whatever the input."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from loopline.web.pages.plots import throughput_svg

NOW = 1_800_000_000.0
SVG = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f"{SVG}rect")


def test_bars_are_scaled_to_the_busiest_hour():
    """The busiest hour fills the plot height; an hour with half as many is half as tall."""
    hour = NOW // 3600 * 3600
    svg = throughput_svg([{"t": hour, "n": 10}, {"t": hour - 3600, "n": 5}], hours=24, now=NOW)
    heights = sorted(float(r.get("height")) for r in bars(svg))
    assert len(heights) == 2 and abs(heights[1] - 2 * heights[0]) < 0.2
    assert "10" in svg and "UTC: 5" in svg


def test_points_outside_the_window_are_left_out():
    """Hours older than the window, or in the future, draw nothing."""
    hour = NOW // 3600 * 3600
    svg = throughput_svg([{"t": hour - 100 * 3600, "n": 3}, {"t": hour + 7200, "n": 4}], hours=72, now=NOW)
    assert bars(svg) == []


@given(st.lists(st.tuples(st.integers(-100, 5), st.integers(0, 10_000)), max_size=50))
def test_any_input_gives_valid_svg(points):
    """Random hours and counts: parseable SVG, one bar per distinct busy hour in the window."""
    hour = NOW // 3600 * 3600
    data = [{"t": hour + h * 3600, "n": n} for h, n in points]
    totals: dict[int, int] = {}
    for h, n in points:
        if -72 < h <= 0:
            totals[h] = totals.get(h, 0) + n
    assert len(bars(throughput_svg(data, hours=72, now=NOW))) == sum(1 for n in totals.values() if n)
