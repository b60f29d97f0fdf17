"""Queries of candidate generation: a project's tasks with their records, and re-pointing a
task to a new version of its record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from loopline.store.models import record_table as r
from loopline.store.models import task_table as t


def project_task_records(*, conn: Connection, project_id: int, limit: int | None = None) -> list[dict[str, Any]]:
    """task id, record id, record data, and whether anyone has touched the task yet."""
    query = (
        select(t.c.id.label("task_id"), t.c.record_id, r.c.data, r.c.source, t.c.leased, t.c.submitted)
        .join(r, r.c.id == t.c.record_id)
        .where(t.c.project_id == project_id)
        .order_by(t.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in conn.execute(query).mappings()]


def repoint_untouched_task(*, conn: Connection, task_id: int, record_id: int) -> bool:
    """Point a task at a new record version, only while no one has leased or answered it."""
    result = conn.execute(
        update(t).where(t.c.id == task_id, t.c.leased == 0, t.c.submitted == 0).values(record_id=record_id)
    )
    return result.rowcount == 1
