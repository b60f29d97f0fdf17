"""Through a real server: gold tasks look exactly like normal ones to an annotator, and only
reviewers and admins reach the review queue and gold answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from loopline.annotate.gold import add_gold, gold_answers
from loopline.annotate.projects import get_project, update_project
from loopline.core.records import Record
from loopline.web.app import create_app
from loopline.web.settings import WebSettings
from tests.utils.factories import make_record, queue_records
from tests.utils.server import running_server
from tests.web.conftest import seed


@pytest.fixture
def server(workspace) -> Iterator[tuple[str, dict[str, str]]]:
    tokens = seed(workspace)
    update_project(workspace, "alpha", {"gold_rate": 0.5, "overlap": 2, "review": {"rate": 1.0}})
    queue_records(workspace, get_project(workspace, "alpha"), [make_record(50 + i) for i in range(20)])
    add_gold(workspace, "alpha", [
        (Record(prompt=f"prompt g{i}", responses=[{"content": f"response g{i}.0"}, {"content": f"response g{i}.1"}]), {"rank": [2, 1]})
        for i in range(20)
    ])
    app = create_app(WebSettings(workspace=workspace.root), workspace)
    with running_server(app) as url:
        yield url, tokens


def _client(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=10)


def _shape(value: Any) -> Any:
    """The structure of a JSON value: keys and types, not contents."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(v) for v in value[:1]]
    return type(value).__name__


def test_gold_tasks_are_blind_through_the_api(server, workspace):
    """Gold and normal tasks have identical JSON shapes; nothing in a gold task's JSON differs
    from how the same record would be served as a normal task, and no answer leaks."""
    url, tokens = server
    gold = gold_answers(workspace, "alpha")
    seen: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    submits: dict[bool, set[str]] = {True: set(), False: set()}
    with _client(url, tokens["ann1"]) as api:
        task = api.post("/projects/alpha/tasks/next").json()["task"]
        while task is not None:
            is_gold = task["id"] in gold
            seen[is_gold].append(task)
            body = api.post(f"/tasks/{task['id']}/submit", json={"answers": {"rank": [1, 2]}, "client_key": f"k{task['id']}", "claim_next": True}).json()
            submits[is_gold].add(orjson.dumps(_shape({k: v for k, v in body.items() if k != "next"})).decode())
            task = body["next"]
    assert len(seen[True]) >= 3 and len(seen[False]) >= 10
    shapes = {orjson.dumps(_shape(t)).decode() for t in seen[True] + seen[False]}
    assert len(shapes) == 1  # one shape for every task, gold or not
    assert submits[True] == submits[False]
    for task in seen[True]:
        record = Record.model_validate(task["record"])
        assert task["record"] == record.model_dump(mode="json", exclude_none=True)  # exactly the record, nothing added
        assert task["record"]["metadata"] == {} and set(task) == {"id", "project", "record", "expires_at", "lease_seconds"}
        assert "gold" not in orjson.dumps(task).decode()
    # every gold task served at most once to this annotator
    assert len({t["id"] for t in seen[True]}) == len(seen[True])


def test_annotators_cannot_reach_review_or_gold(server):
    """403 for annotators on every review and gold route; gold writes are admin-only."""
    url, tokens = server
    with _client(url, tokens["ann1"]) as api:
        assert api.get("/projects/alpha/reviews/next").status_code == 403
        assert api.post("/reviews/1", json={"verdict": "accept"}).status_code == 403
        assert api.get("/projects/alpha/gold").status_code == 403
        assert api.get("/projects/alpha/reviews/counts").status_code == 403
        assert api.post("/projects/alpha/gold", json={"items": [{"record": {"prompt": "x"}, "gold": {"rank": [1]}}]}).status_code == 403
        assert api.get("/projects/alpha").json()["progress"]["total"] == 26  # gold tasks are not counted
    with _client(url, tokens["reviewer"]) as api:
        assert api.get("/projects/alpha/gold").status_code == 200
        assert api.post("/projects/alpha/gold", json={"items": [{"record": {"prompt": "x", "responses": [{"content": "a"}, {"content": "b"}]}, "gold": {"rank": [1, 2]}}]}).status_code == 403
    with _client(url, tokens["outsider"]) as api:
        assert api.get("/projects/alpha/reviews/next").status_code in (403, 404)


def test_review_over_http(server):
    """A reviewer takes an annotation, corrects it (422 on a bad answer), then rejects one."""
    url, tokens = server
    with _client(url, tokens["ann1"]) as api:
        task = api.post("/projects/alpha/tasks/next").json()["task"]
        n = len(task["record"]["responses"])
        api.post(f"/tasks/{task['id']}/submit", json={"answers": {"rank": list(range(1, n + 1))}, "client_key": "a1", "claim_next": True})
    with _client(url, tokens["reviewer"]) as api:
        item = api.get("/projects/alpha/reviews/next").json()["review"]
        assert item["annotator"] == "ann1" and item["status"] == "leased"
        bad = api.post(f"/reviews/{item['id']}", json={"verdict": "correct", "correction": {"rank": [9]}})
        assert bad.status_code == 422 and bad.json()["errors"][0]["loc"][:2] == ["correction", "rank"]
        fixed = list(reversed(range(1, n + 1)))
        done = api.post(f"/reviews/{item['id']}", json={"verdict": "correct", "correction": {"rank": fixed}}).json()
        assert done["status"] == "corrected" and done["correction"] == {"rank": fixed} and done["answers"]["rank"] != fixed
        assert api.get("/projects/alpha/reviews/counts").json()["corrected"] == 1
