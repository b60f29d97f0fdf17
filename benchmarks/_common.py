"""Shared helpers of the benchmark scripts: fresh workspaces and fast seeding."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.progress import Progress
from sqlalchemy import create_engine, text

from loopline.annotate import queue
from loopline.annotate.projects import create_project
from loopline.annotate.queue import Lease, Submitted
from loopline.annotate.workspace import Workspace, init_workspace, open_workspace
from loopline.core.project import ProjectDefinition
from loopline.core.records import content_hash
from loopline.settings import normalize_database_url
from loopline.store.vacuumer import VACUUM_DEAD_ROWS

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def fresh_workspace(
    kind: str, pg_url: str | None = None, *, served: bool = False, vacuumed: bool = False
) -> Iterator[Workspace]:
    """A new workspace on SQLite (a temp file) or PostgreSQL (a schema dropped afterwards).

    `served`: open the SQLite database as `loopline serve` does, with the write-ahead log
    checkpointed by a background thread instead of inside commits. `vacuumed`: open the
    PostgreSQL database as `loopline serve` does, with the queue's tables vacuumed by a
    background thread (`store.vacuumer`) instead of left to autovacuum.
    """
    with tempfile.TemporaryDirectory(prefix="loopline-bench-") as tmp:
        if kind == "sqlite":
            ws, _, _ = init_workspace(Path(tmp))
            if served:
                ws.close()
                ws = open_workspace(Path(tmp), sqlite_checkpointer=True)
            try:
                yield ws
            finally:
                ws.close()
            return
        base = normalize_database_url(pg_url or os.environ.get("LOOPLINE_TEST_DATABASE_URL") or PG_DEFAULT)
        schema = "bench_" + uuid.uuid4().hex[:8]
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        try:
            url = f"{base}?options=-csearch_path%3D{schema}"
            ws, _, _ = init_workspace(Path(tmp), url)
            if vacuumed:
                ws.close()
                ws = open_workspace(Path(tmp), url, postgres_vacuum_rows=VACUUM_DEAD_ROWS)
            try:
                yield ws
            finally:
                ws.close()
        finally:
            with admin.connect() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()


def seed_tasks(ws: Workspace, project_id: int, n: int, overlap: int, progress: Progress, batch: int = 20_000) -> None:
    """Queue n two-response records straight through the store (fast, no file parsing)."""
    from loopline.store import records as record_store
    from loopline.store import tasks as task_store

    bar = progress.add_task(f"seeding {n:,} tasks", total=n)
    now = time.time()
    for start in range(0, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            data = {"prompt": f"benchmark prompt {i}", "responses": [{"content": f"a{i}", "metadata": {}}, {"content": f"b{i}", "metadata": {}}]}
            rows.append({"hash": content_hash(data), "data": data, "conversational": False, "source": "bench", "created_at": now})
        with ws.database.write() as conn:
            ids = record_store.insert_records(conn=conn, rows=rows)
            task_store.insert_tasks(conn=conn, rows=[
                {"project_id": project_id, "record_id": rid, "status": "open", "priority": 0, "route": None,
                 "needed": overlap, "leased": 0, "submitted": 0, "created_at": now}
                for rid in ids.values()
            ])
        progress.update(bar, advance=len(rows))
    if ws.database.dialect == "postgresql":
        with ws.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE task"))
            conn.execute(text("VACUUM ANALYZE record"))


def bare_insert(ws: Workspace) -> Callable[[int], None]:
    """The ceiling's transaction: one INSERT of a small row (`worker`, time) through the
    workspace's write path, the least a write can cost there. Creates its table if missing."""
    serial = "INTEGER" if ws.database.is_sqlite else "SERIAL"
    with ws.database.write() as conn:
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS bench_ceiling (id {serial} PRIMARY KEY, worker INTEGER, at FLOAT)"))
    insert = text("INSERT INTO bench_ceiling (worker, at) VALUES (:w, :t)")

    def write(worker: int) -> None:
        with ws.database.write() as conn:
            conn.execute(insert, {"w": worker, "t": time.time()})

    return write


def ranking_queue(ws: Workspace, tasks: int, overlap: int, progress: Progress) -> int:
    """A project ranking two responses per task, with `tasks` tasks queued; returns its id."""
    project = create_project(ws, ProjectDefinition(
        name="bench", questions=[{"type": "ranking", "name": "rank"}], overlap=overlap, lease_seconds=600,
    ))
    seed_tasks(ws, project.id, tasks, overlap, progress)
    return project.id


def annotate_cycle(ws: Workspace, project_id: int, annotator_id: int, lease: Lease) -> Submitted:
    """One annotate cycle as the annotator page runs it: submit a ranking answer to the leased
    task and lease the next in the same call (`claim_next`)."""
    return queue.submit(ws, project_id, annotator_id, lease.task_id, {"rank": [1, 2]},
                        client_key=f"{annotator_id}:{lease.task_id}", claim_next=True)


def annotator_loop(ws: Workspace, project_id: int, annotator_id: int) -> Callable[[], None]:
    """One annotator's cycles back to back: each call submits the task leased last and leases
    the next (`annotate_cycle`); the first lease is taken here."""
    lease = queue.claim(ws, project_id, annotator_id)

    def cycle() -> None:
        nonlocal lease
        assert lease is not None, "the queue ran dry: give more --tasks"
        lease = annotate_cycle(ws, project_id, annotator_id, lease).next

    return cycle


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
