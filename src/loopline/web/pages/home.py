"""`/`: managers go to their projects, annotators see the projects they may work on."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from loopline.web.deps import CsrfToken, DbDep, PageUser, Templates, WorkspaceDep
from loopline.web.pages._render import STAFF, render
from loopline.web.pages.summaries import project_summaries

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, user: PageUser, ws: WorkspaceDep, db: DbDep, templates: Templates, csrf: CsrfToken
) -> Response:
    if user.role in STAFF:
        return RedirectResponse("/manage", status_code=303)
    projects = await db(project_summaries, ws, user)
    return render(request, templates, "home.html", user=user, csrf_token=csrf, projects=projects)
