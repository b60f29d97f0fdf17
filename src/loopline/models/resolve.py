"""Turn a model reference into a backend: 'demo', a model version id or promoted line, an
OpenAI-compatible URL (`http://host:port/v1#model-name`), or a local folder / hub id."""

from __future__ import annotations

from loopline.annotate.workspace import Workspace
from loopline.models.base import ModelBackend


def load_backend(ws: Workspace | None, ref: str, *, api_key: str = "not-needed", timeout: float = 60.0) -> ModelBackend:
    if ref.startswith(("http://", "https://")):
        from loopline.models.openai_backend import OpenAIBackend

        url, _, name = ref.partition("#")
        return OpenAIBackend(url, name or "default", api_key=api_key, timeout=timeout)
    from loopline.models.transformers_backend import TransformersBackend
    from loopline.train._runner import resolve_base

    base = resolve_base(ws, ref)
    return TransformersBackend.from_pretrained(base.path, name=base.parent_id or ref)
