"""SQL of the probes mixed into an annotator's stream: gold tasks and honeypot repeats.

A probe claim takes a lease on a `gold` or `honeypot` task row the way a normal claim takes
one on an `open` row (the lease counter goes up, an `assignment` row records it), so heartbeat,
submit, skip and expiry work unchanged. The one-row-per-(task, annotator) assignment key
means an annotator gets each gold task at most once. Gold rows are shared by every annotator,
so PostgreSQL passes over one another claim holds (SKIP LOCKED) rather than wait for it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from loopline.store.models import JsonType, task_table
from loopline.store.quality_tables import (
    GOLD,
    HONEYPOT,
    PROBE_NEEDED,
    gold_task_table,
    honeypot_table,
)
from loopline.store.queue import NOT_HAD, Claimed, _run

_GOLD_CANDIDATE = (
    "SELECT t.id FROM gold_task g JOIN task t ON t.id = g.task_id"
    f" WHERE g.project_id = :project_id AND t.status = '{GOLD}' AND {NOT_HAD}"
    " ORDER BY random() LIMIT 1"
)
_HONEYPOT_CANDIDATE = (
    "SELECT t.id FROM honeypot h JOIN task t ON t.id = h.task_id"
    " WHERE h.annotator_id = :annotator_id AND h.project_id = :project_id"
    f" AND h.not_before <= :now AND t.status = '{HONEYPOT}' AND {NOT_HAD}"
    " ORDER BY h.id LIMIT 1"
)
_SQLITE_TAKE = (
    "UPDATE task SET leased = leased + 1 WHERE id = ({candidate})"
    " RETURNING id, record_id, (SELECT data FROM record WHERE record.id = task.record_id)"
)
_SQLITE_LEASE = (
    "INSERT INTO assignment (task_id, annotator_id, status, expires_at, created_at, updated_at)"
    " VALUES (:task_id, :annotator_id, 'leased', :expires_at, :now, :now) RETURNING id"
)
_POSTGRES_TAKE = (
    "WITH candidate AS ({candidate} FOR UPDATE OF t SKIP LOCKED),"
    " taken AS (UPDATE task SET leased = leased + 1 FROM candidate WHERE task.id = candidate.id"
    " RETURNING task.id, task.record_id),"
    " leased AS (INSERT INTO assignment (task_id, annotator_id, status, expires_at, created_at, updated_at)"
    " SELECT taken.id, :annotator_id, 'leased', :expires_at, :now, :now FROM taken RETURNING id, task_id)"
    " SELECT leased.task_id, taken.record_id, leased.id, record.data"
    " FROM leased JOIN taken ON taken.id = leased.task_id JOIN record ON record.id = taken.record_id"
)
_SQL = {
    (kind, dialect): (_POSTGRES_TAKE if dialect == "postgresql" else _SQLITE_TAKE).replace("{candidate}", candidate)
    for kind, candidate in ((GOLD, _GOLD_CANDIDATE), (HONEYPOT, _HONEYPOT_CANDIDATE))
    for dialect in ("postgresql", "sqlite")
}


def claim_probe(
    *, conn: Connection, kind: str, project_id: int, annotator_id: int, expires_at: float, now: float
) -> Claimed | None:
    """Lease a gold task this annotator never had (at random), or their oldest due honeypot."""
    params: dict[str, Any] = {"project_id": project_id, "annotator_id": annotator_id, "expires_at": expires_at, "now": now}
    if conn.dialect.name == "postgresql":
        row = _run(conn, _SQL[(kind, "postgresql")], params).fetchone()
        return Claimed(row[0], row[1], row[2], row[3]) if row else None
    row = _run(conn, _SQL[(kind, "sqlite")], params).fetchone()
    if row is None:
        return None
    params["task_id"] = row[0]
    assignment_id = _run(conn, _SQLITE_LEASE, params).fetchone()[0]
    return Claimed(row[0], row[1], assignment_id, row[2])


def probe_task_row(*, project_id: int, record_id: int, kind: str, now: float) -> dict[str, Any]:
    """A task row for a gold or honeypot task (never claimable normally, never complete)."""
    return {
        "project_id": project_id, "record_id": record_id, "status": kind, "priority": 0, "route": None,
        "needed": PROBE_NEEDED, "leased": 0, "submitted": 0, "created_at": now,
    }


_UPSERT_GOLD = {
    "sqlite": "INSERT INTO gold_task (task_id, project_id, answers, created_at) VALUES (:task_id, :project_id, :answers, :now)"
    " ON CONFLICT (task_id) DO UPDATE SET answers = excluded.answers",
    "postgresql": "INSERT INTO gold_task (task_id, project_id, answers, created_at) VALUES (:task_id, :project_id, :answers, :now)"
    " ON CONFLICT (task_id) DO UPDATE SET answers = excluded.answers",
}


def upsert_gold(*, conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Store (or replace) the known answers of gold tasks: rows of task_id, project_id, answers, now."""
    if rows:
        stmt = text(_UPSERT_GOLD["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]).bindparams(
            bindparam("answers", type_=JsonType)
        )
        conn.execute(stmt, rows)


_MAKE_GOLD = text(
    f"UPDATE task SET status = '{GOLD}', needed = :needed WHERE id = :task_id"
    " AND submitted = 0 AND leased = 0 AND status IN ('open', 'gold')"
)


def make_gold(*, conn: Connection, task_id: int) -> bool:
    """Turn an untouched queued task into a gold task; False when it has leases or answers."""
    return conn.execute(_MAKE_GOLD, {"task_id": task_id, "needed": PROBE_NEEDED}).rowcount == 1


def gold_answers(*, conn: Connection, project_id: int) -> dict[int, dict[str, Any]]:
    """task id -> known answers of every gold task in the project."""
    g = gold_task_table
    return {int(t): a for t, a in conn.execute(select(g.c.task_id, g.c.answers).where(g.c.project_id == project_id))}


def probe_task_ids(*, conn: Connection, project_id: int) -> set[int]:
    """Gold and honeypot task ids of a project (an export leaves them out)."""
    t = task_table
    ids: set[int] = set()
    for probes, status in ((gold_task_table, GOLD), (honeypot_table, HONEYPOT)):
        rows = conn.execute(
            select(t.c.id).join(probes, probes.c.task_id == t.c.id)
            .where(probes.c.project_id == project_id, t.c.status == status)
        )
        ids.update(int(r[0]) for r in rows)
    return ids


def insert_honeypot(*, conn: Connection, row: dict[str, Any]) -> int:
    return conn.execute(honeypot_table.insert().returning(honeypot_table.c.id), row).scalar_one()


def has_honeypot(*, conn: Connection, source_annotation_id: int) -> bool:
    h = honeypot_table
    return conn.execute(select(h.c.id).where(h.c.source_annotation_id == source_annotation_id)).first() is not None


_HONEYPOT_PAIRS = text(
    "SELECT h.id, u.name, h.permutation, src.answers, rep.answers, src.task_id, h.task_id"
    " FROM honeypot h JOIN annotation src ON src.id = h.source_annotation_id"
    " JOIN annotation rep ON rep.task_id = h.task_id AND rep.annotator_id = h.annotator_id"
    " JOIN annotator u ON u.id = h.annotator_id WHERE h.project_id = :p ORDER BY h.id"
)


def answered_honeypots(*, conn: Connection, project_id: int) -> list[dict[str, Any]]:
    """Every honeypot answered: annotator, permutation, original and repeat answers."""
    from loopline.store.queue import json_value

    out = []
    for hid, name, perm, src, rep, src_task, task in conn.execute(_HONEYPOT_PAIRS, {"p": project_id}):
        out.append({"id": hid, "annotator": name, "permutation": json_value(perm), "original": json_value(src),
                    "repeat": json_value(rep), "source_task_id": src_task, "task_id": task})
    return out
