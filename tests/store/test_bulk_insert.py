"""Bulk inserts (`store.bulk`) write every row with the id they return, also across the several
multi-row statements a large batch takes on SQLite, and a bad row fails the whole call."""

from __future__ import annotations

import json
import sqlite3
import time

import psycopg
import pytest
from sqlalchemy import text

from loopline.store import bulk
from loopline.store.records import insert_records


def _rows(n: int, start: int = 0) -> list[dict]:
    now = time.time()
    return [{"hash": f"{i:064x}", "data": f'{{"prompt": "p{i}", "n": {i / 3}}}', "conversational": i % 2 == 0,
             "source": None if i % 3 else f"file{i}.jsonl", "created_at": now + i / 7} for i in range(start, start + n)]


@pytest.mark.parametrize("per_statement", [1, 7, bulk.ROWS_PER_STATEMENT])
def test_rows_come_back_with_their_ids_across_statements(workspace, monkeypatch: pytest.MonkeyPatch, per_statement: int) -> None:
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", per_statement)
    first, second = _rows(25), _rows(2 * bulk.ROWS_PER_STATEMENT + 3, start=25)
    with workspace.database.write() as conn:
        ids = insert_records(conn=conn, rows=first)
        ids.update(insert_records(conn=conn, rows=second))
    with workspace.database.read() as conn:
        stored = {r[0]: r[1:] for r in conn.execute(text(
            "SELECT hash, id, data, conversational, source, created_at FROM record"))}
    assert len(stored) == len(first) + len(second)
    assert sorted(ids.values()) == list(range(1, len(stored) + 1))  # in row order, no gaps
    for row in first + second:
        record_id, data, conversational, source, created_at = stored[row["hash"]]
        assert record_id == ids[row["hash"]]
        assert data == row["data"] or data == json.loads(row["data"])  # jsonb comes back decoded
        assert bool(conversational) == row["conversational"] and source == row["source"]
        assert created_at == row["created_at"]  # floats bound exactly, not through text


def test_a_bad_row_fails_the_call_and_the_transaction_keeps_nothing(workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 4)
    rows = _rows(10)
    rows[7]["hash"] = rows[2]["hash"]  # the unique key, in a later statement than its twin
    # The driver's own error: the bulk path runs on the DBAPI cursor, as it did before.
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)), workspace.database.write() as conn:
        insert_records(conn=conn, rows=rows)
    with workspace.database.read() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM record")).scalar_one() == 0
