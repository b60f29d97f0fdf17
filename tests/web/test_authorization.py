"""Every role against every API endpoint, including other projects' data and other
annotators' answers. Roles: admin; reviewer, ann1 (members of alpha); outsider (member of
beta only); anonymous."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import httpx

from loopline.annotate import queue
from loopline.annotate.annotators import get_annotator
from loopline.annotate.export import export_dataset
from loopline.annotate.projects import get_project
from loopline.annotate.users import list_tokens

ROLES = ("anon", "outsider", "ann1", "reviewer", "admin")  # least privileged first


@dataclass
class Case:
    method: str
    route: str  # the route's template, checked against the app's routes
    path: str
    expect: tuple[int, int, int, int, int]  # in ROLES order
    body: Any = None
    upload: bool = False


def _fixtures(site) -> dict[str, Any]:
    ws = site.ws
    alpha = get_project(ws, "alpha")
    ann1, ann2 = get_annotator(ws, "ann1"), get_annotator(ws, "ann2")
    for who in (ann1, ann2):
        lease = queue.claim(ws, alpha.id, who.id)
        queue.submit(ws, alpha.id, who.id, lease.task_id, {"rank": [1, 2]}, client_key=f"seed-{who.name}")
    held = queue.claim(ws, alpha.id, ann2.id)  # ann2 holds this one
    dataset = export_dataset(ws, "alpha", "raw", include_partial=True)
    token_id = list_tokens(ws, ann2.id)[0][0].id
    return {"held": held.task_id, "dataset": dataset.id, "token": token_id}


def _cases(f: dict[str, Any]) -> list[Case]:
    held, ds, tok = f["held"], f["dataset"], f["token"]
    definition = {"questions": [{"type": "rating", "name": "score"}]}
    return [
        Case("GET", "/api/v1/me", "/me", (401, 200, 200, 200, 200)),
        Case("GET", "/api/v1/users", "/users", (401, 403, 403, 403, 200)),
        Case("POST", "/api/v1/users", "/users", (401, 403, 403, 403, 201), {"name": "{role}-made"}),
        Case("PATCH", "/api/v1/users/{name}", "/users/ann2", (401, 403, 403, 403, 200), {"languages": ["en"]}),
        Case("POST", "/api/v1/users/{name}/tokens", "/users/ann2/tokens", (401, 404, 404, 404, 201), {"name": "x"}),
        Case("GET", "/api/v1/users/{name}/tokens", "/users/ann2/tokens", (401, 404, 404, 404, 200)),
        Case("GET", "/api/v1/projects", "/projects", (401, 200, 200, 200, 200)),
        Case("POST", "/api/v1/projects", "/projects", (401, 403, 403, 403, 201), {**definition, "name": "{role}-new"}),
        Case("GET", "/api/v1/projects/{name}", "/projects/alpha", (401, 404, 200, 200, 200)),
        Case("GET", "/api/v1/projects/{name}", "/projects/beta", (401, 200, 404, 404, 200)),
        Case("PATCH", "/api/v1/projects/{name}", "/projects/alpha", (401, 403, 403, 403, 200), {"guidelines": "Be kind."}),
        Case("GET", "/api/v1/projects/{name}/members", "/projects/alpha/members", (401, 404, 403, 200, 200)),
        Case("PUT", "/api/v1/projects/{name}/members/{user}", "/projects/alpha/members/ann2", (401, 403, 403, 403, 200)),
        Case("DELETE", "/api/v1/projects/{name}/members/{user}", "/projects/beta/members/reviewer", (401, 403, 403, 403, 404)),
        Case("POST", "/api/v1/projects/{name}/records", "/projects/alpha/records", (401, 403, 403, 403, 200), upload=True),
        Case("POST", "/api/v1/projects/{name}/tasks/next", "/projects/alpha/tasks/next", (401, 404, 200, 200, 200)),
        Case("POST", "/api/v1/projects/{name}/tasks/next", "/projects/beta/tasks/next", (401, 200, 404, 404, 200)),
        Case("POST", "/api/v1/tasks/{task_id}/heartbeat", f"/tasks/{held}/heartbeat", (401, 404, 409, 409, 409)),
        Case("POST", "/api/v1/tasks/{task_id}/submit", f"/tasks/{held}/submit", (401, 404, 409, 409, 409),
             {"answers": {"rank": [1, 2]}, "client_key": "{role}-k"}),
        Case("POST", "/api/v1/tasks/{task_id}/skip", f"/tasks/{held}/skip", (401, 404, 409, 409, 409)),
        Case("GET", "/api/v1/projects/{name}/annotations", "/projects/alpha/annotations", (401, 404, 200, 200, 200)),
        Case("GET", "/api/v1/projects/{name}/stats", "/projects/alpha/stats", (401, 404, 403, 200, 200)),
        Case("POST", "/api/v1/projects/{name}/datasets", "/projects/alpha/datasets", (401, 404, 403, 201, 201),
             {"format": "raw", "include_partial": True}),
        Case("GET", "/api/v1/datasets", "/datasets", (401, 403, 403, 200, 200)),
        Case("GET", "/api/v1/datasets/{dataset_id}", f"/datasets/{ds}", (401, 403, 403, 200, 200)),
        Case("GET", "/api/v1/datasets/{dataset_id}/download", f"/datasets/{ds}/download", (401, 403, 403, 200, 200)),
        Case("DELETE", "/api/v1/tokens/{token_id}", f"/tokens/{tok}", (401, 404, 404, 404, 204)),
        # review queue and gold tasks (Q2)
        Case("GET", "/api/v1/projects/{name}/reviews/next", "/projects/alpha/reviews/next", (401, 404, 403, 200, 200)),
        Case("POST", "/api/v1/reviews/{review_id}", "/reviews/999999", (401, 403, 403, 404, 404), {"verdict": "accept"}),
        Case("GET", "/api/v1/projects/{name}/reviews/counts", "/projects/alpha/reviews/counts", (401, 404, 403, 200, 200)),
        Case("GET", "/api/v1/projects/{name}/gold", "/projects/alpha/gold", (401, 404, 403, 200, 200)),
        Case("POST", "/api/v1/projects/{name}/gold", "/projects/alpha/gold", (401, 404, 403, 403, 200),
             {"items": [{"record": {"prompt": "gold", "responses": [{"content": "a"}, {"content": "b"}]}, "gold": {"rank": [1, 2]}}]}),
    ]


def _call(http: httpx.Client, site, role: str, case: Case) -> httpx.Response:
    headers = {} if role == "anon" else {"Authorization": f"Bearer {site.tokens[role]}"}
    kwargs: dict[str, Any] = {"headers": headers}
    if case.upload:
        kwargs["files"] = {"file": ("more.jsonl", io.BytesIO(b'{"prompt": "new", "responses": ["a", "b"]}\n'))}
    elif case.body is not None:
        kwargs["json"] = {k: v.replace("{role}", role) if isinstance(v, str) else v for k, v in case.body.items()}
    return http.request(case.method, site.url + "/api/v1" + case.path, **kwargs)


def test_every_role_against_every_endpoint(site):
    """Each role gets exactly the status the access rules give it, on every API route."""
    cases = _cases(_fixtures(site))
    app_routes = {(m.upper(), path) for path, ops in site.app.openapi()["paths"].items() for m in ops}
    assert app_routes == {(c.method, c.route) for c in cases}, "a route has no row in the matrix"
    wrong = []
    http = httpx.Client()
    for case in cases:
        for role, expected in zip(ROLES, case.expect):
            response = _call(http, site, role, case)
            if response.status_code != expected:
                wrong.append(f"{role} {case.method} {case.path}: {response.status_code} != {expected} {response.text[:150]}")
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json")
    assert not wrong, "\n".join(wrong)


def test_lists_show_only_what_the_role_may_see(site):
    """Annotators list only their projects and their own answers; reviewers everyone's."""
    _fixtures(site)

    http = httpx.Client()

    def get(role: str, path: str) -> Any:
        r = http.get(site.url + "/api/v1" + path, headers={"Authorization": f"Bearer {site.tokens[role]}"})
        assert r.status_code == 200, r.text
        return r.json()

    assert [p["name"] for p in get("outsider", "/projects")["items"]] == ["beta"]
    assert [p["name"] for p in get("ann1", "/projects")["items"]] == ["alpha"]
    assert {p["name"] for p in get("admin", "/projects")["items"]} == {"alpha", "beta"}
    assert {a["annotator"] for a in get("ann1", "/projects/alpha/annotations")["items"]} == {"ann1"}
    assert {a["annotator"] for a in get("reviewer", "/projects/alpha/annotations")["items"]} == {"ann1", "ann2"}
    assert get("ann1", "/me") == {"id": get("ann1", "/me")["id"], "name": "ann1", "role": "annotator", "projects": ["alpha"]}


def test_task_shows_the_record_and_nothing_else(site):
    """A claimed task carries the record only: no answers of others, no gold, no counters."""
    _fixtures(site)
    r = httpx.post(site.url + "/api/v1/projects/alpha/tasks/next", headers={"Authorization": f"Bearer {site.tokens['ann1']}"})
    task = r.json()["task"]
    assert set(task) == {"id", "project", "record", "expires_at", "lease_seconds"}
    assert set(task["record"]) <= {"prompt", "messages", "responses", "metadata", "source"}
