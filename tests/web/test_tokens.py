"""API tokens: shown once, stored hashed, listed without secrets, revoked at once."""

from __future__ import annotations

from sqlalchemy import text

from loopline.client import ApiError, Client


def test_token_is_shown_once_and_stored_hashed(site):
    with Client(site.url, site.tokens["ann1"]) as api:
        created = api.create_token("ann1", "laptop")
        assert created.token.startswith("ll_") and created.prefix == created.token[:10]
        listed = api.tokens("ann1")
        assert listed.total == 2 and all("token" not in t.model_dump() for t in listed.items)
    with site.ws.database.read() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM api_token"))]
    assert created.token not in stored and all(len(h) == 64 for h in stored)
    with Client(site.url, created.token) as api:
        assert api.me().name == "ann1"


def test_revoked_token_stops_working_at_once(site):
    with Client(site.url, site.tokens["ann1"]) as api:
        created = api.create_token("ann1", "temp")
        api.revoke_token(created.id)
    with Client(site.url, created.token) as api:
        try:
            api.me()
            raise AssertionError("a revoked token still works")
        except ApiError as exc:
            assert exc.status == 401


def test_paused_user_token_is_refused(site):
    with Client(site.url, site.tokens["admin"]) as admin:
        admin.update_user("ann2", active=False)
    with Client(site.url, site.tokens["ann2"]) as api:
        try:
            api.me()
            raise AssertionError("a paused user's token still works")
        except ApiError as exc:
            assert exc.status == 401


def test_unknown_token_and_bad_scheme_are_401(site):
    import httpx

    assert httpx.get(site.url + "/api/v1/me", headers={"Authorization": "Bearer ll_nope"}).status_code == 401
    assert httpx.get(site.url + "/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401
