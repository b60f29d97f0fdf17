"""`loopline quickstart`: a workspace here, the demo project, its records, and what next."""

from __future__ import annotations

import typer

from loopline.cli.console import console


def run(ctx: typer.Context) -> None:
    """Create a workspace in this folder with the shop-support demo project and its records."""
    from loopline.annotate.imports import ImportOptions, import_file
    from loopline.annotate.projects import create_project, get_project, project_progress
    from loopline.annotate.workspace import init_workspace
    from loopline.core.errors import NotFoundError
    from loopline.core.project import load_project_file
    from loopline.demo import DEMO_PROJECT, demo_project_path, demo_records_path

    state = ctx.obj
    ws, before, after = init_workspace(state.root, state.database_url, sqlite_synchronous=state.sqlite_synchronous)
    with ws:
        console.print(f"[bold]Workspace[/] {state.root.resolve()} (schema {after}{', new' if before is None else ''})")
        try:
            get_project(ws, DEMO_PROJECT)
            console.print(f"[bold]Project[/] {DEMO_PROJECT} exists already")
        except NotFoundError:
            create_project(ws, load_project_file(demo_project_path()))
            console.print(f"[bold]Project[/] {DEMO_PROJECT} created: rank 2-3 support replies per customer message")
        report = import_file(ws, demo_records_path(), DEMO_PROJECT, ImportOptions())
        console.print(
            f"[bold]Records[/] {report.records_new} imported, {report.records_existing} were there already"
        )
        counts = project_progress(ws, DEMO_PROJECT)
    console.print(f"[bold]Queue[/] {counts['tasks']} tasks, {counts['done']} done, {counts['annotations']} annotations\n")
    console.print("Next:")
    console.print("  loopline projects show shop-support        # questions, guidelines, progress")
    console.print("  loopline annotators add alice              # someone to annotate")
    console.print("  loopline annotate -p shop-support --as alice   # rank replies in the terminal")
    console.print("  loopline export -p shop-support -f reward  # a dataset version for reward training")
    console.print("  loopline datasets list")
