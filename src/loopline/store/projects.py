"""Project rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from loopline.store.models import project_table, task_table


def get_project_row(*, conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(select(project_table).where(project_table.c.name == name)).mappings().first()
    return dict(row) if row else None


def get_project_row_by_id(*, conn: Connection, project_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(project_table).where(project_table.c.id == project_id)).mappings().first()
    return dict(row) if row else None


def list_project_rows(*, conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(select(project_table).order_by(project_table.c.name)).mappings()]


def insert_project(*, conn: Connection, name: str, definition: dict[str, Any], now: float) -> int:
    return conn.execute(
        insert(project_table)
        .values(name=name, definition=definition, routes=[], created_at=now, updated_at=now)
        .returning(project_table.c.id)
    ).scalar_one()


def update_project(
    *, conn: Connection, project_id: int, definition: dict[str, Any], now: float
) -> None:
    conn.execute(
        update(project_table)
        .where(project_table.c.id == project_id)
        .values(definition=definition, updated_at=now)
    )


def set_routes(*, conn: Connection, project_id: int, routes: list[str]) -> None:
    conn.execute(update(project_table).where(project_table.c.id == project_id).values(routes=routes))


def task_counts(*, conn: Connection, project_id: int) -> dict[str, int]:
    """Tasks per status, plus submitted and leased slot totals."""
    rows = conn.execute(
        select(
            task_table.c.status,
            func.count(),
            func.coalesce(func.sum(task_table.c.submitted), 0),
            func.coalesce(func.sum(task_table.c.leased), 0),
        )
        .where(task_table.c.project_id == project_id)
        .group_by(task_table.c.status)
    )
    counts = {"open": 0, "full": 0, "done": 0, "annotations": 0, "leased": 0}
    for status, n, submitted, leased in rows:
        counts[status] = n
        counts["annotations"] += int(submitted)
        counts["leased"] += int(leased)
    counts["tasks"] = counts["open"] + counts["full"] + counts["done"]
    return counts
