"""Annotation rows: insert, idempotency lookups, and the export stream."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, select, text

from loopline.store.json_text import json_text
from loopline.store.models import (
    JsonType,
    annotation_table,
    annotator_table,
    record_table,
    task_table,
)

_INSERT = text(
    "INSERT INTO annotation (task_id, project_id, annotator_id, answers, client_key, origin,"
    " duration, created_at) VALUES (:task_id, :project_id, :annotator_id, :answers, :client_key,"
    " :origin, :duration, :created_at) RETURNING id"
).bindparams(bindparam("answers", type_=JsonType))


def insert_annotation(*, conn: Connection, row: dict[str, Any]) -> int:
    return conn.execute(_INSERT, row).scalar_one()


def insert_annotations(*, conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(annotation_table.insert(), rows)


_BY_TASK = text(
    "SELECT id, client_key FROM annotation"
    " WHERE task_id = :task_id AND annotator_id = :annotator_id"
)


def find_annotation(*, conn: Connection, task_id: int, annotator_id: int) -> tuple[int, str | None] | None:
    row = conn.execute(_BY_TASK, {"task_id": task_id, "annotator_id": annotator_id}).first()
    return (row[0], row[1]) if row else None


_ANSWERS_OF_TASKS = (
    text("SELECT task_id, annotator_id, answers FROM annotation WHERE task_id IN :ids")
    .bindparams(bindparam("ids", expanding=True))
    .columns(task_id=Integer, annotator_id=Integer, answers=JsonType)
)


def answers_of_tasks(*, conn: Connection, task_ids: Sequence[int]) -> dict[tuple[int, int], Any]:
    """(task_id, annotator_id) -> answers, for every annotation on these tasks."""
    out: dict[tuple[int, int], Any] = {}
    for start in range(0, len(task_ids), 900):  # stay under SQLite's bound-parameter limit
        for task_id, annotator_id, answers in conn.execute(_ANSWERS_OF_TASKS, {"ids": list(task_ids[start : start + 900])}):
            out[(task_id, annotator_id)] = answers
    return out


def stream_project_annotations(
    *, conn: Connection, project_id: int, only_done: bool, batch: int = 5000
) -> Iterator[tuple[int, int, str, int, str, str, float, float]]:
    """(task_id, record_id, record JSON, annotation id, annotator name, answers JSON, created_at,
    trust) ordered by task then annotation, streamed in batches (server-side on PostgreSQL).

    Both JSON columns come as text (see `json_text`)."""
    a, t, r, u = annotation_table, task_table, record_table, annotator_table
    stmt = (
        select(t.c.id, t.c.record_id, json_text(conn, r.c.data), a.c.id, u.c.name,
               json_text(conn, a.c.answers), a.c.created_at, u.c.trust)
        .select_from(a.join(t, t.c.id == a.c.task_id).join(r, r.c.id == t.c.record_id).join(u, u.c.id == a.c.annotator_id))
        .where(a.c.project_id == project_id)
        .order_by(a.c.task_id, a.c.id)
    )
    if only_done:
        stmt = stmt.where(t.c.status == "done")
    result = conn.execution_options(yield_per=batch).execute(stmt)
    for row in result:
        yield tuple(row)  # type: ignore[misc]
