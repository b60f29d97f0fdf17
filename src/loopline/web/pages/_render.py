"""Rendering helpers the page routes share: the template context every page gets (user,
CSRF token), the refusal page for a role that may not look, and the guidelines' Markdown."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from loopline.annotate.annotators import AnnotatorInfo

STAFF = ("admin", "reviewer")


def render(
    request: Request,
    templates: Jinja2Templates,
    name: str,
    *,
    user: AnnotatorInfo | None,
    csrf_token: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"user": user, "csrf_token": csrf_token, **context}, status_code=status_code
    )


def refuse(
    request: Request, templates: Jinja2Templates, user: AnnotatorInfo, csrf_token: str, *roles: str
) -> HTMLResponse | None:
    """A 403 page unless the user has one of `roles`; None when they may go on."""
    if user.role in roles:
        return None
    return render(
        request, templates, "forbidden.html", user=user, csrf_token=csrf_token, status_code=403,
        needed=" or ".join(roles),
    )


@lru_cache(maxsize=1)
def _markdown_renderer() -> Any:
    from markdown_it import MarkdownIt

    # raw HTML off: guidelines are written by admins but still shown to everyone
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown(text: str) -> Markup:
    """Guidelines (Markdown) as safe HTML."""
    return Markup(_markdown_renderer().render(text or ""))
