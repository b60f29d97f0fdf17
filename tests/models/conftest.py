"""A tiny causal LM saved to a folder (built from a config, nothing downloaded) and a running
OpenAI-compatible server for it on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch

from tests.utils.tiny_models import tiny_causal_lm, tiny_tokenizer


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-lm")
    tok = tiny_tokenizer()
    torch.manual_seed(0)
    tiny_causal_lm(tok).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_backend(tiny_model_dir: Path):  # type: ignore[no-untyped-def]
    from loopline.models.transformers_backend import TransformersBackend

    return TransformersBackend.from_pretrained(str(tiny_model_dir), name="mv-tiny", device="cpu")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """`app` under a real Uvicorn server on 127.0.0.1 in a thread; yields its /v1 base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served(tiny_backend) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Loopline's serve-model app under a real Uvicorn server; yields its /v1 base URL."""
    from loopline.models.serve import create_app

    with running_server(create_app(tiny_backend, "mv-tiny")) as url:
        yield url
