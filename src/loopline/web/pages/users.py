"""User administration (admins): create users, change roles, add them to projects, pause them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from loopline.annotate.annotators import ROLES
from loopline.annotate.projects import list_projects
from loopline.annotate.users import list_users, project_names
from loopline.annotate.workspace import Workspace
from loopline.web.deps import CsrfToken, DbDep, PageUser, Templates, WorkspaceDep
from loopline.web.pages._render import refuse, render

router = APIRouter(prefix="/manage")
PAGE = 100


def _users_page(ws: Workspace, offset: int) -> dict[str, Any]:
    users, total = list_users(ws, limit=PAGE, offset=offset)
    return {
        "users": [(u, project_names(ws, u) if u.role != "admin" else ["(all)"]) for u in users],
        "total": total,
        "projects": [p.name for p in list_projects(ws)],
    }


@router.get("/users", response_class=HTMLResponse)
async def users_page(
    request: Request, user: PageUser, ws: WorkspaceDep, db: DbDep, templates: Templates,
    csrf: CsrfToken, offset: int = 0,
) -> Response:
    if denied := refuse(request, templates, user, csrf, "admin"):
        return denied
    data = await db(_users_page, ws, max(0, offset))
    return render(
        request, templates, "manage/users.html", user=user, csrf_token=csrf, roles=ROLES,
        offset=max(0, offset), page=PAGE, **data,
    )
