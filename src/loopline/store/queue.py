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

import functools
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, text

_ROUTE_FILTERS = {
    "any": "",
    "unrouted": " AND t.route IS NULL",
    "routes": " AND (t.route IS NULL OR t.route IN ({routes}))",
}


# In a statement that submits, then claims: the scan for the next task waits until the submit
# has locked the task it fills (an InitPlan, run before the scan's first row). SKIP LOCKED keeps
# a lock on every row it tried, also one that no longer matches, such as another annotator's
# task just leased; a statement that held its next task while waiting for its own could meet
# another statement doing the same the other way round, and deadlock (seen at 32 workers).
_AFTER_SUBMIT = " AND (SELECT count(*) FROM filled) >= 0"


# "Never the same task twice": one probe of the (task, annotator) key per candidate. OFFSET 0
# keeps PostgreSQL from turning the NOT EXISTS into a join, which it planned, on statistics
# from when the annotator had done little, as a scan of all the annotator's assignments on
# every claim (0.6 of 0.8 ms per cycle after 2,800 tasks, growing with each one).
NOT_HAD = (
    "NOT EXISTS (SELECT 1 FROM assignment a"
    " WHERE a.task_id = t.id AND a.annotator_id = :annotator_id LIMIT 1 OFFSET 0)"
)


def _candidate_sql(route_filter: str, *, lock: bool, after_submit: bool = False) -> str:
    return (
        "SELECT t.id FROM task t"
        " WHERE t.project_id = :project_id AND t.status = 'open'"
        f"{_AFTER_SUBMIT if after_submit else ''}{_ROUTE_FILTERS[route_filter]}"
        f" AND {NOT_HAD}"
        " ORDER BY t.priority DESC, t.id LIMIT 1"
        + (" FOR UPDATE SKIP LOCKED" if lock else "")
    )


_TAKE_SLOT = (
    "leased = leased + 1,"
    " status = CASE WHEN leased + 1 + submitted >= needed THEN 'full' ELSE 'open' END"
)
_SQLITE_CLAIM = (
    f"UPDATE task SET {_TAKE_SLOT} WHERE id = ({{candidate}})"
    " RETURNING id, record_id, (SELECT data FROM record WHERE record.id = task.record_id)"
)
_SQLITE_LEASE = (
    "INSERT INTO assignment (task_id, annotator_id, status, expires_at, created_at, updated_at)"
    " VALUES (:task_id, :annotator_id, 'leased', :expires_at, :now, :now) RETURNING id"
)
_POSTGRES_CLAIM_CTES = (
    "candidate AS ({candidate}),"
    f" taken AS (UPDATE task SET {_TAKE_SLOT} FROM candidate WHERE task.id = candidate.id"
    " RETURNING task.id, task.record_id),"
    " leased AS (INSERT INTO assignment (task_id, annotator_id, status, expires_at, created_at, updated_at)"
    " SELECT taken.id, :annotator_id, 'leased', :expires_at, :now, :now FROM taken RETURNING id, task_id)"
)
# The record as JSON text, which pydantic parses straight into a `Record`: decoding jsonb in
# psycopg first built a loader per cursor and a dict that was then validated a second time.
_POSTGRES_CLAIMED = (
    "SELECT leased.task_id, taken.record_id, leased.id, CAST(record.data AS text)"
    " FROM leased JOIN taken ON taken.id = leased.task_id JOIN record ON record.id = taken.record_id"
)
_POSTGRES_CLAIM = f"WITH {_POSTGRES_CLAIM_CTES} {_POSTGRES_CLAIMED}"
CLAIM_RETRIES = 20


@dataclass(frozen=True)
class Claimed:
    task_id: int
    record_id: int
    assignment_id: int
    record_data: Any  # the record's JSON: text, or decoded already (`core.records.record_from`)


def json_value(value: Any) -> Any:
    """A JSON column read through the raw cursor: text on SQLite, already decoded on PostgreSQL."""
    return orjson.loads(value) if isinstance(value, (str, bytes)) else value


