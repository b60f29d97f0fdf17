"""What one SQLite worker's annotate cycle would gain from a schema that writes fewer b-trees.

One SQLite worker's cycle stays over 2x the ceiling (benchmarks/queue_throughput.py) because
it changes a page in nine b-trees where the bare insert changes one (benchmarks/
queue_cycle_pages.py). This measures how much of that a leaner schema could win back, before
anyone rebuilds the queue's tables for it. Three schemas, each in its own workspace, with the
store's own claim and submit statements:

  current  the migrated schema: task + its claim index; assignment + its (task, annotator)
           key + the live-lease index; annotation + its (task, annotator) key, its
           (annotator, client key) key and its (project, task) index. Nine b-trees.
  lean     the least that keeps every guarantee and every read index-backed: assignment
           stored in its (task, annotator) key (a WITHOUT ROWID table, no id), annotation
           with its (task, annotator) key and one (project, annotator) index for the
           project's and the annotator's reads; a client key counts per task, so its own
           key goes. Seven b-trees.
  floor    lean without the (project, annotator) index, so reading a project's or an
           annotator's annotations scans the table: the floor of the queue's guarantees
           alone. Six b-trees.

The schemas are made by rebuilding `assignment` and `annotation` after the queue is seeded
(both are empty then). A WITHOUT ROWID assignment has no id, so for every schema the lease's
INSERT here returns its task id instead of its id (nothing reads that id). The schemas'
rounds alternate in one process, ceiling and cycles each for --seconds, so a slow spell of
the machine hits them all; it prints the log pages per cycle (counted as in
queue_cycle_pages), cycles/s, the ceiling and the ratio, and each schema's cycles/s over
current's, per round.

    python -m benchmarks.queue_lean_schema                 # 100k tasks, 20 rounds of 1 s
    python -m benchmarks.queue_lean_schema --tasks 20000 --rounds 4 --seconds 0.3
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Connection

from benchmarks._common import annotator_loop, fresh_workspace, ranking_queue
from benchmarks.queue_cycle_pages import measure
from benchmarks.queue_throughput import ceiling, loopline_cycles
from loopline.annotate.annotators import create_annotator
from loopline.annotate.workspace import Workspace
from loopline.store import queue as queue_sql

console = Console()
SCHEMAS = ("current", "lean", "floor")

_ANNOTATION_COLUMNS = (
    "id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,"
    " project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
    " annotator_id INTEGER NOT NULL REFERENCES annotator(id), answers JSON NOT NULL,"
    " client_key VARCHAR(100), origin VARCHAR(10) NOT NULL, duration FLOAT, created_at FLOAT NOT NULL"
)
_ASSIGNMENT = (
    "CREATE TABLE assignment (task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,"
    " annotator_id INTEGER NOT NULL REFERENCES annotator(id), status VARCHAR(10) NOT NULL,"
    " expires_at FLOAT NOT NULL, created_at FLOAT NOT NULL, updated_at FLOAT NOT NULL,"
    " PRIMARY KEY (task_id, annotator_id)) WITHOUT ROWID"
)


def rebuild(conn: Connection, schema: str) -> None:
    """Turn a freshly migrated workspace's (empty) queue tables into `schema`."""
    if schema == "current":
        return
    run = conn.exec_driver_sql
    run("DROP TABLE annotation")
    run(f"CREATE TABLE annotation ({_ANNOTATION_COLUMNS}, UNIQUE (task_id, annotator_id))")
    if schema == "lean":
        run("CREATE INDEX ix_annotation_project_annotator ON annotation (project_id, annotator_id)")
    run("DROP TABLE assignment")
    run(_ASSIGNMENT)
    run("CREATE INDEX ix_assignment_live_by_annotator ON assignment (annotator_id, task_id) WHERE status = 'leased'")


@contextlib.contextmanager
def queue_of(schema: str, tasks: int, progress: Progress, *, served: bool):  # type: ignore[no-untyped-def]
    """(workspace, project id, annotator id) on `schema` with `tasks` queued."""
    with fresh_workspace("sqlite", served=served) as ws:
        project_id = ranking_queue(ws, tasks, 1, progress)
        with ws.database.write() as conn:
            rebuild(conn, schema)
        yield ws, project_id, create_annotator(ws, "w0").id


def pages_per_cycle(ws: Workspace, project_id: int, annotator_id: int, cycles: int) -> float:
    """Log pages one annotate cycle writes (a workspace without the checkpoint thread, whose
    checkpoints would restart the log under the count)."""
    cycle = annotator_loop(ws, project_id, annotator_id)
    for _ in range(50):
        cycle()
    pages, _ = measure(ws, Path(ws.database.engine.url.database or ""), cycles, cycle)
    return sum(pages.values()) / cycles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=1.0, help="per side and schema in each round")
    args = parser.parse_args()
    queue_sql._SQLITE_LEASE = queue_sql._SQLITE_LEASE.replace("RETURNING id", "RETURNING task_id")

    pages: dict[str, float] = {}
    with Progress(console=console, transient=True) as progress:
        for schema in SCHEMAS:
            with queue_of(schema, 2_000, progress, served=False) as (ws, project_id, annotator_id):
                pages[schema] = pages_per_cycle(ws, project_id, annotator_id, 100)
        with contextlib.ExitStack() as stack:
            queues = {s: stack.enter_context(queue_of(s, args.tasks, progress, served=True)) for s in SCHEMAS}
            tx: dict[str, list[float]] = {s: [] for s in SCHEMAS}
            cycles: dict[str, list[float]] = {s: [] for s in SCHEMAS}
            bar = progress.add_task("alternating rounds", total=args.rounds)
            for _ in range(args.rounds):
                for schema, (ws, project_id, annotator_id) in queues.items():
                    base, base_s = ceiling(ws, 1, args.seconds)
                    run, run_s = loopline_cycles(ws, project_id, [annotator_id], args.seconds)
                    if run.errors or run.drained:
                        raise SystemExit(f"{schema}: {run.errors[:1] or 'the queue ran dry: give more --tasks'}")
                    tx[schema].append(base.cycles / base_s)
                    cycles[schema].append(run.cycles / run_s)
                progress.advance(bar)

    table = Table("schema", "log pages per cycle", "cycles/s", "ceiling tx/s", "ratio", "cycles/s over current's")
    for schema in SCHEMAS:
        ratios = [b / c for b, c in zip(tx[schema], cycles[schema])]
        gain = [c / d for c, d in zip(cycles[schema], cycles["current"])]
        table.add_row(
            schema, f"{pages[schema]:.2f}", f"{statistics.median(cycles[schema]):,.0f}", f"{statistics.median(tx[schema]):,.0f}",
            f"{statistics.median(ratios):.2f}x", f"{statistics.median(gain):.3f}" if schema != "current" else "-",
        )
    console.print(f"one SQLite worker, {args.tasks:,} tasks queued, {args.rounds} alternating rounds of {args.seconds:g} s"
                  " per side; medians over rounds")
    console.print(table)


if __name__ == "__main__":
    main()
