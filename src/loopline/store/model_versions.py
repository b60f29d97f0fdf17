"""Model version rows (the weights live in the workspace's `models/` folder)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from loopline.store.models_tables import model_version_table as mv


def insert_model_version(*, conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(mv.insert().values(**row))


def get_model_version(*, conn: Connection, model_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(mv).where(mv.c.id == model_id)).mappings().first()
    return dict(row) if row else None


def list_model_versions(*, conn: Connection, name: str | None = None) -> list[dict[str, Any]]:
    query = select(mv).order_by(mv.c.created_at.desc(), mv.c.id)
    if name is not None:
        query = query.where(mv.c.name == name)
    return [dict(r) for r in conn.execute(query).mappings()]


def promoted_ids(*, conn: Connection, name: str) -> list[str]:
    rows = conn.execute(select(mv.c.id).where(mv.c.name == name, mv.c.status == "promoted"))
    return [r for (r,) in rows]


def set_status(*, conn: Connection, model_ids: list[str], status: str, now: float) -> None:
    if model_ids:
        conn.execute(update(mv).where(mv.c.id.in_(model_ids)).values(status=status, updated_at=now))


def set_evaluations(*, conn: Connection, model_id: str, evaluations: list[dict[str, Any]], now: float) -> None:
    conn.execute(update(mv).where(mv.c.id == model_id).values(evaluations=evaluations, updated_at=now))


def update_config(*, conn: Connection, model_id: str, config: dict[str, Any], base_model: str) -> None:
    conn.execute(update(mv).where(mv.c.id == model_id).values(config=config, base_model=base_model))
