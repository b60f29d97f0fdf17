"""The QA report as one self-contained HTML file: tables plus matplotlib plots inlined as PNG.

Plots: agreement with the consensus over time (per question), per-annotator agreement and gold
accuracy (bars, flagged annotators in red), and a confusion matrix (consensus x answer) per
categorical question. No external assets, so the file can sit beside a dataset version.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pandas as pd

from loopline.quality.report import QualityReport


def _png(fig) -> str:  # type: ignore[no-untyped-def]
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return f'<img alt="plot" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _figure(width: float, height: float):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def plot_timeline(timeline: pd.DataFrame) -> str:
    fig, ax = _figure(7, 3)
    for question, part in timeline.groupby("question"):
        ax.plot(part["time"], part["agreement"], marker="o", label=str(question))
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("agreement with consensus")
    ax.legend(loc="lower left", fontsize=8)
    fig.autofmt_xdate()
    return _png(fig)


def plot_annotators(annotators: pd.DataFrame) -> str:
    frame = annotators.sort_values("agreement")
    fig, ax = _figure(7, max(2.5, 0.25 * len(frame)))
    positions = range(len(frame))
    colors = ["#c0392b" if f else "#2e86c1" for f in frame["flags"]]
    ax.barh(list(positions), frame["agreement"].fillna(0), color=colors, label="agreement with consensus")
    if frame["gold_accuracy"].notna().any():
        ax.scatter(frame["gold_accuracy"], list(positions), color="black", marker="D", s=18, label="gold accuracy", zorder=3)
    ax.set_yticks(list(positions), [str(i) for i in frame.index], fontsize=7)
    ax.set_xlim(0, 1.05)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("per annotator (red: flagged)")
    return _png(fig)


def plot_confusion(name: str, matrix: pd.DataFrame) -> str:
    fig, ax = _figure(1.2 + 0.6 * matrix.shape[1], 1.0 + 0.5 * matrix.shape[0])
    ax.imshow(matrix.to_numpy(), cmap="Blues")
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(matrix.shape[0]), matrix.index, fontsize=8)
    for (i, j), value in pd.DataFrame(matrix.to_numpy()).stack().items():
        ax.text(j, i, str(int(value)), ha="center", va="center", fontsize=8)
    ax.set_xlabel("answer")
    ax.set_ylabel("consensus")
    ax.set_title(name)
    return _png(fig)


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(float_format=lambda v: f"{v:.3f}", na_rep="", border=0, classes="t", escape=True)


def render_html(report: QualityReport) -> str:
    """The whole report as an HTML page."""
    esc = html.escape
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>QA report: {esc(report.project)}</title>",
             "<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table.t{border-collapse:collapse}"
             ".t td,.t th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}h2{margin-top:1.5em}</style></head><body>",
             f"<h1>QA report: {esc(report.project)}</h1>",
             f"<p>{report.tasks:,} tasks, {report.annotations:,} annotations; consensus by {esc(report.aggregation)}.</p>",
             "<h2>Agreement per question</h2>"]
    rows = []
    for q in report.questions:
        for metric, value in q.metrics.items():
            low, high = q.intervals.get(metric, (float("nan"), float("nan")))
            rows.append({"question": q.question, "type": q.type, "metric": metric, "value": value, "ci_low": low, "ci_high": high, "items": q.items})
    parts.append(_table(pd.DataFrame(rows)) if rows else "<p>No question has two answers on one task yet.</p>")
    if not report.timeline.empty:
        parts += ["<h2>Agreement over time</h2>", plot_timeline(report.timeline)]
    if not report.annotators.empty:
        parts += ["<h2>Annotators</h2>", plot_annotators(report.annotators), _table(report.annotators)]
    if report.flags:
        parts += ["<h2>Flags</h2>", _table(pd.DataFrame([{"annotator": f.annotator, "kind": f.kind, "reason": f.reason} for f in report.flags]))]
    if not report.honeypots.empty:
        parts += ["<h2>Preference honeypots</h2>",
                  "<p>Tasks shown again to the same annotator with the responses reordered. self_consistency: the repeat, "
                  "mapped back, matches the first answer; same_side: share of pairwise repeats where the same side (A or B) "
                  "was chosen although the responses had swapped sides (position bias).</p>", _table(report.honeypots)]
    if not report.trust_by_domain.empty:
        parts += ["<h2>Trust per domain</h2>",
                  "<p>Gold accuracy per domain (a record's <code>metadata.domain</code>, else its required skills), "
                  "shrunk toward the annotator's overall trust with the weight of 10 gold answers.</p>",
                  _table(report.trust_by_domain.reset_index())]
    if report.confusions:
        parts.append("<h2>Confusion matrices (consensus x answer)</h2>")
        parts += [plot_confusion(name, matrix) for name, matrix in report.confusions.items()]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(report: QualityReport, path: Path) -> Path:
    """Write the report to `path` (folders created) and return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path
