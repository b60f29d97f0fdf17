"""Group commit: the short write jobs of concurrent threads share one transaction.

SQLite has one writer at a time, so threads of a process that write queue up on the write
lock and each pays for its own BEGIN and COMMIT; the commit writes every page the transaction
dirtied to the WAL. An annotate cycle dirties about a dozen pages, mostly the same hot index
pages as the cycle before it. Here the jobs that arrive while a transaction is running wait
together, and the next leader runs them all in one transaction (flat combining) and commits
once: the pages are written once for the whole group.

PostgreSQL runs writers side by side, but each transaction pays fixed costs that outweigh a
short job on a small machine: two more round trips (BEGIN, COMMIT), a WAL flush, and locks on
every table and index the job touches (an annotate cycle touches 21, more than a backend's 16
fast-path lock slots, so some go through the shared lock table). There `Database` runs a few
of these groups side by side, one per lane: a single lane leaves the server idle while the
client runs Python between statements.

A job's effects are the same as in a transaction of its own. When one job of a group raises,
the group's transaction is rolled back and each job runs again in a transaction of its own,
so only the failing job's thread sees its exception (a job must therefore touch nothing but
the database: it may run twice). A job's thread returns only after the commit that holds its
writes. Per-job SAVEPOINTs would avoid the rerun but cost two more statements per job, and a
job fails rarely (a stale lease, a reused client key). On PostgreSQL a failure may also be a
deadlock between two lanes' groups, which the server breaks by cancelling one after
`deadlock_timeout`: the reruns retry it (`Database.write_retrying`).
benchmarks/queue_throughput.py measures the gain.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection

if TYPE_CHECKING:
    from loopline.store.engine import Database

T = TypeVar("T")

MAX_GROUP = 64  # jobs per transaction: bounds the latency of the group's last job
GATHER_SECONDS = 0.002  # how long a leader waits for the threads of the last group to come back


class _Job:
    __slots__ = ("done", "error", "fn", "lead", "result")

    def __init__(self, fn: Callable[[Connection], Any]) -> None:
        self.fn = fn
        self.done = threading.Event()
        self.lead = False  # set with `done` when this job's thread is to run the next group
        self.result: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    """Runs write jobs of concurrent threads in shared transactions of `database`."""

    def __init__(self, database: Database, inside: threading.local | None = None) -> None:
        """`inside`: shared by the lanes of one database, so that a job cannot start a write
        in another lane either (on PostgreSQL it could wait on its own transaction's locks)."""
        self._database = database
        self._mutex = threading.Lock()
        self._arrived = threading.Condition(self._mutex)
        self._pending: list[_Job] = []
        self._leading = False
        self._last_size = 1
        self._inside = inside or threading.local()  # set on a thread while it runs a group's jobs

    def run(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn(conn)` in a write transaction (shared with other threads' jobs) and
        return its result once that transaction has committed."""
        if getattr(self._inside, "active", False):
            raise RuntimeError("a group-commit job cannot start another write: it would wait on itself")
        with self._mutex:
            solo = not self._leading and self._last_size <= 1
            if solo:  # nobody else is writing: no job object, no event, no gathering
                self._leading = True
            else:
                job = _Job(fn)
                self._pending.append(job)
                follow = self._leading
                self._leading = True
                self._arrived.notify()
        if solo:
            try:
                self._inside.active = True
                return self._database.write_retrying(fn)
            finally:
                self._inside.active = False
                self._hand_over()
        if follow:
            job.done.wait()
        if not follow or job.lead:
            self._lead()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[no-any-return]

    def _lead(self) -> None:
        with self._mutex:
            self._gather()
            group, self._pending = self._pending[:MAX_GROUP], self._pending[MAX_GROUP:]
            self._last_size = len(group)
        try:
            self._execute(group)
        finally:
            self._hand_over()
            for job in group:
                job.done.set()

    def _hand_over(self) -> None:
        """Wake the first waiting job's thread to lead the next group, or stand down."""
        with self._mutex:
            if self._pending:
                successor = self._pending[0]
                successor.lead = True
                successor.done.set()
            else:
                self._leading = False

    def _gather(self) -> None:
        """Wait (briefly) for as many jobs as the last group had, like PostgreSQL's
        commit_delay with commit_siblings.

        Without it, the first thread back from a group leads a group of one while the others
        are still running Python between cycles, and that transaction crawls: each of its
        statements releases the GIL and waits to get it back from them. Called holding the
        mutex; a single writer never waits.
        """
        deadline = time.monotonic() + GATHER_SECONDS
        while len(self._pending) < min(self._last_size, MAX_GROUP):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._arrived.wait(remaining)

    def _execute(self, group: list[_Job]) -> None:
        self._inside.active = True
        try:
            self._run_group(group)
        finally:
            self._inside.active = False

    def _run_group(self, group: list[_Job]) -> None:
        if len(group) > 1:
            committed: list[Any] | None = None
            with contextlib.suppress(BaseException):  # a job failed: rerun alone below, so only its thread sees it
                with self._database.write() as conn:
                    results = [job.fn(conn) for job in group]
                committed = results  # only once the commit has succeeded
            if committed is not None:
                for job, result in zip(group, committed, strict=True):
                    job.result = result
                return
        for job in group:
            try:
                job.result = self._database.write_retrying(job.fn)
            except BaseException as exc:  # noqa: BLE001 - it belongs to the job's thread
                job.error = exc
