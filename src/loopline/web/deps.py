"""Typed dependencies shared by the API routes and the pages (`Annotated` aliases).

A user is found from `Authorization: Bearer <token>` or from the `loopline_session` cookie.
Calls made with the cookie that change state must prove they come from our own pages: they
carry the session's CSRF token in the `X-CSRF-Token` header (the pages' JS) or in a
`csrf_token` form field (plain forms). Bearer calls need no CSRF token: a browser never
attaches one by itself.

Every dependency here is `async def`: FastAPI runs a plain `def` dependency in a thread pool,
and a few such hops per request cost more than the claim itself.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from loopline.annotate.annotators import AnnotatorInfo
from loopline.annotate.projects import ProjectInfo, get_project
from loopline.annotate.users import (
    AuthError,
    ForbiddenError,
    can_see_project,
    session_user,
    user_for_token,
)
from loopline.annotate.workspace import Workspace
from loopline.core.errors import NotFoundError
from loopline.web.errors import LoginRequired
from loopline.web.runner import DbRunner

SESSION_COOKIE = "loopline_session"
CSRF_COOKIE = "loopline_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_workspace(request: Request) -> Workspace:
    return request.app.state.ws


async def get_db(request: Request) -> DbRunner:
    return request.app.state.db


async def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
DbDep = Annotated[DbRunner, Depends(get_db)]
Templates = Annotated[Jinja2Templates, Depends(get_templates)]


async def _check_csrf(request: Request, expected: str) -> None:
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get("csrf_token")  # type: ignore[assignment]
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise ForbiddenError("missing or wrong CSRF token (send the X-CSRF-Token header)")


async def _from_cookie(request: Request, ws: Workspace) -> AnnotatorInfo | None:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    found = session_user(ws, session_id)
    if found is None:
        return None
    user, csrf = found
    request.state.csrf = csrf
    await _check_csrf(request, csrf)
    return user


async def current_user(request: Request) -> AnnotatorInfo:
    """The caller, by bearer token or session cookie; 401 otherwise."""
    ws = request.app.state.ws
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise AuthError("use 'Authorization: Bearer <token>'")
        user = user_for_token(ws, token.strip())
        if user is None:
            raise AuthError("unknown or revoked token")
        return user
    user = await _from_cookie(request, ws)
    if user is None:
        raise AuthError("log in or send 'Authorization: Bearer <token>'")
    return user


async def page_user(request: Request) -> AnnotatorInfo:
    """The logged-in user of a page; a redirect to the login page otherwise."""
    user = await _from_cookie(request, request.app.state.ws)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return user


CurrentUser = Annotated[AnnotatorInfo, Depends(current_user)]
PageUser = Annotated[AnnotatorInfo, Depends(page_user)]


def require_role(*roles: str):  # type: ignore[no-untyped-def]
    """A dependency that lets only these roles through (403 for the others)."""

    async def check(user: CurrentUser) -> AnnotatorInfo:
        if user.role not in roles:
            raise ForbiddenError(f"this needs the role {' or '.join(roles)}; you are {user.role}")
        return user

    return check


AdminUser = Annotated[AnnotatorInfo, Depends(require_role("admin"))]
StaffUser = Annotated[AnnotatorInfo, Depends(require_role("admin", "reviewer"))]


def visible_project(ws: Workspace, user: AnnotatorInfo, name: str) -> ProjectInfo:
    """The project, if this user may see it; 404 (not 403) otherwise, so names do not leak."""
    try:
        project = get_project(ws, name)
    except NotFoundError:
        raise NotFoundError(f"no project named '{name}'") from None
    if not can_see_project(ws, user, project.id):
        raise NotFoundError(f"no project named '{name}'")
    return project


async def project_member(request: Request, user: CurrentUser) -> ProjectInfo:
    name = request.path_params.get("name") or request.path_params.get("project") or ""
    return visible_project(request.app.state.ws, user, name)


async def page_project(request: Request, user: PageUser) -> ProjectInfo:
    name = request.path_params.get("name") or request.path_params.get("project") or ""
    return visible_project(request.app.state.ws, user, name)


ProjectMember = Annotated[ProjectInfo, Depends(project_member)]
PageProject = Annotated[ProjectInfo, Depends(page_project)]


def csrf_token(request: Request) -> str:
    """The CSRF token for forms and `<meta name="csrf-token">`: the session's once logged in,
    the pre-login cookie's before (the login form)."""
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token:
        import secrets

        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    request.state.csrf = token
    return token


async def _csrf_dep(request: Request) -> str:
    return csrf_token(request)


CsrfToken = Annotated[str, Depends(_csrf_dep)]
