"""Record rows: bulk insert by content hash, lookups by id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from loopline.store.models import record_table


def ids_by_hash(*, conn: Connection, hashes: Sequence[str]) -> dict[str, int]:
    """Which of these hashes already exist, and their ids."""
    out: dict[str, int] = {}
    for start in range(0, len(hashes), 900):  # stay under SQLite's bound-parameter limit
        chunk = hashes[start : start + 900]
        rows = conn.execute(
            select(record_table.c.hash, record_table.c.id).where(record_table.c.hash.in_(chunk))
        )
        out.update({h: i for h, i in rows})
    return out


def insert_records(*, conn: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new records (dicts with hash, data, conversational, source, created_at).

    Returns hash -> id for the inserted rows. The caller has removed hashes that exist.
    """
    if not rows:
        return {}
    result = conn.execute(
        insert(record_table).returning(record_table.c.hash, record_table.c.id),
        rows,
    )
    return {h: i for h, i in result}


def get_record_data(*, conn: Connection, record_id: int) -> dict[str, Any] | None:
    return conn.execute(
        select(record_table.c.data).where(record_table.c.id == record_id)
    ).scalar_one_or_none()


def get_records_data(*, conn: Connection, record_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = list(record_ids)
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 900):
        rows = conn.execute(
            select(record_table.c.id, record_table.c.data).where(
                record_table.c.id.in_(ids[start : start + 900])
            )
        )
        out.update({i: d for i, d in rows})
    return out
