"""`loopline import FILE --project P`: records, tasks and existing annotations from a file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from loopline.cli.console import console
from loopline.core.errors import ValidationError


def run(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSONL, JSON, CSV, Parquet (optionally .gz) or a saved HF dataset folder.")],
    project: Annotated[str, typer.Option("--project", "-p", help="Target project; created when missing.")],
    fmt: Annotated[Optional[str], typer.Option("--format", help="jsonl|json|csv|parquet|hf (default: by suffix).")] = None,
    shape: Annotated[Optional[str], typer.Option(help="prompt|messages|preference|label_studio|oasst|answers (default: detected per row).")] = None,
    map_: Annotated[Optional[list[str]], typer.Option("--map", help="Field mapping NAME=COLUMN, e.g. --map prompt=question.")] = None,
    definition: Annotated[Optional[Path], typer.Option(help="Project file (YAML/JSON) to create a missing project with.")] = None,
    annotator: Annotated[str, typer.Option(help="Annotator name for labels that come without one (TRL preference rows).")] = "import",
    annotations: Annotated[bool, typer.Option("--annotations/--no-annotations", help="Import existing annotations too.")] = True,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import the good rows; write bad ones to a side file.")] = False,
    rejects: Annotated[Optional[Path], typer.Option(help="Side file for rejected rows (default: FILE.rejects.jsonl).")] = None,
    gold: Annotated[bool, typer.Option("--gold", help="Rows are gold tasks: each carries its known answers in 'gold' (or an 'answers' object).")] = False,
) -> None:
    """Import a file into a project (one transaction: a bad row imports nothing)."""
    if gold:
        return _import_gold(ctx, file, project, fmt)
    from loopline.annotate.imports import ImportOptions, import_file
    from loopline.cli.progress import counting_progress
    from loopline.core.project import load_project_file

    mapping = _parse_mapping(map_ or [])
    options = ImportOptions(
        fmt=fmt, shape=shape, mapping=mapping or None, annotator=annotator, with_annotations=annotations,
        skip_invalid=skip_invalid, rejects_path=rejects,
        definition=load_project_file(definition) if definition else None,
    )
    with ctx.obj.open() as ws, counting_progress() as bar:
        task = bar.add_task(f"importing {file.name}", total=None, rate="")
        start = time.perf_counter()
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            bar.update(task, advance=n, rate=f"{done / max(time.perf_counter() - start, 1e-9):,.0f} rows/s")

        report = import_file(ws, file, project, options, progress=advance)
    if report.project_created:
        console.print(f"Created project [bold]{project}[/]" + (f": {report.inferred}" if report.inferred else "."))
    console.print(
        f"Read {report.rows:,} rows: {report.records_new:,} new records, {report.records_existing:,} already "
        f"in the workspace; {report.tasks_new:,} new tasks in '{project}' ({report.tasks_existing:,} were queued "
        f"already); {report.annotations_new:,} annotations imported ({report.annotations_existing:,} already "
        f"there), {report.annotators_created:,} annotators created."
    )
    if report.records_new == 0 and report.tasks_new == 0 and report.annotations_new == 0:
        console.print("Nothing new: this content was imported before.")
    if report.rejected:
        console.print(f"[yellow]{report.rejected:,} rows rejected[/], reasons in {report.rejects_path}")


def _parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name or not column:
            raise ValidationError(f"expected NAME=COLUMN, got '{pair}'", field="--map")
        mapping[name.strip()] = column.strip()
    return mapping


def _import_gold(ctx: typer.Context, file: Path, project: str, fmt: str | None) -> None:
    from loopline.annotate.gold import import_gold

    with ctx.obj.open() as ws:
        report = import_gold(ws, file, project, fmt=fmt)
    console.print(
        f"Read {report.rows:,} gold rows: {report.tasks_new:,} new gold tasks in '{project}', {report.tasks_converted:,} "
        f"queued tasks turned gold, {report.answers_updated:,} gold tasks' answers replaced."
    )
