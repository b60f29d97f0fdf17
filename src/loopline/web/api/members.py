"""Project membership: who sees and works on a project (admins see every project)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from loopline.annotate import users
from loopline.web.api._common import ERRORS, PagingDep
from loopline.web.deps import AdminUser, DbDep, ProjectMember, StaffUser, WorkspaceDep
from loopline.web.schemas import MemberAdded, MemberPublic, Page

router = APIRouter(prefix="/projects/{name}/members", tags=["members"], responses=ERRORS)


@router.get("", response_model=Page[MemberPublic])
async def list_(project: ProjectMember, _: StaffUser, ws: WorkspaceDep, db: DbDep, paging: PagingDep) -> dict[str, Any]:
    """The project's members (admins and reviewers)."""
    items, total = await db(users.list_members, ws, project.name, limit=paging.limit, offset=paging.offset)
    return paging.page(items, total)


@router.put("/{user}", response_model=MemberAdded)
async def add(name: str, user: str, _: AdminUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Make a user a member of the project (admins); doing it twice is harmless."""
    added = await db(users.add_member, ws, name, user)
    return {"project": name, "user": user, "added": added}


@router.delete("/{user}", status_code=204)
async def remove(name: str, user: str, _: AdminUser, ws: WorkspaceDep, db: DbDep) -> Response:
    """Remove a user from the project (admins)."""
    await db(users.remove_member, ws, name, user)
    return Response(status_code=204)
