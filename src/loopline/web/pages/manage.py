"""Manager pages for projects: the list with progress bars, and one project's dashboard
(counts, throughput plot, annotators, import, export, settings, members)."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from loopline.annotate.annotators import AnnotatorInfo
from loopline.annotate.export import FORMATS, list_datasets
from loopline.annotate.projects import ProjectInfo
from loopline.annotate.stats import project_stats
from loopline.annotate.users import list_members, list_users
from loopline.annotate.workspace import Workspace
from loopline.web.deps import CsrfToken, DbDep, PageProject, PageUser, Templates, WorkspaceDep
from loopline.web.pages._render import STAFF, markdown, refuse, render
from loopline.web.pages.plots import throughput_svg
from loopline.web.pages.summaries import project_summaries

router = APIRouter(prefix="/manage")
PLOT_HOURS = 72
LIST_LIMIT = 500


@router.get("", response_class=HTMLResponse)
async def projects_page(
    request: Request, user: PageUser, ws: WorkspaceDep, db: DbDep, templates: Templates, csrf: CsrfToken
) -> Response:
    if denied := refuse(request, templates, user, csrf, *STAFF):
        return denied
    projects = await db(project_summaries, ws, user)
    return render(request, templates, "manage/projects.html", user=user, csrf_token=csrf, projects=projects)


def _dashboard(ws: Workspace, project: ProjectInfo, user: AnnotatorInfo) -> dict[str, Any]:
    stats = project_stats(ws, project.name, hours=PLOT_HOURS)
    members, member_total = list_members(ws, project.name, limit=LIST_LIMIT)
    users = list_users(ws, limit=LIST_LIMIT)[0] if user.role == "admin" else []
    member_names = {m["name"] for m in members}
    datasets = [m for m in list_datasets(ws) if project.name in m.projects]
    return {
        "stats": stats,
        "annotators": [
            {"name": a.name, "annotations": a.annotations, "median_seconds": a.median_seconds,
             "last": time.strftime("%Y-%m-%d %H:%M", time.gmtime(a.last_at))}
            for a in stats.annotators
        ],
        "plot": throughput_svg(stats.throughput, hours=PLOT_HOURS),
        "members": members,
        "member_total": member_total,
        "candidates": [u for u in users if u.name not in member_names and u.active],
        "datasets": datasets,
    }


@router.get("/projects/{name}", response_class=HTMLResponse)
async def project_page(
    request: Request, project: PageProject, user: PageUser, ws: WorkspaceDep, db: DbDep,
    templates: Templates, csrf: CsrfToken,
) -> Response:
    if denied := refuse(request, templates, user, csrf, *STAFF):
        return denied
    data = await db(_dashboard, ws, project, user)
    return render(
        request, templates, "manage/project.html", user=user, csrf_token=csrf, project=project,
        definition=project.definition, guidelines=markdown(project.definition.guidelines),
        formats=FORMATS, **data,
    )
