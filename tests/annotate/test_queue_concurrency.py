"""Many workers claiming and submitting at once: every task ends with exactly `overlap`
annotations from distinct annotators, none lost, none duplicated."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from loopline.annotate import queue
from loopline.annotate.workspace import open_workspace
from tests.conftest import DATABASES
from tests.utils.factories import make_annotators, make_project, make_record, queue_records, ranking_answer

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
