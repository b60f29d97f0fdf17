"""Where the (synchronous) service calls run.

SQLite has one writer per process, and its writes pushed through a thread pool starve each
other (second-long tails, PERFORMANCE-NOTES). So on SQLite a service call runs straight on the
event loop's thread: a claim or a submit takes a fraction of a millisecond, less than a thread
hop would cost. PostgreSQL waits on the network for every statement, so there calls go to a
small pool of threads (`db_threads`) and the loop keeps serving requests meanwhile. Long work
(an import, a dataset build) always goes to a thread of its own so the loop stays responsive.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

R = TypeVar("R")


class DbRunner:
    def __init__(self, *, inline: bool, threads: int) -> None:
        self.inline = inline
        self._pool = None if inline else ThreadPoolExecutor(threads, thread_name_prefix="loopline-db")
        self._slow = ThreadPoolExecutor(2, thread_name_prefix="loopline-slow")

    async def __call__(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Run a short service call (a claim, a submit, a lookup)."""
        if self._pool is None:
            return fn(*args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    async def slow(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Run a long service call (an import, an export) off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self._slow, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        self._slow.shutdown(wait=True)
