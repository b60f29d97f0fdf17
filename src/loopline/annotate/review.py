"""The review workflow: reviewers take annotations from a queue and accept, reject or correct.

- accept: the annotation stands as it is.
- reject: the annotation stops counting; its task gets a slot back, so the queue serves it to
  another annotator (never to the one rejected: they had it). The row stays, for the record.
- correct: the reviewer's answers are validated like a submit and stored beside the original
  (in the review), never over it; an export uses the correction in place of the original.

Which annotations come here is the project's `review` policy (`annotate/monitor.py` routes
them after each submit); `enqueue` sends any by hand. Reviewers hold an item for the project's
lease time; a lapsed hold goes back to the queue.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from loopline.annotate.annotators import AnnotatorInfo
from loopline.annotate.projects import get_project, get_project_by_id
from loopline.annotate.workspace import Workspace
from loopline.core.errors import ConflictError, NotFoundError, ValidationError
from loopline.core.questions import validate_answers
from loopline.core.records import Record
from loopline.store import reviews as store
from loopline.store.quality_tables import GOLD, HONEYPOT

Verdict = Literal["accept", "reject", "correct"]
VERDICTS: dict[str, str] = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
REVIEW_ROLES = ("admin", "reviewer")


@dataclass(frozen=True)
class ReviewItem:
    """An annotation under review: what the annotator saw and answered, and why it is here."""

    id: int
    project: str
    task_id: int
    annotation_id: int
    annotator: str
    reason: str
    status: str
    record: Record
    answers: dict[str, Any]
    correction: dict[str, Any] | None
    expires_at: float | None


def _item(ws: Workspace, row: dict[str, Any]) -> ReviewItem:
    project = get_project_by_id(ws, row["project_id"])
    return ReviewItem(
        row["id"], project.name, row["task_id"], row["annotation_id"], row["annotator"], row["reason"], row["status"],
        Record.model_validate(row["record"]), row["answers"] or {}, row["correction"], row["expires_at"],
    )


def _check_role(user: AnnotatorInfo) -> None:
    if user.role not in REVIEW_ROLES:
        from loopline.annotate.users import ForbiddenError

        raise ForbiddenError(f"reviewing needs the role reviewer or admin; you are {user.role}")


def next_review(ws: Workspace, project: str, reviewer: AnnotatorInfo) -> ReviewItem | None:
    """The item this reviewer holds in the project, else the oldest waiting one, or None.

    A reviewer never gets their own annotations."""
    _check_role(reviewer)
    info = get_project(ws, project)
    now = time.time()
    with ws.database.write() as conn:
        review_id = store.claim(conn=conn, project_id=info.id, reviewer_id=reviewer.id, expires_at=now + info.definition.lease_seconds, now=now)
        row = store.get_item(conn=conn, review_id=review_id) if review_id is not None else None
    return _item(ws, row) if row else None


def get_review(ws: Workspace, review_id: int) -> ReviewItem:
    with ws.database.read() as conn:
        row = store.get_item(conn=conn, review_id=review_id)
    if row is None:
        raise NotFoundError(f"no review {review_id}")
    return _item(ws, row)


def decide(
    ws: Workspace, review_id: int, reviewer: AnnotatorInfo, verdict: str, *,
    correction: dict[str, Any] | None = None, comment: str | None = None,
) -> ReviewItem:
    """Record the reviewer's verdict on an item they hold (admins may decide any leased item)."""
    _check_role(reviewer)
    if verdict not in VERDICTS:
        raise ValidationError(f"verdict must be one of {', '.join(VERDICTS)}; got {verdict!r}", field="verdict")
    now = time.time()
    with ws.database.write() as conn:
        row = store.get_item(conn=conn, review_id=review_id)
        if row is None:
            raise NotFoundError(f"no review {review_id}")
        normal = None
        if verdict == "correct":
            if correction is None:
                raise ValidationError("a correction needs the corrected answers", field="correction")
            project = get_project_by_id(ws, row["project_id"])
            normal = validate_answers(project.questions, correction, Record.model_validate(row["record"]))
        elif correction is not None:
            raise ValidationError(f"only 'correct' carries answers; got them with {verdict!r}", field="correction")
        ok = store.decide(
            conn=conn, review_id=review_id, reviewer_id=reviewer.id, status=VERDICTS[verdict], correction=normal,
            comment=comment, now=now, override=reviewer.role == "admin",
        )
        if not ok:
            raise ConflictError(f"review {review_id} is not held by you (take it with next first; it may be decided or lapsed)")
        if verdict == "reject" and row["task_status"] not in (GOLD, HONEYPOT):
            store.reopen_slot(conn=conn, task_id=row["task_id"])
    return get_review(ws, review_id)


def enqueue(ws: Workspace, annotation_ids: list[int], reason: str = "manual") -> None:
    """Send annotations to review by hand (those already queued keep their first reason)."""
    with ws.database.write() as conn:
        store.enqueue(conn=conn, annotation_ids=annotation_ids, reason=reason, now=time.time())


def review_counts(ws: Workspace, project: str) -> dict[str, int]:
    info = get_project(ws, project)
    with ws.database.read() as conn:
        return store.review_counts(conn=conn, project_id=info.id)
