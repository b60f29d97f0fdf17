"""The annotator page: a shell rendered with the project's questions, guidelines and the
tasks this annotator already holds (so a reload resumes them); its ES module does the rest
through the REST API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from loopline.annotate.projects import ProjectInfo, project_progress
from loopline.annotate.queue import current_leases
from loopline.annotate.workspace import Workspace
from loopline.web.api._common import task_public
from loopline.web.deps import CsrfToken, DbDep, PageProject, PageUser, Templates, WorkspaceDep
from loopline.web.pages._render import markdown, render

router = APIRouter()


def _page_data(request: Request, ws: Workspace, project: ProjectInfo, user_id: int) -> dict[str, Any]:
    lease_seconds = project.definition.lease_seconds
    leases = current_leases(ws, project.id, user_id)
    counts = project_progress(ws, project.name)
    return {
        "leases": [task_public(request, project.name, lease_seconds, lease) for lease in leases],
        "progress": {"done": counts["done"], "total": counts["tasks"], "open": counts["open"]},
    }


@router.get("/annotate/{project}", response_class=HTMLResponse)
async def annotate_page(
    request: Request, project: PageProject, user: PageUser, ws: WorkspaceDep, db: DbDep,
    templates: Templates, csrf: CsrfToken,
) -> HTMLResponse:
    """One task at a time, keyboard first (see docs/annotating.md)."""
    definition = project.definition
    data = await db(_page_data, request, ws, project, user.id)
    config = {
        "project": project.name,
        "user": {"id": user.id, "name": user.name},
        "questions": [q.model_dump(mode="json") for q in definition.questions],
        "lease_seconds": definition.lease_seconds,
        **data,
    }
    return render(
        request, templates, "annotate.html", user=user, csrf_token=csrf,
        project=project, config=config, guidelines=markdown(definition.guidelines),
    )
