"""Annotator rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from loopline.store.models import annotator_table


def get_annotator_row(*, conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(select(annotator_table).where(annotator_table.c.name == name)).mappings().first()
    return dict(row) if row else None


def get_annotator_row_by_id(*, conn: Connection, annotator_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(annotator_table).where(annotator_table.c.id == annotator_id)
    ).mappings().first()
    return dict(row) if row else None


def list_annotator_rows(*, conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(annotator_table).order_by(annotator_table.c.name)).mappings()
    return [dict(r) for r in rows]


def insert_annotator(
    *,
    conn: Connection,
    name: str,
    role: str,
    skills: list[str],
    languages: list[str],
    now: float,
) -> int:
    return conn.execute(
        insert(annotator_table)
        .values(
            name=name, role=role, skills=skills, languages=languages, trust=1.0, active=True, created_at=now
        )
        .returning(annotator_table.c.id)
    ).scalar_one()


def ids_by_name(*, conn: Connection, names: list[str]) -> dict[str, int]:
    rows = conn.execute(
        select(annotator_table.c.name, annotator_table.c.id).where(annotator_table.c.name.in_(names))
    )
    return {n: i for n, i in rows}

