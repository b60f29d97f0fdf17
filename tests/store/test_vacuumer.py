"""The PostgreSQL vacuumer: claimed tasks leave entries of dead rows at the head of the claim
index, which every later claim reads until a vacuum; the server's thread vacuums them away."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from loopline.annotate import queue
from loopline.annotate.workspace import Workspace, init_workspace, open_workspace
from loopline.store.engine import create_database
from loopline.store.queue import _candidate_sql, _pyformat
from loopline.store.vacuumer import Vacuumer
from tests.conftest import DATABASES
from tests.utils.factories import make_annotators, make_project, make_record, queue_records

ON_POSTGRES = pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
TASKS, CLAIMED = 3000, 2000


def _claim_buffers(ws: Workspace, project_id: int, annotator_id: int) -> int:
    """Pages of the claim's candidate scan, as EXPLAIN (ANALYZE, BUFFERS) counts them; run
    twice, so that the second run finds the dead entries already marked by the first."""
    sql = _pyformat("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + _candidate_sql("any", lock=False))
    with ws.database.read() as conn:
        for _ in range(2):
            plan = "\n".join(row[0] for row in conn.exec_driver_sql(
                sql, {"project_id": project_id, "annotator_id": annotator_id},
            ))
    found = re.search(r"Buffers: shared hit=(\d+)", plan)
    assert found, plan
    return int(found.group(1))


def _vacuum_count(ws: Workspace, table: str) -> int:
    with ws.database.read() as conn:
        return int(conn.execute(text(
            "SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = to_regclass(:t)"
        ), {"t": table}).scalar_one())


@ON_POSTGRES
def test_the_vacuumer_clears_claimed_tasks_from_the_head_of_the_claim_index(database_url: str, tmp_path: Path) -> None:
    ws, _, _ = init_workspace(tmp_path, database_url)
    with ws.database.write() as conn:  # so that only the vacuumer can clean them
        conn.execute(text("ALTER TABLE task SET (autovacuum_enabled = off)"))
        conn.execute(text("ALTER TABLE assignment SET (autovacuum_enabled = off)"))
    project = make_project(ws)
    queue_records(ws, project, [make_record(i) for i in range(TASKS)])
    claimer, reader = make_annotators(ws, 2)
    for _ in range(CLAIMED):
        assert queue.claim(ws, project.id, claimer.id) is not None
    before = _claim_buffers(ws, project.id, reader.id)
    ws.close()  # the server processes that ran the claims exit and report their dead rows

    ws = open_workspace(tmp_path, database_url, postgres_vacuum_rows=CLAIMED // 2)
    vacuumer = ws.database._vacuumer
    assert vacuumer is not None
    deadline = time.monotonic() + 30
    while vacuumer.vacuums < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    after = _claim_buffers(ws, project.id, reader.id)
    try:
        # `task` holds a dead row per claim; `assignment` none yet (a lease is only inserted).
        assert _vacuum_count(ws, "task") == 1 and _vacuum_count(ws, "assignment") == 0
        # Before: the descent to the first open task plus a walk across the leaf pages of
        # 2,000 dead entries (a few hundred to a page); after, the descent alone.
        assert before - after >= CLAIMED // 400, (before, after)
        claimed = queue.claim(ws, project.id, reader.id)
        assert claimed is not None and claimed.task_id > CLAIMED  # the queue's order is unchanged
    finally:
        ws.close()


@ON_POSTGRES
def test_a_table_below_the_threshold_is_left_alone(database_url: str, tmp_path: Path) -> None:
    ws, _, _ = init_workspace(tmp_path, database_url)
    project = make_project(ws)
    queue_records(ws, project, [make_record(i) for i in range(20)])
    (annotator,) = make_annotators(ws, 1)
    for _ in range(10):
        queue.claim(ws, project.id, annotator.id)
    vacuumer = Vacuumer(ws.database.engine, dead_rows=1_000_000, interval=3600)
    try:
        with ws.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            assert vacuumer.vacuum_due(conn) == []
        assert vacuumer.vacuums == 0 and _vacuum_count(ws, "task") == 0
    finally:
        vacuumer.stop()
        ws.close()


@ON_POSTGRES
def test_only_a_database_opened_with_a_threshold_runs_a_vacuumer(database_url: str) -> None:
    plain = create_database(database_url)
    served = create_database(database_url, postgres_vacuum_rows=500)
    try:
        assert plain.queue_vacuums is None and plain._vacuumer is None
        read = served.queue_vacuums
        assert read is not None and read() == 0
    finally:
        plain.dispose()
        served.dispose()
    assert served._vacuumer is not None and not served._vacuumer._thread.is_alive()


def test_sqlite_has_no_vacuumer(tmp_path: Path) -> None:
    db = create_database(f"sqlite:///{tmp_path / 'x.db'}", postgres_vacuum_rows=500)
    assert db.queue_vacuums is None
    db.dispose()


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="dead_rows must be >= 1, not 0"):
        Vacuumer(create_database("sqlite://").engine, dead_rows=0)


@ON_POSTGRES
def test_the_web_server_vacuums_postgres_by_default_and_reports_it(database_url: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from loopline.web.app import create_app
    from loopline.web.settings import WebSettings

    init_workspace(tmp_path, database_url)[0].close()
    app = create_app(WebSettings(workspace=tmp_path, database_url=database_url))
    with TestClient(app) as client:
        assert app.state.ws.database._vacuumer is not None
        assert "loopline_postgres_queue_vacuums_total 0.0" in client.get("/metrics").text
    off = create_app(WebSettings(workspace=tmp_path, database_url=database_url, db_vacuum_rows=0))
    try:
        assert off.state.ws.database._vacuumer is None
    finally:
        off.state.ws.close()

