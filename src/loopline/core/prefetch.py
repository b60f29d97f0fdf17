"""Run an iterator in a thread of its own, a few items ahead of its consumer.

A bulk import alternates two kinds of work: preparing rows in Python (parse, validate, hash)
and waiting for the database to take the last batch. Done in one thread, the database sits
idle while Python prepares and Python sits idle while the database writes. With the
preparation in a thread here, it goes on while the consumer waits on the database (the
driver releases the GIL while it waits), so on two cores the two overlap.

While a producer runs, CPython's GIL changes hands every millisecond instead of every five
(`sys.setswitchinterval`, process-wide, restored when the last prefetch ends). When the
driver's wait returns, the consumer needs the GIL back to send the next statement; with the
producer busy it waited up to the full interval, and the database sat idle meanwhile, once
per round trip. A 500k-row PostgreSQL import took 16.6 s with the default and 15.0 s with
1 ms (0.5 and 0.2 ms gave the same as 1 ms; benchmarks/import_export.py measures it).

The producer's exceptions reach the consumer in order, after the items produced before them.
When the consumer stops early (it raised, or closed the generator), the producer is told to
stop and is joined before `prefetched` returns, so nothing keeps reading a file behind it.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from loopline.core.process_wide import ProcessWide

T = TypeVar("T")

_DONE = object()
_POLL_SECONDS = 0.1  # how often a blocked producer checks whether the consumer has gone
SWITCH_INTERVAL = 0.001  # seconds a thread may hold the GIL while another waits for it


def _shorten_gil_turns() -> Callable[[], None]:
    """Lower the GIL switch interval; the undo puts back the one found."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL))
    return lambda: sys.setswitchinterval(before)


_short_gil_turns = ProcessWide(_shorten_gil_turns)


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last may be shorter): what a producer hands over at a
    time, so the queue between the threads is touched once per chunk, not once per item."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def prefetched(produce: Callable[[], Iterator[T]], depth: int = 2, name: str = "prefetch") -> Iterator[T]:
    """The items of `produce()`, made in a background thread at most `depth` items ahead.

    `produce` is called in the background thread, so the whole iterator (its files, its
    generators' cleanup) lives and ends there.
    """
    out: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(value: Any) -> bool:
        while not stop.is_set():
            try:
                out.put(value, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        items = produce()
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            put(_Failed(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=run, name=name, daemon=True)
    with _short_gil_turns.held():
        thread.start()
        try:
            while True:
                value = out.get()
                if value is _DONE:
                    return
                if isinstance(value, _Failed):
                    raise value.error
                yield value
        finally:
            stop.set()
            thread.join()
