"""Annotate cycles over HTTP: simulated annotators against a real `loopline serve`.

For each database (SQLite; PostgreSQL with --database-url or the test URL) one Uvicorn server
runs in its own process on 127.0.0.1, over a queue of --tasks tasks. For each concurrency
(1, 8, 32, 256 annotators, each with its own API token) the annotators loop for --seconds:
  - mode `claim-next`: POST /tasks/{id}/submit with claim_next (one request per cycle; the
    annotator page works this way);
  - mode `two-requests`: POST /projects/{p}/tasks/next, then POST /tasks/{id}/submit.
The load comes from asyncio with a bare HTTP/1.1 client in --client-processes processes (so the client is not the
bottleneck of one core). Printed: cycles/s, p50/p99 latency of a cycle, the server's CPU use
(share of one core, and CPU milliseconds per cycle: the figure that holds on a busy machine),
and, counted in the
database afterwards, duplicated annotations (two for one task and annotator, or more than
overlap for a task) and lost ones (a submit the server acknowledged with no row): both must be 0.

    PYTHONPATH=. python -m benchmarks.http_load --tasks 100000 --seconds 5
    PYTHONPATH=. python -m benchmarks.http_load --databases postgresql --database-url postgresql://...
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import text

from benchmarks._common import fresh_workspace, percentile, seed_tasks
from loopline.annotate import users
from loopline.annotate.projects import create_project
from loopline.core.project import ProjectDefinition

console = Console()
PROJECT = "bench"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, url: str, workers: int, db_mode: str = "auto") -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "LOOPLINE_WORKSPACE": str(root), "LOOPLINE_DATABASE_URL": url, "LOOPLINE_DB_MODE": db_mode}
    proc = subprocess.Popen(
        [sys.executable, "-m", "loopline.cli.main", "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
        time.sleep(0.1)


class _Connection:
    """One keep-alive HTTP/1.1 connection, spoken by hand.

    The load generator must cost much less CPU than the server it measures, on the same two
    cores: aiohttp spent about as much per request as the server did, so the client, not the
    server, set the figure. This speaks just what the benchmark needs (POST, Content-Length).
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: bytes, token: str) -> None:
        self.reader, self.writer = reader, writer
        self.head = (b"Host: " + host + b"\r\nAuthorization: Bearer " + token.encode()
                     + b"\r\nContent-Type: application/json\r\nContent-Length: ")

    async def post(self, path: str, body: bytes = b"") -> tuple[int, bytes]:
        self.writer.write(b"POST " + path.encode() + b" HTTP/1.1\r\n" + self.head
                          + str(len(body)).encode() + b"\r\n\r\n" + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        at = head.lower().find(b"content-length:")
        if at < 0:
            raise RuntimeError(f"response without Content-Length: {head[:200]!r}")
        length = int(head[at + 15 : head.index(b"\r\n", at)])
        return int(head[9:12]), await self.reader.readexactly(length)


async def _annotator(base: str, token: str, mode: str, start: float, stop: float, out: dict) -> None:  # type: ignore[type-arg]
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    conn = _Connection(reader, writer, f"{host}:{port}".encode(), token)
    latencies, acked = out["latencies"], out["acked"]
    task = None
    try:
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            if task is None:
                status, content = await conn.post(f"/api/v1/projects/{PROJECT}/tasks/next?resume=false")
                task = orjson.loads(content)["task"]
                if task is None:
                    return
            body = {"answers": {"rank": [1, 2]}, "client_key": f"{token[-12:]}:{task['id']}", "claim_next": mode == "claim-next"}
            status, content = await conn.post(f"/api/v1/tasks/{task['id']}/submit", orjson.dumps(body))
            if status != 200:
                out["errors"] += 1
                task = None
                continue
            result = orjson.loads(content)
            acked.append(result["annotation_id"])
            task = result["next"]
            if t0 >= start:
                latencies.append(time.perf_counter() - t0)
                out["cycles"] += 1
    finally:
        writer.close()


def _client_process(base: str, tokens: list[str], mode: str, start: float, stop: float, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    out = {"latencies": [], "acked": [], "cycles": 0, "errors": 0}

    async def run() -> None:
        # one keep-alive connection per simulated annotator, as a browser tab would hold
        await asyncio.gather(*(_annotator(base, t, mode, start, stop, out) for t in tokens))

    asyncio.run(run())
    out["cpu"] = time.process_time()
    queue.put(out)


def load(base: str, tokens: list[str], mode: str, seconds: float, processes: int, warmup: float) -> dict:  # type: ignore[type-arg]
    """Run len(tokens) annotators for `seconds` (after `warmup`); merged results."""
    processes = max(1, min(processes, len(tokens)))
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    begin = time.perf_counter() + 2.0  # give the processes time to start (perf_counter is system-wide)
    start, stop = begin + warmup, begin + warmup + seconds
    procs = [ctx.Process(target=_client_process, args=(base, tokens[i::processes], mode, start, stop, queue))
             for i in range(processes)]
    for p in procs:
        p.start()
    outs = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    return {
        "latencies": [x for o in outs for x in o["latencies"]], "acked": [x for o in outs for x in o["acked"]],
        "cycles": sum(o["cycles"] for o in outs), "errors": sum(o["errors"] for o in outs), "seconds": seconds,
        "client_cpu": sum(o["cpu"] for o in outs),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a server and its live worker processes."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def check(ws, project_id: int, acked: list[int], overlap: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(duplicates, lost), counted in the database."""
    with ws.database.read() as conn:
        dup = conn.execute(text(
            "SELECT COUNT(*) FROM (SELECT task_id FROM annotation WHERE project_id = :p"
            " GROUP BY task_id HAVING COUNT(*) > :o OR COUNT(DISTINCT annotator_id) < COUNT(*)) x"
        ), {"p": project_id, "o": overlap}).scalar_one()
        stored = {r[0] for r in conn.execute(text("SELECT id FROM annotation WHERE project_id = :p"), {"p": project_id})}
        mismatched = conn.execute(text(
            "SELECT COUNT(*) FROM task WHERE project_id = :p AND status <> 'open' AND submitted <>"
            " (SELECT COUNT(*) FROM annotation a WHERE a.task_id = task.id)"
            " AND id IN (SELECT task_id FROM annotation WHERE project_id = :p)"
        ), {"p": project_id}).scalar_one()
    lost = len(set(acked) - stored) + int(mismatched)
    return int(dup), lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=1_000_000, help="Queue size.")
    parser.add_argument("--annotators", type=int, nargs="+", default=[1, 8, 32, 256])
    parser.add_argument("--seconds", type=float, default=10.0, help="Measured seconds per run.")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--modes", nargs="+", default=["claim-next", "two-requests"], choices=["claim-next", "two-requests"])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--database-url", default=None, help="PostgreSQL server (a schema is made and dropped).")
    parser.add_argument("--server-workers", type=int, default=2,
                        help="Uvicorn workers on PostgreSQL (`loopline serve`'s default there); SQLite always 1.")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--db-mode", default="auto", choices=["auto", "inline", "thread"],
                        help="Where the server runs database calls (LOOPLINE_DB_MODE).")
    args = parser.parse_args()

    table = Table("database", "mode", "annotators", "cycles/s", "p50 ms", "p99 ms", "server CPU", "CPU ms/cycle", "client CPU ms/cycle", "errors", "duplicates", "lost")
    for kind in args.databases:
        with fresh_workspace(kind, args.database_url) as ws:
            with Progress(console=console, transient=True) as progress:
                project = create_project(ws, ProjectDefinition(
                    name=PROJECT, questions=[{"type": "ranking", "name": "rank"}], overlap=1, lease_seconds=3600,
                ))
                seed_tasks(ws, project.id, args.tasks, 1, progress)
            tokens = []
            for i in range(max(args.annotators)):
                user = users.create_user(ws, f"a{i}")
                users.add_member(ws, PROJECT, user.name)
                tokens.append(users.create_token(ws, user.id, "bench")[1])
            workers = 1 if kind == "sqlite" else args.server_workers
            proc, base = start_server(ws.root, ws.url, workers, args.db_mode)
            try:
                for mode in args.modes:
                    for n in args.annotators:
                        cpu0, wall0 = cpu_seconds(proc.pid), time.perf_counter()
                        r = load(base, tokens[:n], mode, args.seconds, args.client_processes, args.warmup)
                        cpu_used = cpu_seconds(proc.pid) - cpu0
                        server_cpu = cpu_used / (time.perf_counter() - wall0)
                        cpu_ms = 1000 * cpu_used / max(1, len(r["acked"]))
                        client_ms = 1000 * r["client_cpu"] / max(1, len(r["acked"]))
                        dup, lost = check(ws, project.id, r["acked"], 1)
                        rate = r["cycles"] / r["seconds"]
                        p50, p99 = percentile(r["latencies"], 0.5) * 1000, percentile(r["latencies"], 0.99) * 1000
                        console.print(f"{kind} {mode} {n} annotators: {rate:,.0f} cycles/s, p50 {p50:.1f} ms, "
                                      f"p99 {p99:.1f} ms, server CPU {server_cpu:.0%}, {cpu_ms:.2f} CPU ms/cycle")
                        table.add_row(kind, mode, str(n), f"{rate:,.0f}", f"{p50:.1f}", f"{p99:.1f}", f"{server_cpu:.0%}", f"{cpu_ms:.2f}",
                                      f"{client_ms:.2f}", str(r["errors"]), str(dup), str(lost))
            finally:
                proc.terminate()
                proc.wait(30)
    console.print(f"\nqueue of {args.tasks:,} tasks, overlap 1, {args.seconds:.0f} s per run after {args.warmup:.0f} s warm-up, "
                  f"{args.client_processes} client processes, {os.cpu_count()} CPUs; a cycle = submit + claim")
    console.print(table)


if __name__ == "__main__":
    main()
