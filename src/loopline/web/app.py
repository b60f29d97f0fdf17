"""The web app: REST API, pages, login, health and metrics, on one workspace.

`create_app(settings)` opens the workspace once per process; `app_from_env()` is the factory
Uvicorn calls in each worker (`loopline serve`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from loopline import __version__
from loopline.annotate import queue
from loopline.annotate.cache import LRU
from loopline.annotate.stats import queue_depth
from loopline.annotate.workspace import Workspace, open_workspace
from loopline.core.project import ProjectDefinition
from loopline.web.api import PREFIX, routers
from loopline.web.api.review import router as review_router
from loopline.web.deps import csrf_token
from loopline.web.errors import install_error_handlers
from loopline.web.login import router as login_router
from loopline.web.metrics import Metrics, MetricsMiddleware
from loopline.web.ratelimit import LoginLimiter
from loopline.web.runner import DbRunner
from loopline.web.settings import WebSettings

HERE = Path(__file__).parent


def _template_context(request: Request) -> dict[str, Any]:
    return {"csrf_token": csrf_token(request)}


async def _sweep_leases(app: FastAPI) -> None:
    """Return lapsed leases to the queue in the background, off the claim path."""
    ws, db, metrics = app.state.ws, app.state.db, app.state.metrics
    while True:
        await asyncio.sleep(app.state.settings.lease_sweep_seconds)
        with contextlib.suppress(Exception):  # a busy database: try again next round
            metrics.lease_expiries.inc(await db(queue.expire_leases, ws))


def create_app(settings: WebSettings | None = None, workspace: Workspace | None = None) -> FastAPI:
    settings = settings or WebSettings()
    ws = workspace or open_workspace(
        settings.workspace, settings.database_url, sqlite_synchronous=settings.sqlite_synchronous,
        sqlite_checkpointer=True, postgres_write_lanes=settings.db_write_lanes,
        postgres_vacuum_rows=settings.db_vacuum_rows or None,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sweeper = asyncio.create_task(_sweep_leases(app))
        try:
            yield
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            app.state.db.close()
            if workspace is None:
                ws.close()

    app = FastAPI(
        title="Loopline", version=__version__, lifespan=lifespan,
        description="Annotation queue, projects, datasets and users of a Loopline workspace.",
        docs_url="/api/docs", redoc_url=None, openapi_url="/api/v1/openapi.json",
        # FastAPI's built-in OpenTelemetry hooks cost a check per request; /metrics is ours.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    metrics = Metrics()
    app.state.settings = settings
    app.state.ws = ws
    sqlite = ws.database.is_sqlite
    inline = settings.db_mode == "inline" or (settings.db_mode == "auto" and sqlite)
    app.state.db = DbRunner(inline=inline, threads=1 if sqlite else settings.db_threads)
    app.state.metrics = metrics
    app.state.limiter = LoginLimiter(settings.login_attempts, settings.login_window_seconds)
    app.state.record_dumps = LRU(100_000)
    app.state.templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_template_context])
    metrics.watch_queue(lambda: queue_depth(ws))
    restarts = ws.database.checkpoint_restarts
    if restarts is not None:
        metrics.watch_log_restarts(restarts)
    vacuums = ws.database.queue_vacuums
    if vacuums is not None:
        metrics.watch_queue_vacuums(vacuums)

    install_error_handlers(app)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    for router in routers:
        app.include_router(router, prefix=PREFIX)
    app.include_router(login_router)
    app.include_router(review_router)
    from loopline.web.pages import router as pages_router

    app.include_router(pages_router)
    if (HERE / "static").is_dir():
        app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics", include_in_schema=False)
    async def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema plus ProjectDefinition (the create route reads JSON or YAML)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    definition = ProjectDefinition.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(definition.pop("$defs", {}))
    components["ProjectDefinition"] = definition
    app.openapi_schema = schema
    return schema


def app_from_env() -> FastAPI:
    """Uvicorn's factory: settings from the environment (`loopline serve` sets them)."""
    return create_app(WebSettings())
