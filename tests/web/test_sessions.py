"""Login with a session cookie, CSRF on state-changing calls, logout, rate limiting."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import PASSWORD


def _login(http: httpx.Client, url: str, user: str, password: str = PASSWORD, **headers: str) -> httpx.Response:
    page = http.get(url + "/login")
    csrf = page.cookies.get("loopline_csrf") or http.cookies.get("loopline_csrf")
    return http.post(url + "/login", data={"username": user, "password": password, "csrf_token": csrf,
                                            "next": "/manage"}, headers=headers, follow_redirects=False)


@pytest.fixture
def database_url(tmp_path):
    """Cookies and CSRF do not depend on the database: SQLite only."""
    return f"sqlite:///{tmp_path / 'loopline.db'}"


@pytest.fixture
def http():
    with httpx.Client() as client:
        yield client


def test_login_sets_httponly_lax_session_cookie(site, http):
    """A right password redirects to `next` with an HttpOnly, SameSite=Lax session cookie."""
    r = _login(http, site.url, "ann1")
    assert r.status_code == 303 and r.headers["location"] == "/manage"
    cookies = {c.split("=", 1)[0]: c.lower() for c in r.headers.get_list("set-cookie")}
    assert "httponly" in cookies["loopline_session"] and "samesite=lax" in cookies["loopline_session"]
    assert "secure" not in cookies["loopline_session"]  # plain HTTP
    assert "httponly" not in cookies["loopline_csrf"]  # the pages' JS reads it
    assert http.get(site.url + "/api/v1/me").json()["name"] == "ann1"


def test_session_cookie_is_secure_over_https(site, http):
    """Behind a TLS proxy (X-Forwarded-Proto from 127.0.0.1) the cookie gets Secure."""
    r = _login(http, site.url, "ann1", **{"X-Forwarded-Proto": "https"})
    session = [c for c in r.headers.get_list("set-cookie") if c.startswith("loopline_session=")][0]
    assert "secure" in session.lower()


def test_login_without_csrf_token_is_refused(site, http):
    """A login form posted without the matching CSRF token starts no session."""
    r = http.post(site.url + "/login", data={"username": "ann1", "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403 and "loopline_session" not in r.cookies


def test_wrong_password_is_refused(site, http):
    assert _login(http, site.url, "ann1", "wrong password").status_code == 401
    assert http.get(site.url + "/api/v1/me").status_code == 401


def test_cookie_calls_that_change_state_need_the_csrf_header(site, http):
    """With the session cookie, POST without X-CSRF-Token (or with a wrong one) is 403."""
    _login(http, site.url, "ann1")
    next_url = site.url + "/api/v1/projects/alpha/tasks/next"
    assert http.post(next_url).status_code == 403
    assert http.post(next_url, headers={"X-CSRF-Token": "nope"}).status_code == 403
    good = http.post(next_url, headers={"X-CSRF-Token": http.cookies["loopline_csrf"]})
    assert good.status_code == 200 and good.json()["task"] is not None
    assert http.get(site.url + "/api/v1/me").status_code == 200  # reads need no token


def test_bearer_calls_need_no_csrf(site, http):
    r = http.post(site.url + "/api/v1/projects/alpha/tasks/next", headers={"Authorization": f"Bearer {site.tokens['ann1']}"})
    assert r.status_code == 200


def test_login_starts_a_fresh_session_id(site, http):
    """A session id planted before login is not the one used after it (no fixation)."""
    http.cookies.set("loopline_session", "planted-by-attacker", domain="127.0.0.1")
    r = _login(http, site.url, "ann1")
    assert r.cookies["loopline_session"] != "planted-by-attacker"
    planted = httpx.get(site.url + "/api/v1/me", cookies={"loopline_session": "planted-by-attacker"})
    assert planted.status_code == 401


def test_logout_needs_csrf_and_ends_the_session(site, http):
    _login(http, site.url, "ann1")
    session = http.cookies["loopline_session"]
    assert http.post(site.url + "/logout", follow_redirects=False).status_code == 403
    r = http.post(site.url + "/logout", data={"csrf_token": http.cookies["loopline_csrf"]}, follow_redirects=False)
    assert r.status_code == 303
    stolen = httpx.get(site.url + "/api/v1/me", cookies={"loopline_session": session})
    assert stolen.status_code == 401  # the old cookie is dead server-side too


def test_failed_logins_are_rate_limited(site, http):
    """After 3 failures (the test setting), even the right password gets 429 for a while."""
    for _ in range(3):
        assert _login(http, site.url, "ann2", "bad password").status_code == 401
    r = _login(http, site.url, "ann2")
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert _login(http, site.url, "ann1").status_code == 429  # same address, other user name


def test_password_change_ends_sessions(site, http):
    from loopline.annotate.users import set_password

    _login(http, site.url, "ann1")
    set_password(site.ws, "ann1", "another long password")
    assert http.get(site.url + "/api/v1/me").status_code == 401
