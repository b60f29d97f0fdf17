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
from collections.abc import Callable

from loopline.core.process_wide import ProcessWide


def _pause() -> Callable[[], None]:
    """Turn the collector off; the undo turns it back on only if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    return gc.enable if was_on else (lambda: None)


_paused = ProcessWide(_pause, after_last=gc.collect)


def gc_paused() -> contextlib.AbstractContextManager[None]:
    """Run the body with the cyclic collector off (nested and concurrent uses are counted);
    the last to leave collects once."""
    return _paused.held()
