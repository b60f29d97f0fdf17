"""`loopline serve-model MODEL`: an OpenAI-compatible /v1/chat/completions for a model version."""

from __future__ import annotations

from typing import Annotated

import typer

from loopline.cli.console import err_console


def run(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(help="Model version id, promoted line, or 'demo'.")],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8001,
) -> None:
    """Serve a registered model version; every reply names the version that wrote it."""
    from loopline.models.serve import serve
    from loopline.models.transformers_backend import TransformersBackend
    from loopline.train._runner import resolve_base

    with ctx.obj.open() as ws:
        base = resolve_base(ws, model)
    version = base.parent_id or model
    backend = TransformersBackend.from_pretrained(base.path, name=version)
    err_console.print(f"Serving {version} at http://{host}:{port}/v1 (OpenAI-compatible chat completions)")
    serve(backend, version, host=host, port=port)
