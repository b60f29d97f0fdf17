"""SQL of the review queue: enqueue annotations, lease one to a reviewer, record verdicts.

A reviewer's claim is one statement, like the annotation queue's: `UPDATE ... WHERE id =
(SELECT ... LIMIT 1) RETURNING` on SQLite, the same with `FOR UPDATE SKIP LOCKED` on
PostgreSQL. A lapsed review lease is simply claimable again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from loopline.store.models import JsonType, annotation_table, annotator_table, task_table
from loopline.store.quality_tables import review_table
from loopline.store.queue import _run, json_value

DECIDED = ("accepted", "rejected", "corrected")

_ENQUEUE = text(
    "INSERT INTO review (annotation_id, project_id, task_id, annotator_id, reason, status, created_at)"
    " SELECT a.id, a.project_id, a.task_id, a.annotator_id, :reason, 'pending', :now FROM annotation a"
    " WHERE a.id = :annotation_id ON CONFLICT (annotation_id) DO NOTHING"
)


def enqueue(*, conn: Connection, annotation_ids: list[int], reason: str, now: float) -> None:
    """Send annotations to review (an annotation already there keeps its first reason)."""
    if annotation_ids:
        conn.execute(_ENQUEUE, [{"annotation_id": a, "reason": reason, "now": now} for a in sorted(set(annotation_ids))])


_CANDIDATE = (
    "SELECT r.id FROM review r WHERE r.project_id = :project_id AND r.annotator_id <> :reviewer_id"
    " AND (r.status = 'pending' OR (r.status = 'leased' AND r.expires_at < :now))"
    " ORDER BY r.id LIMIT 1"
)
_CLAIM = (
    "UPDATE review SET status = 'leased', reviewer_id = :reviewer_id, expires_at = :expires_at"
    " WHERE id = ({candidate}) RETURNING id"
)
_HELD = text(
    "SELECT id FROM review WHERE project_id = :project_id AND reviewer_id = :reviewer_id"
    " AND status = 'leased' AND expires_at >= :now ORDER BY id LIMIT 1"
)


def claim(*, conn: Connection, project_id: int, reviewer_id: int, expires_at: float, now: float) -> int | None:
    """The review this reviewer holds, else lease the oldest open one; its id or None."""
    params = {"project_id": project_id, "reviewer_id": reviewer_id, "expires_at": expires_at, "now": now}
    held = conn.execute(_HELD, params).scalar()
    if held is not None:
        return int(held)
    lock = " FOR UPDATE SKIP LOCKED" if conn.dialect.name == "postgresql" else ""
    row = _run(conn, _CLAIM.replace("{candidate}", _CANDIDATE + lock), params).fetchone()
    return int(row[0]) if row else None


def get_item(*, conn: Connection, review_id: int) -> dict[str, Any] | None:
    """A review with its annotation, task record and annotator name."""
    r, a, t, u = review_table, annotation_table, task_table, annotator_table
    from loopline.store.models import record_table as rec

    row = conn.execute(
        select(
            r.c.id, r.c.project_id, r.c.task_id, r.c.annotation_id, r.c.reason, r.c.status, r.c.reviewer_id,
            r.c.expires_at, r.c.correction, r.c.comment, a.c.answers, a.c.annotator_id, u.c.name.label("annotator"),
            rec.c.data.label("record"), t.c.status.label("task_status"),
        )
        .select_from(r.join(a, a.c.id == r.c.annotation_id).join(u, u.c.id == a.c.annotator_id)
                     .join(t, t.c.id == r.c.task_id).join(rec, rec.c.id == t.c.record_id))
        .where(r.c.id == review_id)
    ).mappings().first()
    if row is None:
        return None
    out = dict(row)
    for key in ("answers", "record", "correction"):
        out[key] = json_value(out[key])
    return out


_DECIDE = text(
    "UPDATE review SET status = :status, correction = :correction, comment = :comment, decided_at = :now,"
    " reviewer_id = :reviewer_id, expires_at = NULL"
    " WHERE id = :review_id AND status = 'leased' AND (reviewer_id = :reviewer_id OR :override)"
).bindparams(bindparam("correction", type_=JsonType))


def decide(
    *, conn: Connection, review_id: int, reviewer_id: int, status: str, correction: dict[str, Any] | None,
    comment: str | None, now: float, override: bool = False,
) -> bool:
    """Record a verdict on a leased review; False when the caller does not hold it."""
    return conn.execute(_DECIDE, {
        "status": status, "correction": correction, "comment": comment, "now": now, "review_id": review_id,
        "reviewer_id": reviewer_id, "override": override,
    }).rowcount == 1


_REOPEN = text(
    "UPDATE task SET submitted = submitted - 1,"
    " status = CASE WHEN status IN ('done', 'full') THEN 'open' ELSE status END"
    " WHERE id = :task_id AND submitted > 0"
)


def reopen_slot(*, conn: Connection, task_id: int) -> None:
    """A rejected annotation no longer counts: its task needs one more (from someone else)."""
    conn.execute(_REOPEN, {"task_id": task_id})


def review_overrides(*, conn: Connection, project_id: int) -> dict[int, tuple[str, Any]]:
    """annotation id -> (status, correction) of every reviewed or pending annotation."""
    r = review_table
    rows = conn.execute(select(r.c.annotation_id, r.c.status, r.c.correction).where(r.c.project_id == project_id))
    return {int(a): (s, json_value(c)) for a, s, c in rows}


_COUNTS = text("SELECT status, count(*) FROM review WHERE project_id = :p GROUP BY status")


def review_counts(*, conn: Connection, project_id: int) -> dict[str, int]:
    counts = {"pending": 0, "leased": 0, "accepted": 0, "rejected": 0, "corrected": 0}
    for status, n in conn.execute(_COUNTS, {"p": project_id}):
        counts[status] = int(n)
    return counts
