"""The pages over plain HTTP (no browser): login redirects, roles, membership, resumed leases.
Runs on SQLite and PostgreSQL through the `site` fixture."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator

import httpx
import pytest

from loopline.client import Client
from tests.web.conftest import PASSWORD


@contextlib.contextmanager
def logged_in(url: str, user: str) -> Iterator[httpx.Client]:
    """A client holding a session cookie (logged in through the login form)."""
    with httpx.Client(base_url=url) as client:
        client.get("/login")
        client.post("/login", data={
            "username": user, "password": PASSWORD, "csrf_token": client.cookies["loopline_csrf"], "next": "/",
        })
        assert "loopline_session" in client.cookies
        yield client


def test_pages_send_strangers_to_the_login(site):
    """Without a session a page redirects to the login page, keeping where it was going."""
    response = httpx.get(site.url + "/manage/projects/alpha")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/manage/projects/alpha"


@pytest.mark.parametrize("path", ["/manage", "/manage/projects/alpha", "/manage/users", "/manage/datasets"])
def test_admin_sees_every_manager_page(site, path):
    """Admins get each manager page, with the CSRF meta tag the forms use."""
    with logged_in(site.url, "admin") as client:
        response = client.get(path)
    assert response.status_code == 200
    assert f'<meta name="csrf-token" content="{client.cookies["loopline_csrf"]}">' in response.text


def test_roles_and_membership(site):
    """Reviewers manage their projects only; annotators get 403; other projects are 404."""
    with logged_in(site.url, "reviewer") as client:
        assert client.get("/manage/projects/alpha").status_code == 200
        assert client.get("/manage/projects/beta").status_code == 404
        assert client.get("/manage/users").status_code == 403
        assert "alpha" in client.get("/manage").text and "beta" not in client.get("/manage").text
    with logged_in(site.url, "ann1") as client:
        assert client.get("/manage").status_code == 403
        assert client.get("/annotate/beta").status_code == 404
        home = client.get("/")
        assert home.status_code == 200 and "/annotate/alpha" in home.text


def test_annotate_page_resumes_the_held_task(site):
    """A task leased before the page loads is in the page's config, so a reload resumes it."""
    with Client(site.url, site.tokens["ann1"]) as api:
        task = api.next_task("alpha")
    with logged_in(site.url, "ann1") as client:
        page = client.get("/annotate/alpha").text
    config = json.loads(re.search(r'id="annotate-config">(.*?)</script>', page, re.DOTALL).group(1))
    assert [t["id"] for t in config["leases"]] == [task.id]
    assert config["questions"][0]["name"] == "rank" and config["user"]["name"] == "ann1"
