"""`loopline export --project P --format F`: build an immutable dataset version."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from loopline.cli.console import console


def run(
    ctx: typer.Context,
    project: Annotated[str, typer.Option("--project", "-p", help="Project to export.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="sft | preference | kto | reward | raw")],
    include_partial: Annotated[bool, typer.Option(help="Also export tasks that lack some of their overlap.")] = False,
    aggregation: Annotated[Optional[str], typer.Option("--aggregation", "-a", help="majority | dawid-skene | mace | bradley-terry (adds agreement and confidence columns)")] = None,
    trust_weighted: Annotated[bool, typer.Option("--trust-weighted", help="Weight annotators by their trust score when aggregating.")] = False,
    reviewed_only: Annotated[bool, typer.Option("--reviewed-only", help="Only annotations a reviewer accepted or corrected (corrections replace the answers).")] = False,
) -> None:
    """Snapshot a project's annotations as training rows (Parquet + manifest + card)."""
    from loopline.annotate.export import FORMATS, export_dataset
    from loopline.annotate.projects import project_progress
    from loopline.cli.progress import counting_progress
    from loopline.core.errors import ValidationError

    if fmt not in FORMATS:
        raise ValidationError(f"format must be one of {', '.join(FORMATS)}; got '{fmt}'", field="--format")
    with ctx.obj.open() as ws:
        counts = project_progress(ws, project)
        total = counts["tasks"] if include_partial else counts["done"]
        with counting_progress() as bar:
            task = bar.add_task(f"exporting {project}", total=total, rate="")
            manifest = export_dataset(
                ws, project, fmt, include_partial=include_partial,
                progress=lambda n: bar.update(task, completed=n),
                aggregation=aggregation, trust_weighted=trust_weighted, reviewed_only=reviewed_only,
            )
        path = manifest.data_path(ws.datasets_dir)
    verb = "Unchanged: the same content is" if manifest.existed else "Wrote"
    console.print(f"{verb} dataset version [bold]{manifest.id}[/] ({manifest.format}, {manifest.row_count:,} rows from {manifest.task_count:,} tasks).")
    if manifest.aggregation:
        console.print(f"  aggregation: {manifest.aggregation['policy']} (trust weighted: {manifest.aggregation['trust_weighted']})")
    for key, value in manifest.stats.items():
        console.print(f"  {key}: {value}")
    console.print(f"  load it: datasets.load_dataset(\"parquet\", data_files=\"{path}\", split=\"train\")")
