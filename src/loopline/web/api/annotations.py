"""Annotations and project statistics, by role: an annotator reads only their own answers."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter

from loopline.annotate.stats import list_annotations, project_stats
from loopline.web.api._common import ERRORS, PagingDep
from loopline.web.deps import CurrentUser, DbDep, ProjectMember, StaffUser, WorkspaceDep
from loopline.web.schemas import AnnotationPublic, Page, StatsPublic

router = APIRouter(prefix="/projects/{name}", tags=["annotations"], responses=ERRORS)


@router.get("/annotations", response_model=Page[AnnotationPublic])
async def list_(
    project: ProjectMember, user: CurrentUser, ws: WorkspaceDep, db: DbDep, paging: PagingDep
) -> dict[str, Any]:
    """Newest first. Admins and reviewers see everyone's; annotators only their own."""
    only = None if user.role in ("admin", "reviewer") else user.id
    items, total = await db(
        list_annotations, ws, project.name, annotator_id=only, limit=paging.limit, offset=paging.offset
    )
    return paging.page(items, total)


@router.get("/stats", response_model=StatsPublic)
async def stats(project: ProjectMember, _: StaffUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Counts per status, per-annotator totals and median seconds, throughput per hour."""
    return asdict(await db(project_stats, ws, project.name))
