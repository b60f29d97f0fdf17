"""`loopline init`: create or upgrade a workspace."""

from __future__ import annotations

import typer

from loopline.cli.console import console


def run(ctx: typer.Context) -> None:
    """Create a workspace here (or upgrade its schema to this version of Loopline)."""
    from loopline.annotate.workspace import init_workspace

    state = ctx.obj
    ws, before, after = init_workspace(state.root, state.database_url, sqlite_synchronous=state.sqlite_synchronous)
    where = ws.url if not ws.url.startswith("sqlite") else ws.url.removeprefix("sqlite:///")
    if before == after:
        console.print(f"Workspace {state.root.resolve()} is up to date (schema {after}, {where}).")
    elif before is None:
        console.print(f"Created workspace {state.root.resolve()} (schema {after}, {where}).")
    else:
        console.print(f"Upgraded workspace {state.root.resolve()} from schema {before} to {after}.")
    ws.close()
