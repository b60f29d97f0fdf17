"""Group commit on SQLite: concurrent threads' write jobs share transactions, and each job
still succeeds or fails on its own."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event, text
from sqlalchemy.exc import IntegrityError

from loopline.store.engine import Database, create_database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = create_database(f"sqlite:///{tmp_path / 'g.db'}")
    with database.write() as conn:
        conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        conn.execute(text("CREATE TABLE item (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
        conn.execute(text(
            "CREATE TABLE child (id INTEGER PRIMARY KEY,"
            " parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
        ))
    yield database
    database.dispose()


def _insert(value: str) -> Callable[[Connection], str]:
    def job(conn: Connection) -> str:
        conn.execute(text("INSERT INTO item (v) VALUES (:v)"), {"v": value})
        return value
    return job


def _values(db: Database) -> list[str]:
    with db.read() as conn:
        return [r[0] for r in conn.execute(text("SELECT v FROM item ORDER BY v"))]


def _run_together(db: Database, jobs: dict[str, Callable[[Connection], Any]]) -> tuple[dict[str, Any], int]:
    """Start every job in its own thread while the write lock is held, so they queue up and
    run as a group; returns each job's result or exception, and the number of commits."""
    commits = 0

    def count(_conn: Any) -> None:
        nonlocal commits
        commits += 1

    event.listen(db.engine, "commit", count)
    out: dict[str, Any] = {}

    def worker(name: str, job: Callable[[Connection], Any]) -> None:
        try:
            out[name] = db.write_grouped(job)
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            out[name] = exc

    assert db._write_lock is not None
    db._write_lock.acquire()
    first = threading.Thread(target=worker, args=("first", _insert("first")))
    first.start()
    group_commit = db._lanes[0]
    assert group_commit is not None
    while not (group_commit._leading and not group_commit._pending):  # the leader took its job
        pass
    others = [threading.Thread(target=worker, args=item) for item in jobs.items()]
    for t in others:
        t.start()
    while len(group_commit._pending) < len(jobs):
        pass
    db._write_lock.release()
    for t in (first, *others):
        t.join(10)
    event.remove(db.engine, "commit", count)
    return out, commits


def test_waiting_jobs_share_one_commit(db: Database) -> None:
    out, commits = _run_together(db, {f"v{i}": _insert(f"v{i}") for i in range(10)})
    assert out == {"first": "first", **{f"v{i}": f"v{i}" for i in range(10)}}
    assert commits == 2  # the leader's own transaction, then one for the ten that waited
    assert _values(db) == sorted(["first", *(f"v{i}" for i in range(10))])


def test_a_failing_job_fails_alone_and_leaves_nothing(db: Database) -> None:
    def half_then_fail(conn: Connection) -> None:
        conn.execute(text("INSERT INTO item (v) VALUES ('half')"))
        conn.execute(text("INSERT INTO item (v) VALUES ('a')"))  # 'a' is taken: unique violation

    out, _ = _run_together(db, {"a": _insert("a"), "bad": half_then_fail, "b": _insert("b")})
    assert isinstance(out["bad"], IntegrityError)
    assert out["a"] == "a" and out["b"] == "b"
    assert _values(db) == ["a", "b", "first"]  # no 'half': the failing job left no trace


def test_a_failed_commit_fails_only_the_job_that_caused_it(db: Database) -> None:
    def orphan(conn: Connection) -> None:  # the deferred foreign key fails at COMMIT
        conn.execute(text("INSERT INTO child (parent_id) VALUES (42)"))

    out, _ = _run_together(db, {"a": _insert("a"), "orphan": orphan, "b": _insert("b")})
    assert isinstance(out["orphan"], IntegrityError)
    assert (out["a"], out["b"]) == ("a", "b")
    with db.read() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM child")).scalar_one() == 0


def test_a_job_cannot_start_a_nested_write(db: Database) -> None:
    with pytest.raises(RuntimeError, match="cannot start another write"):
        db.write_grouped(lambda conn: db.write_grouped(_insert("inner")))
    assert _values(db) == []


def test_one_thread_commits_each_job_before_returning(db: Database) -> None:
    for i in range(3):
        assert db.write_grouped(_insert(f"x{i}")) == f"x{i}"
        assert _values(db)[-1] == f"x{i}"


def assert_many_threads_lose_nothing(db: Database, writes: int) -> None:
    """16 threads each write `writes` rows through group commit; every row is there after."""
    def worker(k: int) -> None:
        for i in range(writes):
            db.write_grouped(_insert(f"{k}-{i}"))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(_values(db)) == 16 * writes


def test_many_threads_lose_nothing(db: Database) -> None:
    assert_many_threads_lose_nothing(db, writes=50)
