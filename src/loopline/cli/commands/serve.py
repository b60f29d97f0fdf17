"""`loopline serve`: the web app (API, pages, metrics) under Uvicorn."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from loopline.cli.console import console, err_console


def serve(state, host: str, port: int, workers: int | None = None, access_log: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Check the workspace opens, hand its location to the workers, run Uvicorn (blocks).

    Default workers: 1 on SQLite (one writer per file); 2 on PostgreSQL, where a second
    process doubled annotate cycles at 32 annotators (benchmarks/http_load.py: 556 -> 1,092/s
    on 2 cores).
    """
    import uvicorn

    ws = state.open()
    sqlite = ws.database.is_sqlite
    ws.close()
    if workers is None:
        workers = 1 if sqlite else min(2, os.cpu_count() or 1)
    os.environ["LOOPLINE_WORKSPACE"] = str(state.root.resolve())
    if state.database_url:
        os.environ["LOOPLINE_DATABASE_URL"] = state.database_url
    if sqlite and workers > 1:
        err_console.print("[yellow]note:[/] SQLite has one writer; more workers only wait on its lock. "
                          "Use PostgreSQL for several workers.")
    console.print(f"Serving {state.root.resolve()} at [bold]http://{host}:{port}/[/] "
                  f"(API docs: http://{host}:{port}/api/docs); Ctrl+C stops.")
    uvicorn.run(
        "loopline.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
        log_level="warning", access_log=access_log, lifespan="on",
    )


def run(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        Optional[int], typer.Option(min=1, max=64, help="Uvicorn worker processes [default: 1 on SQLite, 2 on PostgreSQL].")
    ] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Serve the web app: annotator and manager pages, REST API (/api/v1), /healthz, /metrics."""
    serve(ctx.obj, host, port, workers, access_log)