def _run(conn: Connection, sql: str, params: dict[str, Any]) -> Any:
    """Execute on the DBAPI cursor under this connection, inside the same transaction.

    The claim and submit statements go this way: SQLAlchemy's own cost per execute (~50 µs of
    Python) was most of an annotate cycle (see benchmarks/queue_throughput.py). The SQL is
    written with `:name` parameters (sqlite3's style) and rewritten once for psycopg.
    """
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(_pyformat(sql) if conn.dialect.name == "postgresql" else sql, params)
    return cursor


@functools.lru_cache(maxsize=256)
def _pyformat(sql: str) -> str:
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)


@functools.lru_cache(maxsize=256)
def _claim_sql(template: str, route_filter: str, n_routes: int, *, lock: bool, after_submit: bool = False) -> str:
    candidate = _candidate_sql(route_filter, lock=lock, after_submit=after_submit).replace(
        "{routes}", ", ".join(f":route{i}" for i in range(n_routes))
    )
    return template.replace("{candidate}", candidate)


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
    params: dict[str, Any] = {
        "project_id": project_id, "annotator_id": annotator_id, "expires_at": expires_at, "now": now,
    }
    for i, route in enumerate(routes or ()):
        params[f"route{i}"] = route
    n_routes = len(routes or ())
    if conn.dialect.name == "postgresql":
        sql = _claim_sql(_POSTGRES_CLAIM, route_filter, n_routes, lock=True)
        for attempt in range(CLAIM_RETRIES):
            row = _run(conn, sql, params).fetchone()
            if row is not None:
                return Claimed(row[0], row[1], row[2], row[3])
            # SKIP LOCKED passes over rows other claims hold for a moment: only an empty
            # answer without locking means the queue really has nothing for this annotator.
            if _run(conn, _claim_sql("{candidate}", route_filter, n_routes, lock=False), params).fetchone() is None:
                return None
            time.sleep(0.001 * (attempt + 1))
        return None
    row = _run(conn, _claim_sql(_SQLITE_CLAIM, route_filter, n_routes, lock=False), params).fetchone()
    if row is None:
        return None
    task_id, record_id, data = row
    params["task_id"] = task_id
    assignment_id = _run(conn, _SQLITE_LEASE, params).fetchone()[0]
    return Claimed(task_id, record_id, assignment_id, data)


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


_SUBMIT_COLUMNS = (
    "INSERT INTO annotation (task_id, project_id, annotator_id, answers, client_key, origin, duration, created_at)"
)
_POSTGRES_SUBMIT_CTES = (
    "closed AS (UPDATE assignment SET status = 'submitted', updated_at = :now"
    " WHERE task_id = :task_id AND annotator_id = :annotator_id AND status = 'leased'"
    " RETURNING created_at),"
    " filled AS (UPDATE task SET leased = leased - 1, submitted = submitted + 1,"
    " status = CASE WHEN submitted + 1 >= needed THEN 'done' ELSE status END"
    " WHERE id = :task_id AND EXISTS (SELECT 1 FROM closed) RETURNING id),"
    f" stored AS ({_SUBMIT_COLUMNS}"
    " SELECT :task_id, :project_id, :annotator_id, CAST(:answers AS jsonb), :client_key, 'queue',"
    " COALESCE(CAST(:duration AS double precision), :now - closed.created_at), :now FROM closed, filled RETURNING id)"
)
_POSTGRES_SUBMIT = f"WITH {_POSTGRES_SUBMIT_CTES} SELECT id FROM stored"
# One round trip per annotate cycle: the submit and the next claim touch different task rows
# (the claim skips tasks this annotator already had), so both fit in one statement.
_POSTGRES_SUBMIT_AND_CLAIM = (
    f"WITH {_POSTGRES_SUBMIT_CTES}, {_POSTGRES_CLAIM_CTES}"
    f" SELECT (SELECT id FROM stored), c.* FROM (SELECT 1) AS one LEFT JOIN ({_POSTGRES_CLAIMED}) AS c ON true"
)
_SQLITE_CLOSE = (
    "UPDATE assignment SET status = 'submitted', updated_at = :now"
    " WHERE task_id = :task_id AND annotator_id = :annotator_id AND status = 'leased' RETURNING created_at"
)
_SQLITE_FILL = (
    "UPDATE task SET leased = leased - 1, submitted = submitted + 1,"
    " status = CASE WHEN submitted + 1 >= needed THEN 'done' ELSE status END WHERE id = :task_id"
)
_SQLITE_STORE = (
    f"{_SUBMIT_COLUMNS} VALUES (:task_id, :project_id, :annotator_id, :answers, :client_key, 'queue',"
    " COALESCE(:duration, :now - :claimed_at), :now) RETURNING id"
)


