"""A process-wide interpreter setting held while any caller needs it.

Bulk loops change settings that belong to the whole process (the cyclic garbage collector,
the GIL's switch interval). Several such loops may run at once in one process, in threads of
a server, and they nest; so the first caller to enter applies the setting, and the last to
leave puts back what the first found, whatever order they leave in.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator


class ProcessWide:
    """`apply()` changes the setting and returns how to undo it; `after_last`, if given, runs
    after the undo, outside the lock (work that should not hold up callers entering meanwhile)."""

    def __init__(self, apply: Callable[[], Callable[[], None]], after_last: Callable[[], object] | None = None) -> None:
        self._apply = apply
        self._after_last = after_last
        self._lock = threading.Lock()
        self._depth = 0
        self._undo: Callable[[], None] = lambda: None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._undo = self._apply()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                last = self._depth == 0
                if last:
                    self._undo()
            if last and self._after_last is not None:
                self._after_last()
