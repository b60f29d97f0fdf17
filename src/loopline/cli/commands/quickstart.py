"""`loopline quickstart`: a workspace here, the demo project, its records, demo accounts, the
built-in demo model (trained once, about two minutes, then cached), and the web app running
(when started from a terminal; `--serve/--no-serve` decides otherwise)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from loopline.cli.console import console

DEMO_USERS = (("admin", "admin"), ("reviewer", "reviewer"), ("alice", "annotator"), ("bob", "annotator"))


def _demo_accounts(ws) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    """(name, role, password) of the demo accounts; password None when the account existed
    (its password was printed when it was made)."""
    from loopline.annotate.users import add_member, create_user
    from loopline.annotate.annotators import get_annotator
    from loopline.cli.commands.users import new_password
    from loopline.core.errors import NotFoundError
    from loopline.demo import DEMO_PROJECT

    out = []
    for name, role in DEMO_USERS:
        try:
            get_annotator(ws, name)
            password = None
        except NotFoundError:
            password = new_password()
            create_user(ws, name, role=role, password=password)
        if role != "admin":
            add_member(ws, DEMO_PROJECT, name)
        out.append((name, role, password))
    return out


def _demo_model(ws):  # type: ignore[no-untyped-def]
    from loopline.cli.progress import counting_progress
    from loopline.demo.model import DemoModelSpec, find_demo_model, train_demo_model

    spec = DemoModelSpec()
    found = find_demo_model(ws, spec)
    if found is not None:
        return found
    with counting_progress() as bar:
        task = bar.add_task("training the demo model (once, about 2 min)", total=spec.max_steps, rate="")
        return train_demo_model(ws, spec, progress=lambda step, total: bar.update(task, completed=step))


def run(
    ctx: typer.Context,
    serve: Annotated[
        Optional[bool], typer.Option("--serve/--no-serve", help="Start the web app afterwards [default: when run from a terminal].")
    ] = None,
    host: Annotated[str, typer.Option(help="Address for the web app.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for the web app.")] = 8000,
    model: Annotated[
        bool, typer.Option("--model/--no-model", help="Train (first time) or find the demo model.")
    ] = True,
) -> None:
    """Create a workspace in this folder with the shop-support demo project, its records and
    demo accounts, then serve the web app."""
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
        accounts = _demo_accounts(ws)
        demo_model = _demo_model(ws) if model else None
    console.print(f"[bold]Queue[/] {counts['tasks']} tasks, {counts['done']} done, {counts['annotations']} annotations")
    console.print("[bold]Demo accounts[/] (passwords are shown once; `loopline users passwd NAME` sets a new one):")
    for name, role, password in accounts:
        shown = password if password else "(exists already; password as printed when it was created)"
        console.print(f"  {name:<9} {role:<10} {shown}", markup=False, highlight=False)
    if demo_model is not None:
        console.print(f"[bold]Model[/] demo model {demo_model.id} ({demo_model.status}), line {demo_model.name}")
    if serve is None:
        serve = sys.stdin.isatty() and sys.stdout.isatty()
    if serve:
        from loopline.cli.commands.serve import serve as serve_app

        console.print(f"\nOpen [bold]http://{host}:{port}/[/] and log in with an account above.")
        serve_app(state, host, port)
        return
    console.print("\nNext:")
    console.print("  loopline serve                             # the web app at http://127.0.0.1:8000/")
    console.print("  loopline projects show shop-support        # questions, guidelines, progress")
    console.print("  loopline annotate -p shop-support --as alice   # rank replies in the terminal")
    console.print("  loopline export -p shop-support -f reward  # a dataset version for reward training")
    console.print("  loopline datasets list")
    if demo_model is not None:
        console.print(f"  loopline serve-model {demo_model.id}        # the demo model behind /v1/chat/completions")
        console.print("  loopline train dpo -d ds-... --model demo  # preference-train it on your export")