def _submit_params(
    task_id: int, project_id: int, annotator_id: int, answers: dict[str, Any],
    client_key: str | None, duration: float | None, now: float,
) -> dict[str, Any]:
    return {
        "task_id": task_id, "project_id": project_id, "annotator_id": annotator_id,
        "answers": orjson.dumps(answers).decode(), "client_key": client_key, "duration": duration, "now": now,
    }


def submit_leased(
    *, conn: Connection, task_id: int, project_id: int, annotator_id: int, answers: dict[str, Any],
    client_key: str | None, duration: float | None, now: float,
) -> int | None:
    """Close the live lease, fill its slot and store the annotation (one statement on PostgreSQL).

    Returns the annotation id, or None when there was no live lease (nothing written): the
    caller then looks for a replay or a late submit.
    """
    params = _submit_params(task_id, project_id, annotator_id, answers, client_key, duration, now)
    if conn.dialect.name == "postgresql":
        row = _run(conn, _POSTGRES_SUBMIT, params).fetchone()
        return row[0] if row else None
    row = _run(conn, _SQLITE_CLOSE, params).fetchone()
    if row is None:
        return None
    params["claimed_at"] = row[0]
    _run(conn, _SQLITE_FILL, params)
    return _run(conn, _SQLITE_STORE, params).fetchone()[0]


def submit_and_claim(
    *, conn: Connection, task_id: int, project_id: int, annotator_id: int, answers: dict[str, Any],
    client_key: str | None, duration: float | None, now: float, expires_at: float, routes: list[str] | None,
) -> tuple[int | None, Claimed | None]:
    """`submit_leased` then `claim`, in one statement on PostgreSQL when nothing is contended.

    The claim happens even when the submit found no live lease: the caller's slow path
    (replay, late submit) runs in the same transaction and rolls both back if it raises.
    """
    if conn.dialect.name != "postgresql" or routes:
        annotation_id = submit_leased(
            conn=conn, task_id=task_id, project_id=project_id, annotator_id=annotator_id,
            answers=answers, client_key=client_key, duration=duration, now=now,
        )
        return annotation_id, claim(
            conn=conn, project_id=project_id, annotator_id=annotator_id, expires_at=expires_at, now=now, routes=routes,
        )
    params = _submit_params(task_id, project_id, annotator_id, answers, client_key, duration, now)
    params["expires_at"] = expires_at
    route_filter = "any" if routes is None else "unrouted"
    row = _run(conn, _claim_sql(_POSTGRES_SUBMIT_AND_CLAIM, route_filter, 0, lock=True, after_submit=True), params).fetchone()
    if row[1] is not None:
        return row[0], Claimed(row[1], row[2], row[3], row[4])
    # Nothing claimed: the queue is empty for this annotator, or SKIP LOCKED passed over rows
    # that other claims held for a moment; `claim` tells the two apart and retries.
    return row[0], claim(
        conn=conn, project_id=project_id, annotator_id=annotator_id, expires_at=expires_at, now=now, routes=routes,
    )


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
