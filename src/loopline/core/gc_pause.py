"""Pause CPython's cyclic garbage collector around bulk loops.

A bulk import or export allocates millions of short-lived containers (row dicts, pydantic
models, tuples). Reference counting frees them as soon as a batch is written, but each batch
that lives a little while gets promoted through the collector's generations and sets off
full collections, which walk every object the process holds. On a 1M-row import that was
half the run time (benchmarks/import_export.py: 53 µs per row with the collector, 26 µs
without). These loops create no reference cycles worth collecting, so the collector is paused
for their length and run once afterwards.

The pause is process-wide: other threads (a web server's) also run without it meanwhile.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_resume = False  # whether the outermost pause found the collector on


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off (nested and concurrent uses are counted)."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            last = _depth == 0
            if last and _resume:
                gc.enable()
        if last:
            gc.collect()
