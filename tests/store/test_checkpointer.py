"""The background checkpointer keeps SQLite's write-ahead log bounded under steady writes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import text

from loopline.store.engine import Checkpointer, create_database

ROW = "x" * 3000  # about one page of log per transaction


def _write_until(db, stop: threading.Event, written: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Back-to-back write transactions with no pause between them: a passive checkpoint
    started meanwhile always finds frames newer than the ones it copied."""
    while not stop.is_set():
        with db.write() as conn:
            conn.execute(text("INSERT INTO log_filler (body) VALUES (:b)"), {"b": ROW})
        written[0] += 1


def test_the_log_starts_afresh_while_writers_never_pause(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    db = create_database(f"sqlite:///{path}")  # its own automatic checkpoints come after 10,000 frames
    with db.write() as conn:
        conn.execute(text("CREATE TABLE log_filler (id INTEGER PRIMARY KEY, body TEXT)"))
    assert db._write_lock is not None
    checkpointer = Checkpointer(str(path), db._write_lock, interval=0.005, restart_frames=200)
    stop, written = threading.Event(), [0]
    writer = threading.Thread(target=_write_until, args=(db, stop, written))
    writer.start()
    deadline = time.monotonic() + 20
    try:
        while (checkpointer.restarts < 3 or written[0] < 3000) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        writer.join()
        checkpointer.stop()
    assert checkpointer.restarts >= 3, f"the log was never caught up under the write lock ({written[0]} writes)"
    with db.engine.connect() as conn:
        _busy, log_frames, _copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    # Each write adds about three frames to the log. Without the restarts it would hold them
    # all (38 MB for 3,000 writes); after one it holds only the frames written since.
    assert log_frames < written[0], f"{log_frames:,} frames in the log after {written[0]:,} writes"
    with db.read() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM log_filler")).scalar_one() == written[0]
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    db.dispose()


def test_a_quiet_log_is_left_to_passive_checkpoints(tmp_path: Path) -> None:
    """Below `restart_frames` the checkpointer never takes the writers' lock."""
    path = tmp_path / "quiet.db"
    db = create_database(f"sqlite:///{path}")
    with db.write() as conn:
        conn.execute(text("CREATE TABLE log_filler (id INTEGER PRIMARY KEY, body TEXT)"))
    assert db._write_lock is not None
    checkpointer = Checkpointer(str(path), db._write_lock, interval=0.005, restart_frames=10_000)
    try:
        for _ in range(50):
            with db.write() as conn:
                conn.execute(text("INSERT INTO log_filler (body) VALUES (:b)"), {"b": ROW})
        time.sleep(0.1)
    finally:
        checkpointer.stop()
    assert checkpointer.restarts == 0
    db.dispose()


def test_a_long_log_with_no_writer_left_is_copied_without_the_lock(tmp_path: Path) -> None:
    """Once writers stop, a passive checkpoint copies the whole log and the next write restarts
    it: the thread has no reason to stop writers, however long the log is."""
    path = tmp_path / "stopped.db"
    db = create_database(f"sqlite:///{path}")
    with db.write() as conn:
        conn.execute(text("CREATE TABLE log_filler (id INTEGER PRIMARY KEY, body TEXT)"))
    for _ in range(300):  # about 900 frames, under the connection's own automatic checkpoint
        with db.write() as conn:
            conn.execute(text("INSERT INTO log_filler (body) VALUES (:b)"), {"b": ROW})
    assert db._write_lock is not None
    checkpointer = Checkpointer(str(path), db._write_lock, interval=0.005, restart_frames=200)
    try:
        time.sleep(0.1)  # twenty passes
    finally:
        checkpointer.stop()
    with db.engine.connect() as conn:
        _busy, log_frames, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert log_frames >= 200 and copied == log_frames
    assert checkpointer.restarts == 0
    db.dispose()


def test_the_database_reports_its_checkpointers_restarts(tmp_path: Path) -> None:
    """What `/metrics` reads as loopline_sqlite_log_restarts_total."""
    plain = create_database(f"sqlite:///{tmp_path / 'plain.db'}")
    served = create_database(f"sqlite:///{tmp_path / 'served.db'}", sqlite_checkpointer=True)
    try:
        assert plain.checkpoint_restarts is None
        read = served.checkpoint_restarts
        assert read is not None and read() == 0
        assert served._checkpointer is not None
        served._checkpointer.restarts = 2
        assert read() == 2
    finally:
        plain.dispose()
        served.dispose()
