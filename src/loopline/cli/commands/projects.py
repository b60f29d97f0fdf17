"""`loopline projects create|list|show|update`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from loopline.cli.console import console

app = typer.Typer(help="Create and inspect projects.", no_args_is_help=True)


@app.command("create")
def create(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="Project definition, YAML or JSON.")]) -> None:
    """Create a project from its definition file."""
    from loopline.annotate.projects import create_project
    from loopline.core.project import load_project_file

    definition = load_project_file(file)
    with ctx.obj.open() as ws:
        info = create_project(ws, definition)
    console.print(f"Created project [bold]{info.name}[/] ({len(info.questions)} questions, overlap {definition.overlap}).")


@app.command("update")
def update(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="The project's definition, edited.")]) -> None:
    """Change a project's settings from its edited definition file."""
    from loopline.annotate.projects import update_project
    from loopline.core.project import load_project_file

    definition = load_project_file(file)
    with ctx.obj.open() as ws:
        update_project(ws, definition.name, definition.to_json())
    console.print(f"Updated project [bold]{definition.name}[/].")


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """Projects with their progress."""
    from loopline.annotate.projects import list_projects, project_progress

    table = Table("project", "mode", "questions", "overlap", "tasks", "done", "annotations", "progress")
    with ctx.obj.open() as ws:
        for p in list_projects(ws):
            c = project_progress(ws, p.name)
            share = c["done"] / c["tasks"] if c["tasks"] else 0.0
            table.add_row(
                p.name, p.definition.mode, ", ".join(f"{q.name}:{q.type}" for q in p.questions),
                str(p.definition.overlap), f"{c['tasks']:,}", f"{c['done']:,}", f"{c['annotations']:,}",
                f"{'█' * round(share * 20):<20} {share:.0%}",
            )
    console.print(table)


@app.command("show")
def show(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Project name.")]) -> None:
    """A project's definition and counts."""
    import yaml

    from loopline.annotate.projects import get_project, project_progress

    with ctx.obj.open() as ws:
        p = get_project(ws, name)
        counts = project_progress(ws, name)
    console.print(yaml.safe_dump(p.definition.to_json(), sort_keys=False, allow_unicode=True))
    console.print(", ".join(f"{k}: {v:,}" for k, v in counts.items()))
