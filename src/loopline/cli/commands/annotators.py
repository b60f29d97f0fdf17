"""`loopline annotators add|list`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from loopline.cli.console import console

app = typer.Typer(help="Manage annotators.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Unique name.")],
    role: Annotated[str, typer.Option(help="admin | reviewer | annotator")] = "annotator",
    skill: Annotated[Optional[list[str]], typer.Option(help="A skill (repeat for several).")] = None,
    language: Annotated[Optional[list[str]], typer.Option(help="A language code (repeat for several).")] = None,
) -> None:
    """Add an annotator."""
    from loopline.annotate.annotators import create_annotator

    with ctx.obj.open() as ws:
        a = create_annotator(ws, name, role=role, skills=skill or [], languages=language or [])
    console.print(f"Added {a.role} [bold]{a.name}[/] (id {a.id}).")


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """Every annotator with role, skills and languages."""
    from loopline.annotate.annotators import list_annotators

    table = Table("id", "name", "role", "skills", "languages", "trust", "active")
    with ctx.obj.open() as ws:
        for a in list_annotators(ws):
            table.add_row(str(a.id), a.name, a.role, ", ".join(a.skills), ", ".join(a.languages), f"{a.trust:.2f}", "yes" if a.active else "paused")
    console.print(table)
