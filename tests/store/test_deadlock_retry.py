"""A grouped write that PostgreSQL cancels to break a deadlock runs again instead of failing."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from loopline.store import engine as engine_module
from loopline.store.engine import Database, create_database
from tests.conftest import DATABASES


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = create_database(database_url)
    with database.write() as conn:
        conn.execute(text("CREATE TABLE pair (id INTEGER PRIMARY KEY, n INTEGER)"))
        conn.execute(text("INSERT INTO pair VALUES (1, 0), (2, 0)"))
    yield database
    database.dispose()


def _crossing_jobs(db: Database) -> list[BaseException | None]:
    """Two writers that lock rows 1 and 2 in opposite orders, both holding their first row
    before either asks for its second: a deadlock on their first tries, none after."""
    both_hold_one = threading.Barrier(2)
    outcome: list[BaseException | None] = [None, None]

    def run(i: int, first: int, second: int) -> None:
        tries = 0

        def job(conn: Connection) -> None:
            nonlocal tries
            tries += 1
            conn.execute(text("UPDATE pair SET n = n + 1 WHERE id = :id"), {"id": first})
            if tries == 1:
                both_hold_one.wait(timeout=10)
            conn.execute(text("UPDATE pair SET n = n + 1 WHERE id = :id"), {"id": second})

        try:
            db.write_grouped(job)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcome[i] = exc

    threads = [threading.Thread(target=run, args=(0, 1, 2)), threading.Thread(target=run, args=(1, 2, 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcome


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_a_deadlocked_write_runs_again(db):
    assert _crossing_jobs(db) == [None, None]
    with db.read() as conn:
        assert conn.execute(text("SELECT n FROM pair ORDER BY id")).scalars().all() == [2, 2]


@pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)
def test_without_retries_the_deadlock_reaches_one_caller(db, monkeypatch):
    """The same two writers with one try each: the server cancels one of them (so the test
    above does exercise the retry), and nothing of the cancelled one is left."""
    monkeypatch.setattr(engine_module, "DEADLOCK_ATTEMPTS", 1)
    outcome = _crossing_jobs(db)
    failed = [e for e in outcome if e is not None]
    assert len(failed) == 1 and isinstance(failed[0], OperationalError)
    assert getattr(failed[0].orig, "sqlstate", None) == "40P01"
    with db.read() as conn:
        assert sorted(conn.execute(text("SELECT n FROM pair")).scalars().all()) == [1, 1]
