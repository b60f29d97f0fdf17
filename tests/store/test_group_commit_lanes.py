"""Group commit on PostgreSQL: jobs take the lanes in turn, the jobs waiting on a lane share
one transaction, and each job still succeeds or fails on its own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, event, text
from sqlalchemy.exc import IntegrityError

from loopline.store.engine import Database, create_database
from tests.conftest import DATABASES
from tests.store.test_group_commit import _insert, _values, assert_many_threads_lose_nothing

LANES = 2


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = create_database(database_url, postgres_write_lanes=LANES)
    with database.write() as conn:
        conn.execute(text("CREATE TABLE item (id SERIAL PRIMARY KEY, v TEXT UNIQUE)"))
    yield database
    database.dispose()


def _run_behind_blockers(db: Database, jobs: dict[str, Callable[[Connection], Any]]) -> tuple[dict[str, Any], int]:
    """Hold every lane with a job that waits, queue `jobs` behind them, then let go; returns
    each job's result or exception, and the number of commits."""
    commits = 0
    count_lock = threading.Lock()

    def count(_conn: Any) -> None:
        nonlocal commits
        with count_lock:
            commits += 1

    event.listen(db.engine, "commit", count)
    release = threading.Event()
    holding = threading.Semaphore(0)
    out: dict[str, Any] = {}

    def blocker(conn: Connection) -> str:
        holding.release()
        release.wait(10)
        return "blocker"

    def worker(name: str, job: Callable[[Connection], Any]) -> None:
        try:
            out[name] = db.write_grouped(job)
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            out[name] = exc

    blockers = [threading.Thread(target=worker, args=(f"blocker{i}", blocker)) for i in range(LANES)]
    for t in blockers:  # one after the other: the lanes are taken in turn, so each holds one
        t.start()
        assert holding.acquire(timeout=10)
    others = [threading.Thread(target=worker, args=item) for item in jobs.items()]
    for t in others:
        t.start()
    deadline = time.monotonic() + 10
    while sum(len(lane._pending) for lane in db._lanes) < len(jobs) and time.monotonic() < deadline:
        time.sleep(0.001)
    release.set()
    for t in (*blockers, *others):
        t.join(10)
    event.remove(db.engine, "commit", count)
    return out, commits


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_jobs_waiting_on_each_lane_share_one_commit(db: Database) -> None:
    out, commits = _run_behind_blockers(db, {f"v{i}": _insert(f"v{i}") for i in range(10)})
    assert out == {**{f"blocker{i}": "blocker" for i in range(LANES)}, **{f"v{i}": f"v{i}" for i in range(10)}}
    assert commits == 2 * LANES  # each lane: its blocker's transaction, then one for the jobs behind it
    assert _values(db) == sorted(f"v{i}" for i in range(10))


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_a_failing_job_fails_alone_and_leaves_nothing(db: Database) -> None:
    def half_then_fail(conn: Connection) -> None:
        conn.execute(text("INSERT INTO item (v) VALUES ('half')"))
        conn.execute(text("INSERT INTO item (v) VALUES ('a')"))  # 'a' is taken: unique violation

    jobs = {"a": _insert("a"), "b": _insert("b"), "bad": half_then_fail, "c": _insert("c"), "d": _insert("d")}
    out, _ = _run_behind_blockers(db, jobs)
    assert isinstance(out["bad"], IntegrityError)
    assert [out[k] for k in "abcd"] == list("abcd")
    assert _values(db) == list("abcd")  # no 'half': the failing job left no trace


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_a_job_cannot_start_a_write_in_another_lane(db: Database) -> None:
    with pytest.raises(RuntimeError, match="cannot start another write"):
        db.write_grouped(lambda conn: db.write_grouped(_insert("inner")))
    assert _values(db) == []


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_many_threads_lose_nothing(db: Database) -> None:
    assert_many_threads_lose_nothing(db, writes=40)


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_a_write_runs_on_the_connection_returned_last(db: Database) -> None:
    """The pool is last in, first out, so the lanes keep to a few warm server backends."""
    pid = text("SELECT pg_backend_pid()")
    with db.engine.connect() as first, db.engine.connect() as last:
        first_pid = first.execute(pid).scalar_one()
        last_pid = last.execute(pid).scalar_one()
    # `last` went back to the pool before `first`: `first` is the one returned last
    assert first_pid != last_pid
    with db.write() as conn:
        assert conn.execute(pid).scalar_one() == first_pid


def test_sqlite_has_one_lane(tmp_path) -> None:
    with pytest.raises(ValueError, match="write_lanes must be 1 on SQLite"):
        Database(create_database(f"sqlite:///{tmp_path / 'x.db'}").engine, write_lanes=2)


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_the_web_server_opens_postgres_with_its_write_lanes(database_url: str, tmp_path) -> None:
    from loopline.annotate.workspace import init_workspace
    from loopline.web.app import create_app
    from loopline.web.settings import WebSettings

    init_workspace(tmp_path, database_url)[0].close()
    app = create_app(WebSettings(workspace=tmp_path, database_url=database_url, db_write_lanes=3))
    try:
        assert len(app.state.ws.database._lanes) == 3
    finally:
        app.state.ws.close()
