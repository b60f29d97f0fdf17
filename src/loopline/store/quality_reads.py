"""Read-only queries behind the QA report and the incremental checks: annotations with what
they showed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, select

from loopline.store.models import annotation_table, annotator_table, record_table, task_table


def _select() -> Select[Any]:
    a, t, r, u = annotation_table, task_table, record_table, annotator_table
    return select(
        a.c.id, a.c.task_id, r.c.data.label("record"), u.c.name.label("annotator"), u.c.trust,
        a.c.answers, a.c.duration, a.c.created_at, a.c.origin, t.c.status.label("task_status"),
    ).select_from(a.join(t, t.c.id == a.c.task_id).join(r, r.c.id == t.c.record_id).join(u, u.c.id == a.c.annotator_id))


def stream_annotations_for_quality(*, conn: Connection, project_id: int, batch: int = 5000) -> Iterator[dict[str, Any]]:
    """Annotation id, task id, record data, annotator, trust, answers, duration, created_at,
    origin and task status of every annotation in the project, ordered by task then annotation."""
    a = annotation_table
    stmt = _select().where(a.c.project_id == project_id).order_by(a.c.task_id, a.c.id)
    for row in conn.execution_options(yield_per=batch).execute(stmt).mappings():
        yield dict(row)


def annotations_for_check(*, conn: Connection, project_id: int, annotator_id: int, window: int, crowd: int) -> list[dict[str, Any]]:
    """What one annotator's check reads: their `window` newest annotations, everyone else's on
    those tasks (agreement), and the project's `crowd` newest by others (baselines)."""
    a = annotation_table
    mine = [dict(r) for r in conn.execute(
        _select().where(a.c.project_id == project_id, a.c.annotator_id == annotator_id).order_by(a.c.id.desc()).limit(window)
    ).mappings()]
    tasks = sorted({r["task_id"] for r in mine})
    seen = {r["id"] for r in mine}
    out = list(mine)
    for start in range(0, len(tasks), 900):
        for row in conn.execute(_select().where(a.c.task_id.in_(tasks[start:start + 900]), a.c.annotator_id != annotator_id)).mappings():
            if row["id"] not in seen:
                seen.add(row["id"])
                out.append(dict(row))
    for row in conn.execute(
        _select().where(a.c.project_id == project_id, a.c.annotator_id != annotator_id).order_by(a.c.id.desc()).limit(crowd)
    ).mappings():
        if row["id"] not in seen:
            seen.add(row["id"])
            out.append(dict(row))
    return out
