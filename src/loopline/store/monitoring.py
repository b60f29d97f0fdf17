"""SQL behind the incremental quality checks: counts, task answers, flags, trust, pause."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, delete, select, text, update

from loopline.store.models import annotation_table, annotator_table
from loopline.store.quality_tables import annotator_flag_table
from loopline.store.queue import json_value

_COUNT = text("SELECT count(*) FROM annotation WHERE project_id = :p AND annotator_id = :a")


def annotation_count(*, conn: Connection, project_id: int, annotator_id: int) -> int:
    return int(conn.execute(_COUNT, {"p": project_id, "a": annotator_id}).scalar_one())


_TASK_ANSWERS = text("SELECT a.id, a.answers, t.status FROM annotation a JOIN task t ON t.id = a.task_id WHERE a.task_id = :t")


def task_answers(*, conn: Connection, task_id: int) -> tuple[str | None, list[tuple[int, dict[str, Any]]]]:
    """The task's status and every (annotation id, answers) of it."""
    rows = conn.execute(_TASK_ANSWERS, {"t": task_id}).all()
    return (rows[0][2] if rows else None), [(int(i), json_value(a)) for i, a, _ in rows]


_RECENT_IDS = text(
    "SELECT id FROM annotation WHERE project_id = :p AND annotator_id = :a ORDER BY id DESC LIMIT :n"
)


def recent_annotation_ids(*, conn: Connection, project_id: int, annotator_id: int, limit: int) -> list[int]:
    return [int(r[0]) for r in conn.execute(_RECENT_IDS, {"p": project_id, "a": annotator_id, "n": limit})]


def replace_flags(*, conn: Connection, project_id: int, annotator_id: int, flags: list[dict[str, Any]], now: float) -> None:
    """The annotator's current flags in the project (earlier ones that no longer hold go)."""
    f = annotator_flag_table
    conn.execute(delete(f).where(f.c.project_id == project_id, f.c.annotator_id == annotator_id))
    if flags:
        conn.execute(f.insert(), [{"project_id": project_id, "annotator_id": annotator_id, "created_at": now, **x} for x in flags])


def project_flags(*, conn: Connection, project_id: int) -> list[dict[str, Any]]:
    f, u = annotator_flag_table, annotator_table
    rows = conn.execute(
        select(u.c.name.label("annotator"), f.c.kind, f.c.reason, f.c.metrics, f.c.created_at)
        .join(u, u.c.id == f.c.annotator_id).where(f.c.project_id == project_id).order_by(u.c.name, f.c.kind)
    ).mappings()
    return [dict(r) for r in rows]


def flagged_annotators(*, conn: Connection, project_id: int) -> set[int]:
    f = annotator_flag_table
    return {int(r[0]) for r in conn.execute(select(f.c.annotator_id).where(f.c.project_id == project_id).distinct())}


def set_trust(*, conn: Connection, annotator_id: int, trust: float) -> None:
    u = annotator_table
    conn.execute(update(u).where(u.c.id == annotator_id).values(trust=float(trust)))


_RELEASE = text(
    "UPDATE assignment SET status = 'released', updated_at = :now"
    " WHERE annotator_id = :a AND status = 'leased' RETURNING task_id"
)
_GIVE_BACK = text(
    "UPDATE task SET leased = leased - :n,"
    " status = CASE WHEN status = 'full' THEN 'open' ELSE status END WHERE id = :task_id"
)


def pause_annotator(*, conn: Connection, annotator_id: int, now: float) -> int:
    """Set the annotator inactive and give every live lease of theirs back; returns how many."""
    u = annotator_table
    conn.execute(update(u).where(u.c.id == annotator_id).values(active=False))
    released = Counter(int(r[0]) for r in conn.execute(_RELEASE, {"a": annotator_id, "now": now}))
    if released:
        conn.execute(_GIVE_BACK, [{"task_id": t, "n": n} for t, n in sorted(released.items())])
    return sum(released.values())


def annotations_by_ids(*, conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    a = annotation_table
    out = []
    for start in range(0, len(ids), 900):
        rows = conn.execute(select(a.c.id, a.c.task_id, a.c.answers).where(a.c.id.in_(ids[start:start + 900]))).mappings()
        out += [dict(r) for r in rows]
    return out

