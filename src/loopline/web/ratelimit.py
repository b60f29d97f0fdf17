"""Login attempts per client address and per user name, in a sliding window (per process).

Only failures count: a person who mistypes twice and then logs in is not slowed down, while a
guesser runs out of tries after `attempts` failures for `window` seconds.
"""

from __future__ import annotations

import time
from collections import deque


class LoginLimiter:
    def __init__(self, attempts: int, window: float) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}

    def _live(self, key: str, now: float) -> deque[float]:
        hits = self._failures.setdefault(key, deque())
        while hits and now - hits[0] > self.window:
            hits.popleft()
        return hits

    def retry_after(self, *keys: str) -> float:
        """Seconds until another try is allowed (0: allowed now)."""
        now = time.monotonic()
        wait = 0.0
        for key in keys:
            hits = self._live(key, now)
            if len(hits) >= self.attempts:
                wait = max(wait, self.window - (now - hits[0]))
        return wait

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._live(key, now).append(now)
        if len(self._failures) > 100_000:  # forget quiet keys so memory stays bounded
            self._failures = {k: v for k, v in self._failures.items() if v and now - v[-1] <= self.window}

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
