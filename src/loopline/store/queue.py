"""The task queue's SQL: claim, heartbeat, submit, skip and lease expiry.

Invariants (the tests check them under concurrency on both dialects):
- `task.leased + task.submitted <= task.needed`, so a task never collects more than `needed`
  annotations: a claim only takes an `open` row, and a row turns `full` when its last slot goes.
- One `assignment` row per (task, annotator) ever, unique: an annotator never gets a task twice.
- Only `open` rows sit in the partial index `ix_task_claimable`, so a claim walks the index
  from its head; its cost does not grow with the number of tasks queued or finished. It grows
  only with the open tasks at the head that this annotator has already had (with overlap > 1).

SQLite claims with one `UPDATE ... WHERE id = (SELECT ...) RETURNING` inside the process-wide
write transaction; PostgreSQL with one statement that locks the row `FOR UPDATE SKIP LOCKED`,
takes the slot and records the assignment.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, text

from loopline.store.models import JsonType

_ROUTE_FILTERS = {
    "any": "",
    "unrouted": " AND t.route IS NULL",
    "routes": " AND (t.route IS NULL OR t.route IN :routes)",
}


def _candidate_sql(route_filter: str, *, lock: bool) -> str:
    return (
        "SELECT t.id FROM task t"
        " WHERE t.project_id = :project_id AND t.status = 'open'"
        f"{_ROUTE_FILTERS[route_filter]}"
        " AND NOT EXISTS (SELECT 1 FROM assignment a"
        " WHERE a.task_id = t.id AND a.annotator_id = :annotator_id)"
        " ORDER BY t.priority DESC, t.id LIMIT 1"
        + (" FOR UPDATE SKIP LOCKED" if lock else "")
    )


_TAKE_SLOT = (
    "leased = leased + 1,"
    " status = CASE WHEN leased + 1 + submitted >= needed THEN 'full' ELSE 'open' END"
)


def _with_routes(sql: str, route_filter: str) -> Any:
    stmt = text(sql)
    return stmt.bindparams(bindparam("routes", expanding=True)) if route_filter == "routes" else stmt


def _sqlite_claim(route_filter: str) -> Any:
    return _with_routes(
        f"UPDATE task SET {_TAKE_SLOT} WHERE id = ({_candidate_sql(route_filter, lock=False)})"
        " RETURNING id, record_id",
        route_filter,
    )


def _postgres_claim(route_filter: str) -> Any:
    return _with_routes(
        f"WITH candidate AS ({_candidate_sql(route_filter, lock=True)}),"
        f" taken AS (UPDATE task SET {_TAKE_SLOT} FROM candidate WHERE task.id = candidate.id"
        " RETURNING task.id, task.record_id)"
        " , leased AS (INSERT INTO assignment (task_id, annotator_id, status, expires_at, created_at, updated_at)"
        " SELECT taken.id, :annotator_id, 'leased', :expires_at, :now, :now FROM taken RETURNING id, task_id)"
        " SELECT leased.task_id, taken.record_id, leased.id, record.data"
        " FROM leased JOIN taken ON taken.id = leased.task_id JOIN record ON record.id = taken.record_id",
        route_filter,
    )


_SQLITE_CLAIM = {k: _sqlite_claim(k) for k in _ROUTE_FILTERS}
_ANY_CANDIDATE = {k: _with_routes(_candidate_sql(k, lock=False), k) for k in _ROUTE_FILTERS}
CLAIM_RETRIES = 20
_POSTGRES_CLAIM = {k: _postgres_claim(k) for k in _ROUTE_FILTERS}
_INSERT_ASSIGNMENT = text(
    "INSERT INTO assignment (task_id, annotator_id, status, expires_at, created_at, updated_at)"
    " VALUES (:task_id, :annotator_id, 'leased', :expires_at, :now, :now) RETURNING id"
)


@dataclass(frozen=True)
class Claimed:
    task_id: int
    record_id: int
    assignment_id: int
    record_data: dict[str, Any] | None = None  # PostgreSQL returns it with the claim


def claim(
    *,
    conn: Connection,
    project_id: int,
    annotator_id: int,
    expires_at: float,
    now: float,
    routes: list[str] | None,
) -> Claimed | None:
    """Take one slot of the best open task this annotator has never had, or None.

    `routes`: None means the annotator may take any task; a list means only unrouted tasks
    and tasks whose route is in the list (an empty list: only unrouted tasks).
    """
    route_filter = "any" if routes is None else ("routes" if routes else "unrouted")
    params: dict[str, Any] = {"project_id": project_id, "annotator_id": annotator_id}
    if route_filter == "routes":
        params["routes"] = routes
    if conn.dialect.name == "postgresql":
        params.update(expires_at=expires_at, now=now)
        for attempt in range(CLAIM_RETRIES):
            row = conn.execute(_POSTGRES_CLAIM[route_filter], params).first()
            if row is not None:
                return Claimed(row[0], row[1], row[2], row[3])
            # SKIP LOCKED passes over rows other claims hold for a moment: only an empty
            # answer without locking means the queue really has nothing for this annotator.
            if conn.execute(_ANY_CANDIDATE[route_filter], params).first() is None:
                return None
            time.sleep(0.001 * (attempt + 1))
        return None
    row = conn.execute(_SQLITE_CLAIM[route_filter], params).first()
    if row is None:
        return None
    task_id, record_id = row
    assignment_id = conn.execute(
        _INSERT_ASSIGNMENT,
        {"task_id": task_id, "annotator_id": annotator_id, "expires_at": expires_at, "now": now},
    ).scalar_one()
    return Claimed(task_id, record_id, assignment_id)


_HEARTBEAT = text(
    "UPDATE assignment SET expires_at = :expires_at, updated_at = :now"
    " WHERE task_id = :task_id AND annotator_id = :annotator_id AND status = 'leased'"
    " RETURNING id"
)


def heartbeat(
    *, conn: Connection, task_id: int, annotator_id: int, expires_at: float, now: float
) -> bool:
    """Extend a live lease; False when there is none (expired, submitted, skipped)."""
    row = conn.execute(
        _HEARTBEAT,
        {"task_id": task_id, "annotator_id": annotator_id, "expires_at": expires_at, "now": now},
    ).first()
    return row is not None


_CLOSE_LEASE = text(
    "UPDATE assignment SET status = :status, updated_at = :now"
    " WHERE task_id = :task_id AND annotator_id = :annotator_id AND status = 'leased'"
    " RETURNING created_at"
)
_RELEASE_SLOT = text(
    "UPDATE task SET leased = leased - :n,"
    " status = CASE WHEN status = 'full' THEN 'open' ELSE status END WHERE id = :task_id"
)
_FILL_SLOT = text(
    "UPDATE task SET leased = leased - 1, submitted = submitted + 1,"
    " status = CASE WHEN submitted + 1 >= needed THEN 'done' ELSE status END"
    " WHERE id = :task_id"
)
_RETAKE_EXPIRED = text(
    "UPDATE task SET submitted = submitted + 1,"
    " status = CASE WHEN submitted + 1 >= needed THEN 'done'"
    " WHEN leased + submitted + 1 >= needed THEN 'full' ELSE status END"
    " WHERE id = :task_id AND leased + submitted < needed"
)
_MARK_SUBMITTED = text(
    "UPDATE assignment SET status = 'submitted', updated_at = :now"
    " WHERE task_id = :task_id AND annotator_id = :annotator_id AND status = 'expired'"
)


def close_lease(
    *, conn: Connection, task_id: int, annotator_id: int, status: str, now: float
) -> float | None:
    """Mark a live lease submitted or skipped; returns when it was claimed, or None."""
    row = conn.execute(
        _CLOSE_LEASE,
        {"status": status, "task_id": task_id, "annotator_id": annotator_id, "now": now},
    ).first()
    return row[0] if row else None


_POSTGRES_SUBMIT = text(
    "WITH closed AS (UPDATE assignment SET status = 'submitted', updated_at = :now"
    " WHERE task_id = :task_id AND annotator_id = :annotator_id AND status = 'leased'"
    " RETURNING created_at),"
    " filled AS (UPDATE task SET leased = leased - 1, submitted = submitted + 1,"
    " status = CASE WHEN submitted + 1 >= needed THEN 'done' ELSE status END"
    " WHERE id = :task_id AND EXISTS (SELECT 1 FROM closed) RETURNING id)"
    " INSERT INTO annotation (task_id, project_id, annotator_id, answers, client_key, origin, duration, created_at)"
    " SELECT :task_id, :project_id, :annotator_id, :answers, :client_key, 'queue',"
    " COALESCE(:duration, :now - closed.created_at), :now FROM closed, filled RETURNING id"
).bindparams(bindparam("answers", type_=JsonType))


def submit_leased(
    *, conn: Connection, task_id: int, project_id: int, annotator_id: int, answers: dict[str, Any],
    client_key: str | None, duration: float | None, now: float,
) -> int | None:
    """PostgreSQL: close the lease, fill the slot and store the annotation in one statement.

    Returns the annotation id, or None when there was no live lease (nothing written).
    """
    return conn.execute(_POSTGRES_SUBMIT, {
        "task_id": task_id, "project_id": project_id, "annotator_id": annotator_id, "answers": answers,
        "client_key": client_key, "duration": duration, "now": now,
    }).scalar()


def fill_slot(*, conn: Connection, task_id: int) -> None:
    """Turn a leased slot into a submitted one; the task is `done` at `needed`."""
    conn.execute(_FILL_SLOT, {"task_id": task_id})


def release_slot(*, conn: Connection, task_id: int, n: int = 1) -> None:
    """Give `n` leased slots back to the queue (skip, expiry)."""
    conn.execute(_RELEASE_SLOT, {"task_id": task_id, "n": n})


def submit_after_expiry(*, conn: Connection, task_id: int, annotator_id: int, now: float) -> bool:
    """Accept a late answer if its task still has a free slot; False when it is too late."""
    if conn.execute(_RETAKE_EXPIRED, {"task_id": task_id}).rowcount != 1:
        return False
    conn.execute(_MARK_SUBMITTED, {"task_id": task_id, "annotator_id": annotator_id, "now": now})
    return True


_ASSIGNMENT_STATUS = text(
    "SELECT status FROM assignment WHERE task_id = :task_id AND annotator_id = :annotator_id"
)


def assignment_status(*, conn: Connection, task_id: int, annotator_id: int) -> str | None:
    return conn.execute(
        _ASSIGNMENT_STATUS, {"task_id": task_id, "annotator_id": annotator_id}
    ).scalar()


_EXPIRE = text(
    "UPDATE assignment SET status = 'expired', updated_at = :now"
    " WHERE status = 'leased' AND expires_at < :now RETURNING task_id"
)


def expire_leases(*, conn: Connection, now: float) -> int:
    """Send every lapsed lease's slot back to the queue; returns how many lapsed."""
    expired = Counter(row[0] for row in conn.execute(_EXPIRE, {"now": now}))
    if expired:
        conn.execute(_RELEASE_SLOT, [{"task_id": t, "n": n} for t, n in sorted(expired.items())])
    return sum(expired.values())


_LEASES_OF = text(
    "SELECT a.task_id, t.record_id, a.expires_at FROM assignment a JOIN task t ON t.id = a.task_id"
    " WHERE a.annotator_id = :annotator_id AND a.status = 'leased' AND t.project_id = :project_id"
    " ORDER BY a.id"
)


def live_leases(*, conn: Connection, project_id: int, annotator_id: int) -> list[tuple[int, int, float]]:
    """(task_id, record_id, expires_at) of the annotator's live leases in a project."""
    rows = conn.execute(_LEASES_OF, {"project_id": project_id, "annotator_id": annotator_id})
    return [(r[0], r[1], r[2]) for r in rows]
