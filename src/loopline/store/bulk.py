"""Bulk inserts for imports: COPY on PostgreSQL, multi-row INSERTs on SQLite.

An import of 1M rows spent most of its time in SQLAlchemy's per-row parameter processing and,
on PostgreSQL, in multi-row INSERT ... RETURNING. Here ids are allocated up front (from the
table's sequence on PostgreSQL; after MAX(id) on SQLite, where the caller holds the write
lock, so no other writer can take them), rows are sent as plain tuples, and JSON columns
arrive already serialised. benchmarks/import_export.py measures it.

On SQLite, `executemany` released the GIL around each row's step and took it back after: with
the import's preparing thread running Python meanwhile, the writer waited for the GIL once per
row, and the two threads ran one after the other (CPU time equal to the wall time). A
statement of ROWS_PER_STATEMENT rows runs with the GIL released for all of them, so SQLite's
work overlaps the preparation on the other core: 200k rows in 9.2-10.2 s against 10.8-13.4 s,
1M rows in 39.8-49.5 s against 55.9-56.7 s (old and new code alternating on one machine).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Connection

ROWS_PER_STATEMENT = 1000


def insert_rows(
    *, conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> list[int]:
    """Insert `rows` (tuples in `columns` order, JSON columns as text) and return their new ids.

    `table` and `columns` come from this package's code, never from user input.
    """
    if not rows:
        return []
    raw = conn.connection.dbapi_connection  # type: ignore[union-attr]
    cursor = raw.cursor()
    names = ", ".join(("id", *columns))
    if conn.dialect.name == "postgresql":
        # The sequence is looked up once, in an InitPlan: written as nextval(pg_get_serial_sequence(...))
        # the lookup ran for every row, 8 µs each against 0.8 µs for nextval itself.
        cursor.execute(
            "SELECT nextval((SELECT pg_get_serial_sequence(%s, 'id')::regclass)) FROM generate_series(1, %s)",
            (table, len(rows)),
        )
        ids = [r[0] for r in cursor.fetchall()]
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for new_id, row in zip(ids, rows):
                copy.write_row((new_id, *row))
        return ids
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    first = cursor.fetchone()[0] + 1
    ids = list(range(first, first + len(rows)))
    width = len(columns) + 1
    per = max(1, min(ROWS_PER_STATEMENT, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))
    row_marks = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        values = list(chain.from_iterable((new_id, *row) for new_id, row in zip(ids[start : start + per], chunk)))
        cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([row_marks] * len(chunk))}", values)
    return ids
