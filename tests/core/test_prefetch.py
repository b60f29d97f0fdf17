"""`prefetched`: an iterator run in a background thread, ahead of its consumer."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from loopline.core.prefetch import SWITCH_INTERVAL, prefetched


def _threads(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == name]


def test_items_arrive_in_order_and_are_made_in_another_thread():
    made_in: set[int] = set()

    def produce():
        for i in range(50):
            made_in.add(threading.get_ident())
            yield i

    assert list(prefetched(produce, name="t-order")) == list(range(50))
    assert made_in and threading.get_ident() not in made_in
    assert not _threads("t-order")


def test_producer_runs_ahead_by_at_most_depth():
    made: list[int] = []

    def produce():
        for i in range(100):
            made.append(i)
            yield i

    items = prefetched(produce, depth=3, name="t-depth")
    assert next(items) == 0
    time.sleep(0.3)  # the producer fills the queue, then blocks
    # one handed out, three queued, one made and waiting to be queued
    assert len(made) <= 1 + 3 + 1
    assert list(items) == list(range(1, 100))


def test_a_producer_error_arrives_after_the_items_before_it():
    def produce():
        yield 1
        yield 2
        raise ValueError("row 3 is bad")

    got: list[int] = []
    with pytest.raises(ValueError, match="row 3 is bad"):
        got.extend(prefetched(produce, name="t-error"))
    assert got == [1, 2]
    assert not _threads("t-error")


@pytest.mark.parametrize("how", ["break", "raise"])
def test_a_consumer_that_stops_stops_the_producer_and_closes_it(how):
    closed = threading.Event()

    def produce():
        try:
            yield from range(10_000)
        finally:
            closed.set()

    items = prefetched(produce, depth=2, name="t-stop")
    with pytest.raises(RuntimeError) if how == "raise" else contextlib.nullcontext():
        for item in items:
            if item == 5:
                if how == "raise":
                    raise RuntimeError("writer failed")
                break
    items.close()  # what a for loop's exit does to a generator it was handed
    assert closed.wait(2), "the producer's generator was not closed"
    assert not _threads("t-stop")



def test_chunked_keeps_every_item_in_order():
    from loopline.core.prefetch import chunked

    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked(range(6), 3)) == [[0, 1, 2], [3, 4, 5]]
    assert list(chunked([], 3)) == []


def test_the_gil_changes_hands_often_while_any_prefetch_runs():
    """The switch interval is short from the first item until the last prefetch ends (also
    when prefetches overlap or a producer fails), then back to what it was."""
    before = sys.getswitchinterval()
    assert before > SWITCH_INTERVAL
    first, second = prefetched(lambda: iter(range(3))), prefetched(lambda: iter(range(3)))
    assert next(first) == 0 and sys.getswitchinterval() == SWITCH_INTERVAL
    assert next(second) == 0
    assert list(first) == [1, 2]
    assert sys.getswitchinterval() == SWITCH_INTERVAL  # `second` still runs
    assert list(second) == [1, 2]
    assert sys.getswitchinterval() == before

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        list(prefetched(failing))
    assert sys.getswitchinterval() == before
