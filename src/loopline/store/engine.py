"""Opening a workspace database: SQLite (WAL) by default, PostgreSQL (psycopg 3) by URL.

SQLite allows one writer at a time. Two threads of one process that both write would fight
for the file lock and time out, so `Database.write()` serialises writers of a process on a
lock and opens each write transaction with `BEGIN IMMEDIATE` (taking the lock up front instead
of failing on upgrade). Readers run beside it thanks to WAL. PostgreSQL needs none of this;
there `Database.write_grouped` spreads the writes over a few group-commit lanes instead of one
(`group_commit`).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from loopline.settings import normalize_database_url
from loopline.store.group_commit import GroupCommit
from loopline.store.vacuumer import Vacuumer

T = TypeVar("T")

DEADLOCK_ATTEMPTS = 3  # tries of a grouped write that PostgreSQL cancels to break a deadlock
_DEADLOCK_DETECTED = "40P01"
# Group-commit transactions a process runs at once on PostgreSQL (`group_commit`): two kept a
# 2-core machine's server busy at 8 and 32 annotators; more split the groups smaller.
POSTGRES_WRITE_LANES = 2
# Log frames (pages) at which SQLite's write-ahead log is copied back and started afresh: by
# SQLite's automatic checkpoint on the command line, by the `Checkpointer` thread in a server.
LOG_FRAMES = 10_000
CATCH_UP_PASSES = 4
CATCH_UP_FRAMES = 500  # new log frames (pages) a pass may leave for the pass under the lock


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


@dataclass
class Database:
    """An engine plus the write discipline its dialect needs."""

    engine: Engine
    _write_lock: threading.Lock | None = field(default=None, repr=False)
    _checkpointer: Checkpointer | None = field(default=None, repr=False)
    _vacuumer: Vacuumer | None = field(default=None, repr=False)
    write_lanes: int = 1  # group-commit transactions that may run at once (see `group_commit`)
    _lanes: list[GroupCommit] = field(init=False, repr=False)
    _next_lane: Iterator[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.write_lanes < 1 or (self.is_sqlite and self.write_lanes != 1):
            raise ValueError(f"write_lanes must be 1 on SQLite (one writer at a time), >= 1 on PostgreSQL, not {self.write_lanes}")
        inside = threading.local()
        self._lanes = [GroupCommit(self, inside) for _ in range(self.write_lanes)]
        self._next_lane = itertools.cycle(range(self.write_lanes))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A read-write transaction, committed on success and rolled back on error."""
        lock = self._write_lock or contextlib.nullcontext()
        with lock, self.engine.connect() as conn:
            if self.is_sqlite:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    def write_grouped(self, job: Callable[[Connection], T]) -> T:
        """`job(conn)` in a write transaction that may be shared with other threads' jobs
        (see `group_commit`), so a job must not commit or roll back. Jobs take the lanes in
        turn (one lane on SQLite).

        A job may run more than once, so it touches nothing but the database. On PostgreSQL
        that also lets a transaction the server cancelled to break a deadlock run again.
        """
        return self._lanes[next(self._next_lane)].run(job)

    def write_retrying(self, job: Callable[[Connection], T]) -> T:
        """`job(conn)` in a write transaction of its own; on PostgreSQL, run again when the
        server cancels it to break a deadlock, as the server's documentation asks of
        applications, instead of failing its caller."""
        attempt = 1
        while True:
            try:
                with self.write() as conn:
                    return job(conn)
            except OperationalError as exc:
                if attempt >= DEADLOCK_ATTEMPTS or getattr(exc.orig, "sqlstate", None) != _DEADLOCK_DETECTED:
                    raise
                attempt += 1

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction (a consistent snapshot on both dialects)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @property
    def checkpoint_restarts(self) -> Callable[[], int] | None:
        """Reads how often the background checkpointer restarted the log; None without one."""
        checkpointer = self._checkpointer
        return None if checkpointer is None else (lambda: checkpointer.restarts)

    @property
    def queue_vacuums(self) -> Callable[[], int] | None:
        """Reads how often the background vacuumer vacuumed a queue table; None without one."""
        vacuumer = self._vacuumer
        return None if vacuumer is None else (lambda: vacuumer.vacuums)

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        if self._vacuumer is not None:
            self._vacuumer.stop()
        self.engine.dispose()


