"""Claim + submit cycles per second through the service layer, against the ceiling.

For each database (SQLite, PostgreSQL) and each number of concurrent workers (threads of one
process, each its own annotator), with a queue of --tasks tasks:
  - ceiling: the same workers each doing one bare write transaction (one INSERT) per cycle;
  - loopline: claim + submit of a ranking answer through loopline.annotate.queue, whose writes
    share transactions by group commit (one lane on SQLite, two on PostgreSQL by default).
The two alternate for --rounds rounds (a noisy spell on a shared machine then hits both), and
the medians are compared; the per-round ratios show the spread.
It prints cycles/s, p50/p99 latency of a cycle, the ratio to the ceiling, and checks the
result: cycles that raised, duplicated annotations (two for one task and annotator, or more
than overlap for a task) and lost ones (a submit that returned but has no row) must all be 0.

    python benchmarks/queue_throughput.py                  # 1M tasks, 1/8/32 workers, 3 rounds of 10 s
    python benchmarks/queue_throughput.py --tasks 100000 --seconds 5 --databases sqlite
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import text

from benchmarks._common import (
    annotate_cycle,
    bare_insert,
    fresh_workspace,
    percentile,
    ranking_queue,
)
from loopline.annotate import queue
from loopline.annotate.annotators import create_annotator

console = Console(width=150)


@dataclass
class Run:
    cycles: int = 0
    latencies: list[float] = field(default_factory=list)
    submitted: list[tuple[int, int]] = field(default_factory=list)
    drained: bool = False  # a worker found nothing left to claim before the time was up
    errors: list[str] = field(default_factory=list)  # cycles that raised (the worker goes on)


def _timed(workers: int, seconds: float, body) -> tuple[Run, float]:  # type: ignore[no-untyped-def]
    runs = [Run() for _ in range(workers)]
    stop = time.perf_counter() + seconds
    start_gate = threading.Barrier(workers + 1)

    def loop(i: int) -> None:
        run = runs[i]
        start_gate.wait()
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                if not body(i, run):
                    run.drained = True
                    break
            except Exception as exc:  # noqa: BLE001 - counted and shown, not lost with a dead thread
                run.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
                continue
            run.latencies.append(time.perf_counter() - t0)
            run.cycles += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    start_gate.wait()
    began = time.perf_counter()
    stop = began + seconds
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    total = Run(sum(r.cycles for r in runs), [x for r in runs for x in r.latencies],
                [x for r in runs for x in r.submitted], any(r.drained for r in runs), [x for r in runs for x in r.errors])
    return total, elapsed


def ceiling(ws, workers: int, seconds: float) -> tuple[Run, float]:  # type: ignore[no-untyped-def]
    write = bare_insert(ws)

    def body(i: int, run: Run) -> bool:
        write(i)
        return True

    return _timed(workers, seconds, body)


def loopline_cycles(ws, project_id: int, annotator_ids: list[int], seconds: float) -> tuple[Run, float]:  # type: ignore[no-untyped-def]
    """Each cycle submits the current task and leases the next in one call (claim_next), as
    the annotator page does; the first lease of each worker is taken before the clock starts."""
    leases = {aid: queue.claim(ws, project_id, aid) for aid in annotator_ids}

    def body(i: int, run: Run) -> bool:
        aid = annotator_ids[i]
        lease = leases[aid]
        if lease is None:
            return False
        result = annotate_cycle(ws, project_id, aid, lease)
        run.submitted.append((lease.task_id, result.annotation_id))
        leases[aid] = result.next
        return True

    return _timed(len(annotator_ids), seconds, body)


def check(ws, project_id: int, run: Run, overlap: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(duplicates, lost) for the annotations this run stored."""
    with ws.database.read() as conn:
        over = conn.execute(text(
            "SELECT COUNT(*) FROM (SELECT task_id FROM annotation WHERE project_id = :p"
            " GROUP BY task_id HAVING COUNT(*) > :o OR COUNT(DISTINCT annotator_id) < COUNT(*)) x"
        ), {"p": project_id, "o": overlap}).scalar_one()
        stored = conn.execute(text("SELECT COUNT(*) FROM annotation WHERE project_id = :p"), {"p": project_id}).scalar_one()
        mismatched = conn.execute(text(
            "SELECT COUNT(*) FROM task WHERE project_id = :p AND submitted <> "
            "(SELECT COUNT(*) FROM annotation a WHERE a.task_id = task.id)"
            " AND id IN (SELECT task_id FROM annotation WHERE project_id = :p)"
        ), {"p": project_id}).scalar_one()
    ids = {a for _, a in run.submitted}
    lost = max(0, len(ids) - stored) + mismatched
    return int(over), int(lost)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3,
                        help="ceiling and loopline runs alternate this many times; medians are reported")
    parser.add_argument("--overlap", type=int, default=1)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--checkpoints", choices=["background", "inline"], default="background",
                        help="SQLite: checkpoint the write-ahead log from a thread, as `loopline serve` does,"
                             " or inside commits, as the command line does")
    parser.add_argument("--vacuum", choices=["background", "autovacuum"], default="background",
                        help="PostgreSQL: vacuum the queue's tables from a thread, as `loopline serve` does,"
                             " or leave them to autovacuum, as the command line does")
    args = parser.parse_args()

    table = Table("database", "workers", "ceiling tx/s", "loopline cycles/s", "ratio", "ratio per round", "p50 ms", "p99 ms", "duplicates", "lost", "errors")
    for kind in args.databases:
        with fresh_workspace(
            kind, args.pg_url, served=args.checkpoints == "background", vacuumed=args.vacuum == "background",
        ) as ws, Progress(console=console, transient=True) as progress:
            project_id = ranking_queue(ws, args.tasks, args.overlap, progress)
            annotators = [create_annotator(ws, f"w{i}").id for i in range(max(args.workers))]
            for workers in args.workers:
                bar = progress.add_task(f"{kind}: {workers} workers", total=args.rounds)
                base_rates, rates, runs = [], [], Run()
                for _ in range(args.rounds):  # alternating, so a noisy spell hits both sides
                    base, base_s = ceiling(ws, workers, args.seconds)
                    run, run_s = loopline_cycles(ws, project_id, annotators[:workers], args.seconds)
                    base_rates.append(base.cycles / base_s)
                    rates.append(run.cycles / run_s)
                    runs.cycles += run.cycles
                    runs.latencies += run.latencies
                    runs.submitted += run.submitted
                    runs.drained |= run.drained
                    runs.errors += run.errors
                    progress.advance(bar)
                dup, lost = check(ws, project_id, runs, args.overlap)
                progress.remove_task(bar)
                base_rate, rate = statistics.median(base_rates), statistics.median(rates)
                for message, n in Counter(runs.errors).most_common(3):
                    console.print(f"[red]{kind} {workers} workers: {n} cycles failed: {message}[/red]")
                if runs.drained:
                    console.print(f"[red]{kind} {workers} workers: the queue ran dry; give more --tasks[/red]")
                ratios = [b / r if r else float("inf") for b, r in zip(base_rates, rates)]
                table.add_row(
                    kind, str(workers), f"{base_rate:,.0f}", f"{rate:,.0f}",
                    f"{base_rate / rate:.2f}x" if rate else "n/a", f"{min(ratios):.2f}-{max(ratios):.2f}x",
                    f"{percentile(runs.latencies, 0.5) * 1000:.1f}", f"{percentile(runs.latencies, 0.99) * 1000:.1f}",
                    str(dup), str(lost), str(len(runs.errors)),
                )
                console.print(f"{kind} {workers} workers: {rate:,.0f} cycles/s (ceiling {base_rate:,.0f} tx/s)")
    console.print(f"\nqueue of {args.tasks:,} tasks, overlap {args.overlap}, {args.rounds} rounds of {args.seconds:.0f} s"
                  f" per side; medians; ratio = ceiling / loopline (goal <= 2x); SQLite checkpoints: {args.checkpoints};"
                  f" PostgreSQL vacuum: {args.vacuum}")
    console.print(table)


if __name__ == "__main__":
    main()
