"""Property-based requests from the OpenAPI schema (schemathesis): no input gives a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from loopline.annotate import users
from loopline.annotate.workspace import init_workspace
from loopline.web.app import create_app
from loopline.web.settings import WebSettings
from tests.web.conftest import seed


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    root = tmp_path_factory.mktemp("schemathesis")
    ws, _, _ = init_workspace(root)
    seed(ws)
    admin = users.get_annotator(ws, "admin")
    for i in range(30):  # so a generated DELETE /tokens/{small id} does not hit the admin's
        users.create_token(ws, users.get_annotator(ws, "ann1").id, f"t{i}")
    token = users.create_token(ws, admin.id, "schemathesis")[1]
    app = create_app(WebSettings(workspace=root), ws)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    schema.config.phases.coverage.enabled = False  # the fuzzing phase alone keeps this to seconds
    yield schema, token
    ws.close()


@pytest.fixture
def api_schema(api):
    return api[0]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, api):
    """Whatever the schema allows (and slightly more), the server answers without a 5xx."""
    case.call_and_validate(headers={"Authorization": f"Bearer {api[1]}"}, checks=[not_a_server_error])
