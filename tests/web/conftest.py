"""A real Uvicorn server on a free 127.0.0.1 port, over a workspace with two projects and
one user per role (plus an outsider who belongs to the other project)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from loopline.annotate import users
from loopline.annotate.workspace import Workspace
from loopline.web.app import create_app
from loopline.web.settings import WebSettings
from tests.utils.factories import make_project, make_record, queue_records
from tests.utils.server import running_server

PASSWORD = "correct horse battery"


@dataclass
class Site:
    url: str
    ws: Workspace
    app: object
    tokens: dict[str, str] = field(default_factory=dict)
    tasks: dict[str, list[int]] = field(default_factory=dict)


def seed(ws: Workspace) -> dict[str, str]:
    """Projects alpha and beta; admin, reviewer, ann1, ann2 in alpha; outsider in beta."""
    alpha = make_project(ws, "alpha")
    beta = make_project(ws, "beta")
    queue_records(ws, alpha, [make_record(i) for i in range(6)])
    queue_records(ws, beta, [make_record(100 + i) for i in range(3)])
    tokens = {}
    for name, role, project in [
        ("admin", "admin", None), ("reviewer", "reviewer", "alpha"), ("ann1", "annotator", "alpha"),
        ("ann2", "annotator", "alpha"), ("outsider", "annotator", "beta"),
    ]:
        user = users.create_user(ws, name, role=role, password=PASSWORD)
        if project:
            users.add_member(ws, project, name)
        tokens[name] = users.create_token(ws, user.id, "test")[1]
    return tokens


@pytest.fixture
def site(workspace: Workspace, tmp_path: Path) -> Iterator[Site]:
    tokens = seed(workspace)
    settings = WebSettings(workspace=workspace.root, login_attempts=3, login_window_seconds=60)
    app = create_app(settings, workspace)
    with running_server(app) as url:
        yield Site(url, workspace, app, tokens)
