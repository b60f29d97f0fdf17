"""`loopline models list|show|promote|rollback`: the model registry."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from loopline.cli.console import console

app = typer.Typer(help="Model versions and their lineage.", no_args_is_help=True)


@app.command("list")
def list_(ctx: typer.Context, name: Annotated[Optional[str], typer.Option(help="Only this model line.")] = None) -> None:
    """Model versions, newest first."""
    from datetime import datetime, timezone

    from loopline.train.registry import list_models

    table = Table("id", "line", "status", "algorithm", "parent", "datasets", "loss", "created")
    with ctx.obj.open() as ws:
        for m in list_models(ws, name):
            created = datetime.fromtimestamp(m.created_at, timezone.utc).isoformat()[:19]
            loss = m.metrics.get("train_loss")
            table.add_row(m.id, m.name, m.status, m.algorithm, m.parent_id or "", ", ".join(m.dataset_versions)[:40],
                          f"{loss:.4f}" if isinstance(loss, float) else "", created)
    console.print(table)


@app.command("show")
def show(ctx: typer.Context, model: Annotated[str, typer.Argument(help="Model version id or a line's name.")]) -> None:
    """A version's lineage, config, metrics and evaluations."""
    import json
    from dataclasses import asdict

    from loopline.train.registry import resolve_model

    with ctx.obj.open() as ws:
        info = resolve_model(ws, model)
    console.print_json(json.dumps(asdict(info), default=str))


@app.command("promote")
def promote(ctx: typer.Context, model: Annotated[str, typer.Argument(help="Model version id.")]) -> None:
    """Promote a version; the line's previously promoted version is retired."""
    from loopline.train.registry import promote_model

    with ctx.obj.open() as ws:
        info = promote_model(ws, model)
    console.print(f"Promoted [bold]{info.id}[/] (line {info.name}).")


@app.command("rollback")
def rollback(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Model line whose promoted version goes back to its parent.")]) -> None:
    """Retire the promoted version of a line and promote its parent again."""
    from loopline.train.registry import rollback_model

    with ctx.obj.open() as ws:
        info = rollback_model(ws, name)
    console.print(f"Rolled back line {name}: [bold]{info.id}[/] is promoted again.")
