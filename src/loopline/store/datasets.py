"""Dataset version rows (the files live in the workspace's artifacts folder)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from loopline.store.models import dataset_version_table


def upsert_dataset_version(*, conn: Connection, row: dict[str, Any]) -> None:
    exists = conn.execute(
        select(dataset_version_table.c.id).where(dataset_version_table.c.id == row["id"])
    ).first()
    if not exists:
        conn.execute(dataset_version_table.insert().values(**row))


def list_dataset_versions(*, conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(dataset_version_table).order_by(dataset_version_table.c.created_at.desc())
    ).mappings()
    return [dict(r) for r in rows]
