"""Read-only queries behind the web app's lists and the manager's figures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select, text

from loopline.store.models import annotation_table, annotator_table, task_table


def annotation_page(
    *, conn: Connection, project_id: int, annotator_id: int | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of a project's annotations, newest first; only one annotator's when given."""
    a, u, t = annotation_table, annotator_table, task_table
    where = [a.c.project_id == project_id]
    if annotator_id is not None:
        where.append(a.c.annotator_id == annotator_id)
    total = conn.execute(select(func.count()).select_from(a).where(*where)).scalar_one()
    rows = conn.execute(
        select(
            a.c.id, a.c.task_id, t.c.record_id, u.c.name.label("annotator"), a.c.answers,
            a.c.origin, a.c.duration, a.c.created_at,
        )
        .select_from(a.join(u, u.c.id == a.c.annotator_id).join(t, t.c.id == a.c.task_id))
        .where(*where).order_by(a.c.id.desc()).limit(limit).offset(offset)
    ).mappings()
    return [dict(r) for r in rows], total


_PER_ANNOTATOR = text(
    "SELECT u.name, count(*) AS n, max(a.created_at) AS last_at"
    " FROM annotation a JOIN annotator u ON u.id = a.annotator_id"
    " WHERE a.project_id = :p GROUP BY u.name ORDER BY n DESC, u.name"
)
# The most recent durations per annotator (a window keeps the median cheap on big projects).
_RECENT_DURATIONS = text(
    "SELECT name, duration FROM (SELECT u.name AS name, a.duration AS duration,"
    " ROW_NUMBER() OVER (PARTITION BY a.annotator_id ORDER BY a.id DESC) AS k"
    " FROM annotation a JOIN annotator u ON u.id = a.annotator_id"
    " WHERE a.project_id = :p AND a.duration IS NOT NULL) recent WHERE k <= :keep"
)
_PER_HOUR = text(
    "SELECT CAST(created_at AS INTEGER) / 3600 AS h, count(*) FROM annotation"
    " WHERE project_id = :p AND created_at >= :since GROUP BY h ORDER BY h"
)


def per_annotator(*, conn: Connection, project_id: int) -> list[tuple[str, int, float]]:
    return [(r[0], int(r[1]), float(r[2])) for r in conn.execute(_PER_ANNOTATOR, {"p": project_id})]


def recent_durations(*, conn: Connection, project_id: int, keep: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for name, duration in conn.execute(_RECENT_DURATIONS, {"p": project_id, "keep": keep}):
        out.setdefault(name, []).append(float(duration))
    return out


def per_hour(*, conn: Connection, project_id: int, since: float) -> list[tuple[int, int]]:
    """(hour index since the epoch, annotations created in it)."""
    return [(int(h), int(n)) for h, n in conn.execute(_PER_HOUR, {"p": project_id, "since": since})]


def open_tasks_per_project(*, conn: Connection) -> dict[int, int]:
    """Claimable tasks per project (the queue depth)."""
    t = task_table
    rows = conn.execute(
        select(t.c.project_id, func.count()).where(t.c.status == "open").group_by(t.c.project_id)
    )
    return {int(p): int(n) for p, n in rows}
