"""Task rows: bulk creation at import time."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select, text

from loopline.store.bulk import insert_rows
from loopline.store.models import task_table


def existing_task_ids(*, conn: Connection, project_id: int, record_ids: Sequence[int]) -> dict[int, int]:
    """record_id -> task_id for the records already queued in this project."""
    out: dict[int, int] = {}
    ids = list(record_ids)
    for start in range(0, len(ids), 900):
        rows = conn.execute(
            select(task_table.c.record_id, task_table.c.id).where(
                task_table.c.project_id == project_id,
                task_table.c.record_id.in_(ids[start : start + 900]),
            )
        )
        out.update({r: t for r, t in rows})
    return out


_TASK_COLUMNS = ("project_id", "record_id", "status", "priority", "route", "needed", "leased", "submitted", "created_at")
_task_tuple = operator.itemgetter(*_TASK_COLUMNS)  # 0.15 µs a row, against 0.58 for a generator


def insert_tasks(*, conn: Connection, rows: list[dict[str, Any]]) -> dict[int, int]:
    """Insert tasks (project_id, record_id, priority, route, needed, status, ...).

    Returns record_id -> new task id.
    """
    tuples = list(map(_task_tuple, rows))
    ids = insert_rows(conn=conn, table="task", columns=_TASK_COLUMNS, rows=tuples)
    return {r["record_id"]: i for r, i in zip(rows, ids)}


_ADD_IMPORTED = text(
    "UPDATE task SET submitted = submitted + :n,"
    " status = CASE WHEN submitted + :n >= needed THEN 'done'"
    " WHEN submitted + :n + leased >= needed THEN 'full' ELSE status END"
    " WHERE id = :task_id"
)


def add_imported_annotations(*, conn: Connection, counts: dict[int, int]) -> None:
    """Count annotations that arrived by import toward their tasks' `needed`."""
    if counts:
        conn.execute(_ADD_IMPORTED, [{"task_id": t, "n": n} for t, n in sorted(counts.items())])


def get_task_row(*, conn: Connection, task_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(task_table).where(task_table.c.id == task_id)).mappings().first()
    return dict(row) if row else None
