"""Prometheus metrics: requests, latency, queue depth, claims, submits, lease expiries, how
often SQLite's log was caught up under the write lock, and PostgreSQL's vacuums of the queue.

Each app gets its own registry (tests build many apps in one process). The middleware is a
plain ASGI wrapper, not BaseHTTPMiddleware, which would cost more than a claim does. Labels
use the route's template (`/api/v1/tasks/{task_id}/submit`), never the raw path, so the
number of series stays bounded. With several Uvicorn workers each worker reports its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class QueueDepth(Collector):
    """Open tasks per project, read from the database when scraped (cached a few seconds)."""

    def __init__(self, read: Callable[[], dict[str, int]], ttl: float = 2.0) -> None:
        self.read = read
        self.ttl = ttl
        self._at = 0.0
        self._value: dict[str, int] = {}

    def collect(self):  # type: ignore[no-untyped-def]
        if time.monotonic() - self._at > self.ttl:
            self._value = self.read()
            self._at = time.monotonic()
        family = GaugeMetricFamily("loopline_queue_open_tasks", "Claimable tasks per project", labels=["project"])
        for project, n in sorted(self._value.items()):
            family.add_metric([project], n)
        yield family


class ReadCounter(Collector):
    """A counter kept elsewhere (by a background thread of the store), read at each scrape."""

    def __init__(self, name: str, documentation: str, read: Callable[[], int]) -> None:
        self.name, self.documentation, self.read = name, documentation, read

    def collect(self):  # type: ignore[no-untyped-def]
        family = CounterMetricFamily(self.name, self.documentation)
        family.add_metric([], self.read())
        yield family


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "loopline_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "loopline_http_request_seconds", "HTTP request latency", ["method", "route"],
            buckets=BUCKETS, registry=self.registry,
        )
        self.claims = Counter("loopline_claims", "Task claims", ["outcome"], registry=self.registry)
        self.submits = Counter("loopline_submits", "Annotation submits", ["outcome"], registry=self.registry)
        self.lease_expiries = Counter("loopline_lease_expiries", "Leases that lapsed", registry=self.registry)

    def watch_queue(self, read: Callable[[], dict[str, int]]) -> None:
        self.registry.register(QueueDepth(read))

    def watch_log_restarts(self, read: Callable[[], int]) -> None:
        """Times the SQLite checkpointer stopped writers for a moment to restart the log (see
        `store.engine.Checkpointer`): a rate that climbs with steady writes, not a fault."""
        self.registry.register(ReadCounter(
            "loopline_sqlite_log_restarts", "SQLite log restarts that briefly held the write lock", read
        ))

    def watch_queue_vacuums(self, read: Callable[[], int]) -> None:
        """Vacuums of the queue's tables by the PostgreSQL vacuumer (see `store.vacuumer`)."""
        self.registry.register(ReadCounter(
            "loopline_postgres_queue_vacuums", "Vacuums of the queue's tables by the server", read
        ))


class MetricsMiddleware:
    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def send_wrapper(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            self.metrics.requests.labels(method, template, str(status[0])).inc()
            self.metrics.latency.labels(method, template).observe(time.perf_counter() - start)
