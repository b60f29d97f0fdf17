"""Review queue and gold tasks: reviewers and admins only.

`GET /projects/{name}/reviews/next` leases the next annotation to review (or returns the one
the caller holds: a reload resumes it); `POST /reviews/{id}` records the verdict. Gold tasks'
known answers are read and added here too, never through the annotators' routes.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from loopline.annotate import gold, review
from loopline.core.errors import AnswerError
from loopline.core.records import Record
from loopline.web.api._common import ERRORS, RowId
from loopline.web.deps import AdminUser, DbDep, ProjectMember, StaffUser, WorkspaceDep

router = APIRouter(prefix="/api/v1", tags=["review"], responses=ERRORS)


class ReviewPublic(BaseModel):
    id: int
    project: str
    task_id: int
    annotation_id: int
    annotator: str
    reason: str = Field(description="sample, new_annotator, low_agreement, flagged or manual.")
    status: str = Field(description="pending, leased, accepted, rejected or corrected.")
    record: dict[str, Any]
    answers: dict[str, Any]
    correction: dict[str, Any] | None
    expires_at: float | None


class NextReview(BaseModel):
    review: ReviewPublic | None


class VerdictBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal["accept", "reject", "correct"]
    correction: dict[str, Any] | None = Field(default=None, description="The corrected answers (verdict 'correct' only).")
    comment: str | None = Field(default=None, max_length=10_000)


class GoldItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record: Record
    gold: dict[str, Any] = Field(description="Known answers keyed by question name.")


class GoldBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[GoldItem] = Field(min_length=1, max_length=10_000)


class GoldPublic(BaseModel):
    items: list[dict[str, Any]]


def _public(item: review.ReviewItem) -> dict[str, Any]:
    data = asdict(item)
    data["record"] = item.record.model_dump(mode="json", exclude_none=True)
    return data


@router.get("/projects/{name}/reviews/next", response_model=NextReview)
async def next_review(project: ProjectMember, user: StaffUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """The annotation the caller holds for review, else lease the oldest waiting one; null when
    none waits. A reviewer never gets their own annotations."""
    item = await db(review.next_review, ws, project.name, user)
    return {"review": _public(item) if item else None}


@router.post("/reviews/{review_id}", response_model=ReviewPublic)
async def decide(review_id: RowId, body: VerdictBody, user: StaffUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """accept, reject (the task goes back to the queue for another annotator) or correct
    (the corrected answers are stored beside the original; 422 with `errors[].loc` =
    ['correction', question, ...] when they do not fit)."""
    try:
        item = await db(review.decide, ws, review_id, user, body.verdict, correction=body.correction, comment=body.comment)
    except AnswerError as exc:
        raise exc.at("correction") from None
    return _public(item)


@router.get("/projects/{name}/reviews/counts", response_model=dict[str, int])
async def counts(project: ProjectMember, _: StaffUser, ws: WorkspaceDep, db: DbDep) -> dict[str, int]:
    """Reviews per status."""
    return await db(review.review_counts, ws, project.name)


@router.get("/projects/{name}/gold", response_model=GoldPublic)
async def list_gold(project: ProjectMember, _: StaffUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Every gold task of the project with its known answers."""
    found = await db(gold.gold_answers, ws, project.name)
    return {"items": [{"task_id": t, "gold": a} for t, a in sorted(found.items())]}


@router.post("/projects/{name}/gold", response_model=dict[str, Any])
async def add_gold(project: ProjectMember, _: AdminUser, body: GoldBody, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Add gold tasks (records with their known answers) to the project."""
    report = await db(gold.add_gold, ws, project.name, [(i.record, i.gold) for i in body.items])
    return asdict(report)
