"""Every error leaves as `application/problem+json` with the field path of what was wrong.

Service errors (loopline.core.errors and the auth errors) map to statuses here, so routes
never build error responses themselves.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from loopline.annotate.users import AuthError, ForbiddenError
from loopline.core.errors import (
    ConflictError,
    InputError,
    LooplineError,
    NotFoundError,
    ValidationError,
)

PROBLEM = "application/problem+json"
TITLES = {
    400: "Bad request", 401: "Not authenticated", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 409: "Conflict", 413: "Too large", 415: "Unsupported media type",
    422: "Invalid input", 429: "Too many requests", 500: "Server error",
}


class LoginRequired(Exception):
    """A page needs a logged-in user: the handler redirects to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class TooManyRequests(LooplineError):
    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def field_loc(path: str | None) -> list[str | int]:
    """'answers.rank.2' -> ['answers', 'rank', 2]."""
    if not path:
        return []
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def problem(
    status: int, detail: str | None = None, errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {
        "type": "about:blank", "title": TITLES.get(status, "Error"), "status": status,
        "detail": detail, "errors": errors or [],
    }
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM, headers=headers)


def _loopline_error(_: Request, exc: Exception) -> Response:
    if isinstance(exc, ValidationError):
        return problem(422, str(exc), [{"loc": field_loc(exc.field), "msg": exc.message}])
    if isinstance(exc, InputError):
        loc: list[str | int] = []
        if exc.location.file:
            loc.append(exc.location.file)
        if exc.location.line is not None:
            loc.append(exc.location.line)
        loc += field_loc(exc.location.field)
        return problem(422, str(exc), [{"loc": loc, "msg": exc.message}])
    if isinstance(exc, NotFoundError):
        return problem(404, str(exc))
    if isinstance(exc, ConflictError):
        return problem(409, str(exc))
    if isinstance(exc, AuthError):
        return problem(401, str(exc), headers={"WWW-Authenticate": "Bearer"})
    if isinstance(exc, ForbiddenError):
        return problem(403, str(exc))
    if isinstance(exc, TooManyRequests):
        return problem(429, str(exc), headers={"Retry-After": str(max(1, int(exc.retry_after + 0.999)))})
    return problem(400, str(exc))


def _request_validation(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "invalid")} for e in exc.errors()]
    return problem(422, "the request does not match the schema", errors)


def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


def _login_required(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/login?next={quote(exc.next_url, safe='/')}", status_code=303)


def _server_error(_: Request, exc: Exception) -> Response:
    return problem(500, "the server failed; the error is in its log")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LooplineError, _loopline_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(Exception, _server_error)
