"""The funnel report: per step, documents in, out, removed by reason, with examples.

Written as JSON (for machines and for diffing two runs) and as one self-contained HTML page
with the funnel drawn by matplotlib (PNG inlined), so it opens anywhere without a server.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import orjson

from loopline.curate.executors.base import RunResult
from loopline.curate.stats import StepStats


def funnel_rows(stats: list[StepStats]) -> list[dict[str, Any]]:
    return [
        {"step": i, "name": s.name, "in": s.docs_in, "out": s.docs_out, "removed": sum(s.removed.values()),
         "created": s.created, "reasons": dict(s.removed.most_common())}
        for i, s in enumerate(stats)
    ]


def check_funnel(stats: list[StepStats]) -> list[str]:
    """Where the counts do not add up (empty when they all do)."""
    problems = []
    for i, s in enumerate(stats):
        if not s.balanced:
            problems.append(f"step {i} {s.name}: in {s.docs_in} + created {s.created} - removed "
                            f"{sum(s.removed.values())} != out {s.docs_out}")
        if i > 0 and s.docs_in != stats[i - 1].docs_out:
            problems.append(f"step {i} {s.name}: in {s.docs_in} != previous out {stats[i - 1].docs_out}")
    return problems


def write_report(result: RunResult, folder: Path, title: str = "curation run") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"title": title, **result.to_dict(), "funnel": funnel_rows(result.stats),
            "problems": check_funnel(result.stats)}
    json_path = folder / "report.json"
    json_path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    html_path = folder / "report.html"
    html_path.write_text(_html(title, result, _plot(result.stats)), encoding="utf-8")
    return json_path, html_path


def _plot(stats: list[StepStats]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [f"{i}. {s.name}" for i, s in enumerate(stats)]
    out = [s.docs_out for s in stats]
    removed = [sum(s.removed.values()) for s in stats]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(stats) + 1.2))
    y = range(len(stats))[::-1]
    ax.barh(list(y), out, color="#3b7dd8", label="kept")
    ax.barh(list(y), removed, left=out, color="#e0a030", label="removed here")
    ax.set_yticks(list(y), names)
    ax.set_xlabel("documents")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    for yi, kept in zip(y, out):
        ax.text(kept, yi, f" {kept:,}", va="center", fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _html(title: str, result: RunResult, png: str) -> str:
    e = html.escape
    rows = []
    for i, s in enumerate(result.stats):
        reasons = ", ".join(f"{e(r)}: {n:,}" for r, n in s.removed.most_common()) or "-"
        counters = ", ".join(f"{e(k)}: {v:,}" for k, v in sorted(s.counters.items())) or ""
        rows.append(f"<tr><td>{i}</td><td>{e(s.name)}</td><td>{s.docs_in:,}</td><td>{s.docs_out:,}</td>"
                    f"<td>{sum(s.removed.values()):,}</td><td>{reasons}</td><td>{counters}</td></tr>")
    examples = []
    for s in result.stats:
        for reason, docs in s.examples.items():
            items = "".join(f"<li><code>{e(d['id'])}</code>: {e(d['text'])}</li>" for d in docs)
            examples.append(f"<h3>{e(s.name)}: {e(reason)}</h3><ul>{items}</ul>")
    errors = [f"<li>{e(str(x['file']))}, line {x['line']}: {e(x['error'])}</li>" for s in result.stats for x in s.errors]
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}li{{margin:.3em 0}}</style></head><body>
<h1>{e(title)}</h1><p>{result.shards} shards, {result.seconds:.1f} s ({result.shards_skipped} shards resumed).</p>
<img alt="funnel" src="data:image/png;base64,{png}">
<table><tr><th>#</th><th>step</th><th>in</th><th>out</th><th>removed</th><th>reasons</th><th>counters</th></tr>
{''.join(rows)}</table>
<h2>Bad input</h2><ul>{''.join(errors) or '<li>none</li>'}</ul>
<h2>Examples of removed documents</h2>{''.join(examples) or '<p>none</p>'}
</body></html>"""
