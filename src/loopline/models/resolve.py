"""Turn a model reference into a backend: 'demo', a model version id or promoted line, an
OpenAI-compatible URL (`http://host:port/v1#model-name`), or a local folder / hub id.

Resolving (which needs the workspace) is split from loading (which does not), so a
`BackendSpec` can be shipped to Ray workers that load the model themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from loopline.annotate.workspace import Workspace
from loopline.models.base import ModelBackend


@dataclass(frozen=True)
class BackendSpec:
    """Where a model lives and the name its replies carry; picklable, loads anywhere."""

    kind: str  # "openai" or "transformers"
    location: str  # base URL or folder / hub id
    name: str
    api_key: str = "not-needed"
    timeout: float = 60.0
    device: str | None = None

    def load(self) -> ModelBackend:
        if self.kind == "openai":
            from loopline.models.openai_backend import OpenAIBackend

            return OpenAIBackend(self.location, self.name, api_key=self.api_key, timeout=self.timeout)
        from loopline.models.transformers_backend import TransformersBackend

        return TransformersBackend.from_pretrained(self.location, name=self.name, device=self.device)


def backend_spec(ws: Workspace | None, ref: str, *, api_key: str = "not-needed", timeout: float = 60.0) -> BackendSpec:
    if ref.startswith(("http://", "https://")):
        url, _, name = ref.partition("#")
        return BackendSpec("openai", url, name or "default", api_key=api_key, timeout=timeout)
    from loopline.train._runner import resolve_base

    base = resolve_base(ws, ref)
    return BackendSpec("transformers", base.path, base.parent_id or ref)


def load_backend(ws: Workspace | None, ref: str, *, api_key: str = "not-needed", timeout: float = 60.0) -> ModelBackend:
    return backend_spec(ws, ref, api_key=api_key, timeout=timeout).load()
