"""Closing a lease on PostgreSQL reads the lease's own entry of the live-lease index, not the
entries of every lease its annotator closed since the last vacuum (migration 0008)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from loopline.annotate import queue
from loopline.annotate.workspace import init_workspace
from loopline.store.queue import _CLOSE_LEASE, _pyformat
from tests.conftest import DATABASES
from tests.utils.factories import (
    make_annotators,
    make_project,
    make_record,
    queue_records,
    ranking_answer,
)

CLOSED = 300


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_closing_a_lease_reads_its_own_entry_not_the_annotators_closed_ones(database_url: str, tmp_path: Path) -> None:
    """The live-lease index keeps an entry of every lease closed since the last vacuum, which
    scans under concurrent claims cannot mark dead (claims keep writing to the same leaf page).
    Keyed by (annotator, task) (migration 0008), closing a lease descends to its own entry, in
    the generic plan the server settles on for a prepared statement."""
    ws, _, _ = init_workspace(tmp_path, database_url)
    with ws.database.write() as conn:
        conn.execute(text("ALTER TABLE assignment SET (autovacuum_enabled = off)"))
    project = make_project(ws)
    queue_records(ws, project, [make_record(i) for i in range(CLOSED + 1)])
    (annotator,) = make_annotators(ws, 1)
    lease = queue.claim(ws, project.id, annotator.id)
    for _ in range(CLOSED):
        assert lease is not None
        lease = queue.submit(ws, project.id, annotator.id, lease.task_id, ranking_answer(lease.record), claim_next=True).next
    assert lease is not None
    try:
        with ws.database.engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + _pyformat(_CLOSE_LEASE.text), {
                "status": "submitted", "now": time.time(), "task_id": lease.task_id, "annotator_id": annotator.id,
            })
            plan = cursor.fetchone()[0]
            conn.connection.dbapi_connection.rollback()  # type: ignore[union-attr]
        update = (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]
        (scan,) = update["Plans"]
        assert update["Actual Rows"] == 1 and scan["Actual Rows"] == 1
        # Keyed by annotator alone the index found all the annotator's entries, the closed
        # leases' too, and the task was a filter on each (under concurrent claims, where the
        # entries stay unmarked, 627 of them a cycle). Whichever index the server picks, the
        # task must be part of the lookup.
        assert scan["Node Type"] == "Index Scan" and "task_id" in scan["Index Cond"], scan
    finally:
        ws.close()
