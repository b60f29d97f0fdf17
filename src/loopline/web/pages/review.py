"""The reviewer page: one annotation at a time, keyboard first (a accept, r reject, c correct).

A shell rendered with the project's questions; its ES module takes items from the review
queue and posts verdicts through the REST API (`web/api/review.py`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from loopline.web.deps import CsrfToken, PageProject, PageUser, Templates
from loopline.web.pages._render import STAFF, markdown, refuse, render

router = APIRouter()


@router.get("/review/{project}", response_class=HTMLResponse)
async def review_page(request: Request, project: PageProject, user: PageUser, templates: Templates, csrf: CsrfToken) -> HTMLResponse:
    """Review a project's annotations (reviewers and admins)."""
    refused = refuse(request, templates, user, csrf, *STAFF)
    if refused is not None:
        return refused
    definition = project.definition
    config = {
        "project": project.name,
        "user": {"id": user.id, "name": user.name},
        "questions": [q.model_dump(mode="json") for q in definition.questions],
    }
    return render(
        request, templates, "review.html", user=user, csrf_token=csrf,
        project=project, config=config, guidelines=markdown(definition.guidelines),
    )
