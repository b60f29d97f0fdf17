"""Many workers claiming and submitting at once: every task ends with exactly `overlap`
annotations from distinct annotators, none lost, none duplicated."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from loopline.annotate import queue
from loopline.annotate.workspace import open_workspace
from tests.conftest import DATABASES
from tests.utils.factories import (
    make_annotators,
    make_project,
    make_record,
    queue_records,
    ranking_answer,
)

N_TASKS = 120
OVERLAP = 3


def _work(ws, project_id: int, annotator_id: int) -> int:
    done = 0
    while (lease := queue.claim(ws, project_id, annotator_id)) is not None:
        queue.submit(ws, project_id, annotator_id, lease.task_id, ranking_answer(lease.record),
                     client_key=f"{annotator_id}-{lease.task_id}")
        done += 1
    return done


def _assert_exact_overlap(ws, project_id: int, n_tasks: int, overlap: int) -> None:
    with ws.database.read() as conn:
        per_task = conn.execute(text(
            "SELECT t.id, t.status, t.submitted, t.leased, COUNT(a.id), COUNT(DISTINCT a.annotator_id)"
            " FROM task t LEFT JOIN annotation a ON a.task_id = t.id"
            " WHERE t.project_id = :p GROUP BY t.id, t.status, t.submitted, t.leased"
        ), {"p": project_id}).all()
    assert len(per_task) == n_tasks
    for task_id, status, submitted, leased, n, distinct in per_task:
        assert (status, submitted, leased, n, distinct) == ("done", overlap, 0, overlap, overlap), task_id


def test_32_threads_fill_every_task_exactly(workspace):
    """32 threads drain a shared queue; each task gets exactly `overlap` distinct annotations."""
    p = make_project(workspace, overlap=OVERLAP)
    queue_records(workspace, p, [make_record(i) for i in range(N_TASKS)])
    annotators = make_annotators(workspace, 32)
    with ThreadPoolExecutor(32) as pool:
        totals = list(pool.map(lambda a: _work(workspace, p.id, a.id), annotators))
    assert sum(totals) == N_TASKS * OVERLAP
    _assert_exact_overlap(workspace, p.id, N_TASKS, OVERLAP)


def _process_worker(url: str, root: str, project_id: int, annotator_ids: list[int]) -> int:
    ws = open_workspace(__import__("pathlib").Path(root), url)
    try:
        with ThreadPoolExecutor(len(annotator_ids)) as pool:
            return sum(pool.map(lambda a: _work(ws, project_id, a), annotator_ids))
    finally:
        ws.close()


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_processes_share_one_postgres_queue(workspace, database_url):
    """Four processes of eight threads each share a PostgreSQL queue without double-filling."""
    p = make_project(workspace, overlap=OVERLAP)
    queue_records(workspace, p, [make_record(i) for i in range(N_TASKS)])
    ids = [a.id for a in make_annotators(workspace, 32)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        totals = pool.starmap(
            _process_worker, [(database_url, str(workspace.root), p.id, ids[i::4]) for i in range(4)]
        )
    assert sum(totals) == N_TASKS * OVERLAP
    _assert_exact_overlap(workspace, p.id, N_TASKS, OVERLAP)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_processes_share_one_queue(workspace, database_url):
    """Two processes on one SQLite file (busy timeout + BEGIN IMMEDIATE) never double-fill."""
    p = make_project(workspace, overlap=2)
    queue_records(workspace, p, [make_record(i) for i in range(60)])
    ids = [a.id for a in make_annotators(workspace, 8)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        totals = pool.starmap(
            _process_worker, [(database_url, str(workspace.root), p.id, ids[i::2]) for i in range(2)]
        )
    assert sum(totals) == 120
    _assert_exact_overlap(workspace, p.id, 60, 2)


def _wait_until_blocked(ws, marker: str, timeout: float = 10.0) -> None:
    """Until a backend running a statement containing `marker` waits for a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with ws.database.read() as conn:
            waiting = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database() AND position(:m in query) > 0"
            ), {"m": marker}).scalar_one()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError("the submit never waited for the lock")


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_submit_locks_its_own_task_before_claiming_the_next(workspace, database_url):
    """A claim's SKIP LOCKED scan keeps a lock on every row it tried, including rows that no
    longer match (another annotator's task, just leased). If a submit-and-claim statement took
    its next task before locking the task it submits, two annotators holding such stray locks
    on each other's tasks deadlocked (seen at 32 workers). Here another transaction holds a
    stray lock on the submitted task: the submit must wait for it while holding no other task,
    so the next task in line is still free to lock."""
    p = make_project(workspace)
    first, second, _ = queue_records(workspace, p, [make_record(i) for i in range(3)])
    (annotator,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, annotator.id)
    assert lease is not None and lease.task_id == first

    with workspace.database.engine.connect() as other, ThreadPoolExecutor(1) as pool:
        other.begin()
        other.execute(text("SELECT id FROM task WHERE id = :t FOR UPDATE"), {"t": first})
        submitting = pool.submit(queue.submit, workspace, p.id, annotator.id, first,
                                 ranking_answer(lease.record), claim_next=True)
        _wait_until_blocked(workspace, "filled")
        # Without the ordering this raises LockNotAvailable: the submit already held `second`.
        other.execute(text("SELECT id FROM task WHERE id = :t FOR UPDATE NOWAIT"), {"t": second})
        other.rollback()
        result = submitting.result(timeout=10)
    assert result.created and result.next is not None and result.next.task_id == second


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_claim_checks_past_assignments_by_index_whatever_the_statistics(workspace, database_url):
    """The "never the same task twice" check looks up (task, annotator) in the assignment
    key for each candidate. Fed statistics from when the table was small, PostgreSQL turned it
    into an anti-join over every assignment of the annotator, read in full on each claim:
    0.6 of 0.8 ms per cycle after 2,800 tasks, and growing with every task done."""
    from loopline.store import queue as queue_sql

    p = make_project(workspace)
    queue_records(workspace, p, [make_record(i) for i in range(3000)])
    (annotator,) = make_annotators(workspace, 1)
    with workspace.database.write() as conn:
        conn.execute(text("ANALYZE task"))  # thousands of open tasks, as after an import
        conn.execute(text(
            "INSERT INTO assignment (task_id, annotator_id, status, expires_at, created_at, updated_at)"
            " SELECT id, :a, 'submitted', 0, 0, 0 FROM task WHERE project_id = :p ORDER BY id LIMIT 2900"
        ), {"a": annotator.id, "p": p.id})
    params = {"project_id": p.id, "annotator_id": annotator.id}
    with workspace.database.read() as conn:
        for lock in (True, False):
            sql = queue_sql._pyformat(queue_sql._claim_sql("{candidate}", "any", 0, lock=lock))
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}", params))
            assert "Seq Scan on assignment" not in plan and "uq_assignment_task_id_annotator_id" in plan, plan
