"""Opening a workspace database: SQLite (WAL) by default, PostgreSQL (psycopg 3) by URL.

SQLite allows one writer at a time. Two threads of one process that both write would fight
for the file lock and time out, so `Database.write()` serialises writers of a process on a
lock and opens each write transaction with `BEGIN IMMEDIATE` (taking the lock up front instead
of failing on upgrade). Readers run beside it thanks to WAL. PostgreSQL needs none of this.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event

from loopline.settings import normalize_database_url


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


@dataclass
class Database:
    """An engine plus the write discipline its dialect needs."""

    engine: Engine
    _write_lock: threading.Lock | None = field(default=None, repr=False)

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
        with lock:
            with self.engine.connect() as conn:
                if self.is_sqlite:
                    conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction (a consistent snapshot on both dialects)."""
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def create_database(url: str, *, sqlite_synchronous: str = "NORMAL", **engine_args: Any) -> Database:
    url = normalize_database_url(url)
    common: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        engine = create_engine(url, **common, **engine_args)
        _configure_sqlite(engine, sqlite_synchronous)
        return Database(engine, threading.Lock())
    if "poolclass" not in engine_args:
        engine_args.setdefault("pool_size", 40)
        engine_args.setdefault("max_overflow", 20)
    engine = create_engine(url, pool_recycle=1800, **common, **engine_args)
    return Database(engine)


def _configure_sqlite(engine: Engine, synchronous: str) -> None:
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
        # Checkpoint every ~40 MB of WAL instead of 4 MB: an annotate cycle dirties a dozen
        # index pages, mostly the same hot ones, which a rarer checkpoint writes back once.
        cur.execute("PRAGMA wal_autocheckpoint=10000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
