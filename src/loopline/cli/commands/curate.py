"""`loopline curate PIPELINE.yaml`: run a curation pipeline and write its funnel report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loopline.cli.console import console


def run(
    pipeline: Annotated[Path, typer.Argument(help="Pipeline file (YAML), see docs/curation.md.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the funnel on a sample; write nothing.")] = False,
    sample: Annotated[int, typer.Option(help="Documents read by --dry-run.")] = 1000,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first unreadable file or row.")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="Delete the workdir first (no resume).")] = False,
) -> None:
    """Clean, filter and deduplicate raw text; resumes a killed run where it stopped."""
    from rich.table import Table

    from loopline.cli.progress import counting_progress
    from loopline.curate.config import load_pipeline
    from loopline.curate.report import check_funnel, write_report
    from loopline.curate.service import dry_run as run_dry
    from loopline.curate.service import run_pipeline

    spec = load_pipeline(pipeline)
    for step in spec.steps:
        if step.describe():
            console.print(step.describe())
    if dry_run:
        result = run_dry(spec.steps, sample=sample, strict=strict)
    else:
        with counting_progress() as bar:
            tasks: dict[str, int] = {}

            def progress(what: str, done: int, total: int) -> None:
                if what not in tasks:
                    tasks[what] = bar.add_task(what, total=total, rate="shards")
                bar.update(tasks[what], completed=done, total=total)

            result = run_pipeline(spec, strict=strict, restart=restart, progress=progress)
    table = Table(title=f"funnel ({'dry run, ' if dry_run else ''}{result.seconds:.1f} s)")
    for column in ("#", "step", "in", "out", "removed", "reasons"):
        table.add_column(column)
    for i, s in enumerate(result.stats):
        reasons = ", ".join(f"{r} {n:,}" for r, n in s.removed.most_common(4))
        table.add_row(str(i), s.name, f"{s.docs_in:,}", f"{s.docs_out:,}", f"{sum(s.removed.values()):,}", reasons)
    console.print(table)
    for s in result.stats:
        for err in s.errors[:5]:
            console.print(f"[yellow]bad input[/] {err['file']}, line {err['line']}: {err['error']}")
    for problem in check_funnel(result.stats):
        console.print(f"[red]funnel does not add up:[/] {problem}")
    if not dry_run:
        json_path, html_path = write_report(result, spec.report_dir, spec.settings.name or pipeline.stem)
        console.print(f"Report: {json_path} and {html_path}")
