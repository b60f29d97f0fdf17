"""Log in and out with a server-side session cookie (the pages); scripts use API tokens.

The login form carries a CSRF token bound to a pre-login cookie (so another site cannot log a
victim into an account of its choosing); a successful login starts a new session (a session
id fixed before login is never reused) and sets the session's own CSRF token in the readable
`loopline_csrf` cookie for the pages' JS. Failed attempts are rate-limited per address and
per user name.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from loopline.annotate.users import AuthError, authenticate_password, create_session, end_session, session_user
from loopline.web.deps import CSRF_COOKIE, SESSION_COOKIE, DbDep, Templates, WorkspaceDep, _check_csrf

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never `//evil.example`, `https://...`, nor a path with a tab or
    newline in it (browsers drop those, so `/<tab>/evil.example` would become `//evil.example`)."""
    if not target or not target.startswith("/") or "\\" in target or any(c < " " or c == "\x7f" for c in target):
        return "/"
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc:
        return "/"
    return target


def secure(request: Request) -> bool:
    mode = request.app.state.settings.secure_cookies
    return mode == "always" or (mode == "auto" and request.url.scheme == "https")


def _form(
    request: Request, templates: Templates, *, csrf: str, next_url: str, error: str | None = None,
    username: str = "", status: int = 200,
) -> Response:
    # The template's context processor reads the token from request.state; without this it
    # would mint a different one than the cookie set below on a first visit.
    request.state.csrf = csrf
    response = templates.TemplateResponse(
        request, "login.html",
        {"user": None, "csrf_token": csrf, "next": next_url, "error": error, "username": username},
        status_code=status,
    )
    response.set_cookie(CSRF_COOKIE, csrf, httponly=False, samesite="lax", secure=secure(request))
    return response


@router.get("/login")
async def login_page(request: Request, templates: Templates, next: str = "/") -> Response:
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    return _form(request, templates, csrf=csrf, next_url=safe_next(next))


@router.post("/login")
async def login(
    request: Request, templates: Templates, ws: WorkspaceDep, db: DbDep,
    username: Annotated[str, Form(max_length=200)], password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    next_url = safe_next(next)
    fresh = secrets.token_urlsafe(32)
    if not cookie or not hmac.compare_digest(cookie.encode(), csrf_token.encode()):
        return _form(request, templates, csrf=fresh, next_url=next_url, username=username, status=403,
                     error="The form expired; please try again.")
    limiter = request.app.state.limiter
    keys = (f"ip:{request.client.host if request.client else '?'}", f"user:{username}")
    wait = limiter.retry_after(*keys)
    if wait > 0:
        response = _form(request, templates, csrf=cookie, next_url=next_url, username=username, status=429,
                         error=f"Too many failed logins; try again in {int(wait) + 1} s.")
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    try:
        user = await db(authenticate_password, ws, username, password)
    except AuthError:
        limiter.failed(*keys)
        return _form(request, templates, csrf=cookie, next_url=next_url, username=username, status=401,
                     error="Wrong user name or password.")
    limiter.succeeded(keys[1])
    days = request.app.state.settings.session_days
    session_id, session_csrf = await db(create_session, ws, user.id, seconds=int(days * 86400))
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(SESSION_COOKIE, session_id, max_age=int(days * 86400), httponly=True,
                        samesite="lax", secure=secure(request))
    response.set_cookie(CSRF_COOKIE, session_csrf, max_age=int(days * 86400), httponly=False,
                        samesite="lax", secure=secure(request))
    return response


@router.post("/logout")
async def logout(request: Request, ws: WorkspaceDep, db: DbDep) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    found = session_user(ws, session_id) if session_id else None
    if session_id and found is not None:
        await _check_csrf(request, found[1])
        await db(end_session, ws, session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response
