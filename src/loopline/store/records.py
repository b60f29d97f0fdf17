"""Record rows: bulk insert by content hash, lookups by id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, select

from loopline.store.bulk import insert_rows
from loopline.store.models import record_table


def ids_by_hash(*, conn: Connection, hashes: Sequence[str]) -> dict[str, int]:
    """Which of these hashes already exist, and their ids."""
    out: dict[str, int] = {}
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    if conn.dialect.name == "postgresql":
        # One comma-joined text parameter, split by the server: psycopg adapts a Python list
        # item by item in Python, which cost more than the lookup itself on a 1M-row import.
        # Hashes are hex digests, so they hold no comma.
        cursor.execute("SELECT hash, id FROM record WHERE hash = ANY(string_to_array(%s, ','))", (",".join(hashes),))
        return dict(cursor.fetchall())
    for start in range(0, len(hashes), 900):  # stay under SQLite's bound-parameter limit
        chunk = hashes[start : start + 900]
        cursor.execute(f"SELECT hash, id FROM record WHERE hash IN ({', '.join('?' * len(chunk))})", chunk)
        out.update(cursor.fetchall())
    return out


_RECORD_COLUMNS = ("hash", "data", "conversational", "source", "parent_id", "created_at")


def insert_records(*, conn: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new records (dicts with hash, data (a dict, or its JSON text), conversational,
    source, created_at, and parent_id for a new version of an existing record).

    Returns hash -> id for the inserted rows. The caller has removed hashes that exist.
    """
    tuples = [
        (r["hash"], r["data"] if type(r["data"]) is str else orjson.dumps(r["data"]).decode(), r["conversational"], r["source"], r.get("parent_id"),
         r["created_at"])
        for r in rows
    ]
    ids = insert_rows(conn=conn, table="record", columns=_RECORD_COLUMNS, rows=tuples)
    return {r["hash"]: i for r, i in zip(rows, ids)}


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
