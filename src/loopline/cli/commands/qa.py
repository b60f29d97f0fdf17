"""`loopline qa PROJECT`: agreement, annotators with flags and trust, optionally an HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from loopline.cli.console import console


def run(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project to check.")],
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write an HTML report with plots here.")] = None,
    aggregation: Annotated[str, typer.Option("--aggregation", "-a", help="Consensus policy: majority | dawid-skene | mace.")] = "dawid-skene",
) -> None:
    """Quality report of a project: agreement per question, annotators, flags."""
    from rich.table import Table

    from loopline.quality.report import build_report

    with ctx.obj.open() as ws:
        with console.status(f"reading {project}'s annotations"):
            report = build_report(ws, project, aggregation=aggregation)
    console.print(f"[bold]{project}[/]: {report.tasks:,} tasks, {report.annotations:,} annotations; consensus by {report.aggregation}")
    agreement = Table(title="agreement per question")
    for column in ("question", "type", "metric", "value", "95% CI", "items"):
        agreement.add_column(column, justify="right" if column in ("value", "items") else "left")
    for q in report.questions:
        for metric, value in q.metrics.items():
            low_high = q.intervals.get(metric)
            ci = f"{low_high[0]:.3f} – {low_high[1]:.3f}" if low_high else ""
            agreement.add_row(q.question, q.type, metric, f"{value:.3f}", ci, str(q.items))
    console.print(agreement)
    if not report.annotators.empty:
        people = Table(title="annotators")
        for column in ("annotator", "annotations", "median s", "agreement", "gold", "skill", "trust", "flags"):
            people.add_column(column)
        fmt = lambda v: "" if v is None or v != v else f"{v:.2f}"  # noqa: E731
        for name, row in report.annotators.iterrows():
            gold = f"{row['gold_accuracy']:.2f} ({row['n_gold']})" if row["n_gold"] else ""
            people.add_row(str(name), str(row["annotations"]), fmt(row["median_seconds"]), fmt(row["agreement"]), gold, fmt(row["skill"]), fmt(row["trust"]), f"[red]{row['flags']}[/]" if row["flags"] else "")
        console.print(people)
    if not report.trust_by_domain.empty:
        domains = Table(title="trust per domain")
        for column in ("annotator", "domain", "gold", "trust"):
            domains.add_column(column)
        for (name, domain), row in report.trust_by_domain.iterrows():
            domains.add_row(str(name), str(domain), f"{row['gold_accuracy']:.2f} ({int(row['n_gold'])})", f"{row['trust']:.2f}")
        console.print(domains)
    for flag in report.flags:
        console.print(f"[red]{flag.kind}[/] {flag.annotator}: {flag.reason}")
    if html is not None:
        from loopline.quality.report_html import write_html

        console.print(f"Wrote {write_html(report, html)}")