class Checkpointer:
    """Copies SQLite's write-ahead log back into the database file from a thread of its own.

    With automatic checkpoints, every ~thousandth commit pays for copying the log, inside the
    writer's transaction: in the web server that stalled every request behind it (p99 of
    hundreds of ms). Most of that time is the fsync of the log, whose cost grows with the bytes
    written since the last one. A PASSIVE checkpoint never waits for readers or writers, and
    sqlite3 releases the GIL while it copies, so this runs beside the server on the other core.

    Under steady writes a passive checkpoint never catches up: frames arrive while it copies,
    so the log is never wholly copied, SQLite never starts it again from the top, and it grows
    without bound (2 GB after 80,000 annotate cycles), making every read that misses the
    cache search more of it. So once the log holds `restart_frames`, the thread copies what
    came during its last pass, again without the lock while that shrinks, and then the last
    few frames holding the process's write lock: the next write starts the log afresh.
    """

    def __init__(
        self, path: str, write_lock: threading.Lock, interval: float = 0.25, restart_frames: int = LOG_FRAMES
    ) -> None:
        self._path, self._write_lock, self._interval = path, write_lock, interval
        self.restart_frames = restart_frames
        self.restarts = 0  # times the log was caught up under the write lock (tests, metrics)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpointer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import sqlite3

        conn = sqlite3.connect(self._path, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=1000")
        try:
            while not self._stop.wait(self._interval):
                with contextlib.suppress(sqlite3.OperationalError):
                    self._checkpoint(conn)
        finally:
            conn.close()

    def _checkpoint(self, conn: Any) -> None:
        frames, _ = _passive_checkpoint(conn)
        if frames < self.restart_frames:
            return
        for _ in range(CATCH_UP_PASSES):  # each pass only copies what came during the last one
            before = frames
            frames, copied = _passive_checkpoint(conn)
            if frames == before and copied == frames:
                return  # nothing came meanwhile and all is copied: the next write restarts the log
            if frames - before <= CATCH_UP_FRAMES:
                break
        with self._write_lock:  # a short pause: only what came during the last pass is left
            _passive_checkpoint(conn)
        self.restarts += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def _passive_checkpoint(conn: Any) -> tuple[int, int]:
    """Copy what the log holds that no reader still needs: (frames in the log, frames copied)."""
    _busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(frames), int(copied)


def create_database(
    url: str, *, sqlite_synchronous: str = "NORMAL", sqlite_checkpointer: bool = False,
    postgres_write_lanes: int = POSTGRES_WRITE_LANES, postgres_vacuum_rows: int | None = None,
    **engine_args: Any,
) -> Database:
    """`sqlite_checkpointer`: checkpoint the WAL from a background thread instead of inside
    commits (long-running servers; see `Checkpointer`). `postgres_write_lanes`: group-commit
    transactions at once on PostgreSQL (see `group_commit`). `postgres_vacuum_rows`: vacuum
    the queue's tables from a background thread once they hold this many dead rows
    (long-running servers; see `vacuumer`); None leaves them to autovacuum."""
    url = normalize_database_url(url)
    common: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        engine = create_engine(url, **common, **engine_args)
        _configure_sqlite(engine, sqlite_synchronous, autocheckpoint=0 if sqlite_checkpointer else LOG_FRAMES)
        write_lock = threading.Lock()
        checkpointer = Checkpointer(engine.url.database or "", write_lock) if sqlite_checkpointer else None
        return Database(engine, write_lock, checkpointer)
    if "poolclass" not in engine_args:
        engine_args.setdefault("pool_size", 40)
        engine_args.setdefault("max_overflow", 20)
        # The connection returned last goes out first: the write lanes keep running on the
        # same few server backends, whose caches are warm. First in, first out handed each
        # group the connection idle longest of those it held, a backend gone cold: 7% fewer cycles
        # with 8 annotators (benchmarks/queue_throughput.py), the bare ceiling unchanged.
        engine_args.setdefault("pool_use_lifo", True)
    engine = create_engine(url, pool_recycle=1800, **common, **engine_args)
    database = Database(engine, write_lanes=postgres_write_lanes)
    if postgres_vacuum_rows is not None:
        database._vacuumer = Vacuumer(engine, postgres_vacuum_rows)
    return database


def _configure_sqlite(engine: Engine, synchronous: str, *, autocheckpoint: int) -> None:
    if synchronous not in ("NORMAL", "FULL"):
        raise ValueError(f"sqlite synchronous must be NORMAL or FULL, not {synchronous!r}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see module docstring)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA cache_size=-65536")
        # 0 when a Checkpointer thread does it; otherwise every ~40 MB of WAL instead of 4 MB:
        # an annotate cycle dirties a dozen index pages, mostly the same hot ones, which a
        # rarer checkpoint writes back once.
        cur.execute(f"PRAGMA wal_autocheckpoint={autocheckpoint}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
