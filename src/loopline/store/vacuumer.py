"""Vacuuming the queue's tables on PostgreSQL from a thread of the server: the counterpart of
SQLite's `engine.Checkpointer`, run by `loopline serve`.

A claim walks the partial index `ix_task_claimable` from its head (`queue`). Claiming a task
writes a new version of its row that is no longer `open`, so the new version is not in the
index, but the old version's entry stays there, pointing at a dead row, until a VACUUM cleans
the index. Scans skip such entries cheaply once they are marked dead, yet every claim still
reads all of them, so its cost grows with the claims made since the last vacuum. Measured with
8 workers on 200,000 tasks: the server's CPU per annotate cycle rose from 465 to 774 µs over
45,000 claims, and cycles per second fell from 1,554 to 1,087; with a vacuum between rounds it
stayed at 374 to 483 µs.

Autovacuum comes too late for a queue: by default after 20% of the table has changed (200,000
rows of a queue of 1M tasks), at most once a minute (`autovacuum_naptime`, a setting of the
whole server), and it may leave the indexes alone when the dead rows sit on under 2% of the
table's pages, as a queue's do (they sit at its head). Migration 0007 lowers the per-table
thresholds, but only the server's administrator can shorten the minute.

So this thread reads the dead-row counts of the queue's tables once a second, from the
cumulative statistics that every server process reports (so it counts the claims of every
Loopline process on the database, and lease expiries, skips and imports too), and vacuums a
table, indexes included, once it holds `dead_rows`. A vacuum never blocks claims or submits
(it takes a lock that only conflicts with schema changes and other vacuums); `SKIP_LOCKED`
lets it pass over a table that autovacuum or another Loopline process is vacuuming already.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

QUEUE_TABLES = ("task", "assignment")  # the tables whose rows every claim and submit rewrites
# Dead rows that make a table due. An annotate cycle leaves about two in `task` (the claim and
# the submit rewrite its row) and one in `assignment`. A vacuum of a 1M-task queue took about
# 50 ms of one core; between vacuums the average claim reads a few thousand dead entries.
VACUUM_DEAD_ROWS = 10_000

_DEAD_ROWS = text(  # the tables as the connection's search_path finds them
    "SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE relid = ANY(ARRAY["
    + ", ".join(f"to_regclass('{table}')" for table in QUEUE_TABLES) + "])"
)


class Vacuumer:
    """Vacuums each queue table once its dead rows reach `dead_rows` (see the module's docstring)."""

    def __init__(self, engine: Engine, dead_rows: int = VACUUM_DEAD_ROWS, interval: float = 1.0) -> None:
        if dead_rows < 1:
            raise ValueError(f"dead_rows must be >= 1, not {dead_rows}")
        self._engine, self.dead_rows, self._interval = engine, dead_rows, interval
        self.vacuums = 0  # tables vacuumed (tests, metrics)
        self._warned = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="postgres-vacuumer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    self.vacuum_due(conn)
            except SQLAlchemyError as exc:  # the server restarting, say: try again next time
                if not self._warned:
                    log.warning("vacuuming the queue's tables failed (will retry): %s", exc)
                    self._warned = True

    def vacuum_due(self, conn: Connection) -> list[str]:
        """Vacuum the queue tables that hold `dead_rows` dead rows or more; returns their names.
        `conn` must be in autocommit: VACUUM cannot run inside a transaction."""
        due = [str(name) for name, dead in conn.execute(_DEAD_ROWS) if dead >= self.dead_rows]
        for name in due:
            # INDEX_CLEANUP ON: the index entries are the point, see the module's docstring.
            conn.execute(text(f'VACUUM (INDEX_CLEANUP ON, SKIP_LOCKED) "{name}"'))
            self.vacuums += 1
        return due

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
