"""Shared fixtures. Every store and queue test runs on SQLite and, when
LOOPLINE_TEST_DATABASE_URL is set, on PostgreSQL too (each test in a schema of its own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PG_URL = os.environ.get("LOOPLINE_TEST_DATABASE_URL")
DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_URL, reason="PostgreSQL tests need LOOPLINE_TEST_DATABASE_URL"),
        ],
    ),
]


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'loopline.db'}"
        return
    from tests.utils.postgres import temporary_schema

    with temporary_schema(PG_URL or "") as url:
        yield url


@pytest.fixture
def workspace(database_url: str, tmp_path: Path) -> Iterator["Workspace"]:  # noqa: F821
    from loopline.annotate.workspace import init_workspace

    ws, _, _ = init_workspace(tmp_path / "ws", database_url)
    yield ws
    ws.close()


@pytest.fixture
def unique_name() -> str:
    return "p" + uuid.uuid4().hex[:8]
