"""Per-process caches for the hot path (claim + submit).

Records are immutable, so caching them is always safe. Project definitions and annotators
change rarely; entries live `ttl` seconds, so a change made by another process is seen within
that time, and a change made through this process's services drops the entry at once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

MISSING: Any = object()
K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class TTLCache(Generic[K, V]):
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[K, tuple[float, V]] = {}

    def get(self, key: K, default: Any = None) -> Any:
        hit = self._items.get(key)
        if hit is None or time.monotonic() - hit[0] > self.ttl:
            return default
        return hit[1]

    def put(self, key: K, value: V) -> None:
        self._items[key] = (time.monotonic(), value)

    def get_or_load(self, key: K, load: Callable[[], V]) -> V:
        """The live entry for `key`, or what `load()` returns (then kept for `ttl` seconds)."""
        hit = self.get(key, MISSING)
        if hit is not MISSING:
            return hit
        value = load()
        self.put(key, value)
        return value

    def clear(self) -> None:
        self._items.clear()


@dataclass
class ServiceCache:
    projects: TTLCache[Any, Any] = field(default_factory=lambda: TTLCache(5.0))
    annotators: TTLCache[Any, Any] = field(default_factory=lambda: TTLCache(5.0))
    routes: TTLCache[tuple[int, int], list[str] | None] = field(default_factory=lambda: TTLCache(5.0))
    records: LRU[int, Any] = field(default_factory=lambda: LRU(200_000))
    tasks: LRU[int, tuple[int, int]] = field(default_factory=lambda: LRU(200_000))
    last_expiry_sweep: float = 0.0
    sweeping: threading.Lock = field(default_factory=threading.Lock)  # held by the one thread sweeping

    def forget_projects(self) -> None:
        """Drop cached project definitions and routes (after an update or an import)."""
        self.projects.clear()
        self.routes.clear()
