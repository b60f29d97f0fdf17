"""Read-only queries behind the QA report and the incremental checks: annotations with what
they showed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import Connection, CursorResult, Select, select

from loopline.store.json_text import json_text
from loopline.store.models import annotation_table, annotator_table, record_table, task_table


def _select(conn: Connection) -> Select[Any]:
    """The rows' columns; the record comes as JSON text, for the caller to parse into its model
    (see `json_text`)."""
    a, t, r, u = annotation_table, task_table, record_table, annotator_table
    return select(
        a.c.id, a.c.task_id, json_text(conn, r.c.data).label("record"), u.c.name.label("annotator"), u.c.trust,
        json_text(conn, a.c.answers).label("answers"), a.c.duration, a.c.created_at, a.c.origin,
        t.c.status.label("task_status"),
    ).select_from(a.join(t, t.c.id == a.c.task_id).join(r, r.c.id == t.c.record_id).join(u, u.c.id == a.c.annotator_id))


def _dicts(result: CursorResult[Any]) -> Iterator[dict[str, Any]]:
    """Each row as a dict with its answers decoded, zipped with the column names (lighter per
    row than SQLAlchemy's row mappings)."""
    keys = list(result.keys())
    loads = orjson.loads
    for row in result:
        out = dict(zip(keys, row))
        out["answers"] = loads(out["answers"])  # NOT NULL
        yield out


def stream_annotations_for_quality(*, conn: Connection, project_id: int, batch: int = 5000) -> Iterator[dict[str, Any]]:
    """Annotation id, task id, record (JSON text), annotator, trust, answers, duration,
    created_at, origin and task status of every annotation in the project, ordered by task then
    annotation."""
    a = annotation_table
    stmt = _select(conn).where(a.c.project_id == project_id).order_by(a.c.task_id, a.c.id)
    yield from _dicts(conn.execution_options(yield_per=batch).execute(stmt))


def annotations_for_check(*, conn: Connection, project_id: int, annotator_id: int, window: int, crowd: int) -> list[dict[str, Any]]:
    """What one annotator's check reads: their `window` newest annotations, everyone else's on
    those tasks (agreement), and the project's `crowd` newest by others (baselines)."""
    a = annotation_table
    mine = list(_dicts(conn.execute(
        _select(conn).where(a.c.project_id == project_id, a.c.annotator_id == annotator_id).order_by(a.c.id.desc()).limit(window)
    )))
    tasks = sorted({r["task_id"] for r in mine})
    seen = {r["id"] for r in mine}
    out = list(mine)
    for start in range(0, len(tasks), 900):
        for row in _dicts(conn.execute(_select(conn).where(a.c.task_id.in_(tasks[start:start + 900]), a.c.annotator_id != annotator_id))):
            if row["id"] not in seen:
                seen.add(row["id"])
                out.append(row)
    for row in _dicts(conn.execute(
        _select(conn).where(a.c.project_id == project_id, a.c.annotator_id != annotator_id).order_by(a.c.id.desc()).limit(crowd)
    )):
        if row["id"] not in seen:
            seen.add(row["id"])
            out.append(row)
    return out
