"""`loopline datasets list|show|diff`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from loopline.cli.console import console

app = typer.Typer(help="Inspect dataset versions.", no_args_is_help=True)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """Dataset versions, newest first."""
    from loopline.annotate.export import list_datasets

    table = Table("id", "format", "rows", "tasks", "projects", "created", "parent")
    with ctx.obj.open() as ws:
        for m in list_datasets(ws):
            table.add_row(m.id, m.format, f"{m.row_count:,}", f"{m.task_count:,}", ", ".join(m.projects), m.created_at[:19], m.parent or "")
    console.print(table)


@app.command("show")
def show(ctx: typer.Context, dataset_id: Annotated[str, typer.Argument(help="Dataset version id (ds-...).")]) -> None:
    """A version's manifest (without the id lists) and where its files are."""
    import json

    from loopline.annotate.export import show_dataset

    with ctx.obj.open() as ws:
        m = show_dataset(ws, dataset_id)
        folder = ws.datasets_dir / m.id
    data = m.model_dump(mode="json", exclude={"task_ids", "annotation_ids"})
    console.print_json(json.dumps(data))
    console.print(f"files: {folder}")


@app.command("diff")
def diff(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="Older version id.")],
    b: Annotated[str, typer.Argument(help="Newer version id.")],
) -> None:
    """Rows and tasks added and removed between two versions."""
    from loopline.annotate.export import diff_datasets

    with ctx.obj.open() as ws:
        d = diff_datasets(ws, a, b)
    console.print(d.summary())
