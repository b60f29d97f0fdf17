"""Which pages an annotate cycle writes to SQLite's log, against the ceiling's bare insert.

On SQLite a commit appends every page the transaction changed to the write-ahead log, one
frame each (a 24-byte header and the page, two `pwrite` calls), with a checksum over both. So
the pages a transaction changes are a large part of what it costs, and they are what one
SQLite worker's cycle (benchmarks/queue_throughput.py) pays beyond the ceiling.

This runs --cycles claim + submit cycles of one worker (submit with claim_next, as the
annotator page does), then --cycles bare insert transactions (the throughput benchmark's
ceiling), each time from an emptied log, and reads the frames the log gained: their page
numbers, mapped to the table or index that owns each page (SQLite's `dbstat` table), give the
pages per transaction by b-tree.

    python benchmarks/queue_cycle_pages.py                 # 20k tasks queued, 500 cycles
    python benchmarks/queue_cycle_pages.py --tasks 200000 --cycles 2000
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import struct
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import text

from benchmarks._common import annotator_loop, bare_insert, fresh_workspace, ranking_queue
from loopline.annotate.annotators import create_annotator
from loopline.annotate.workspace import Workspace

console = Console()
WAL_HEADER = 32
FRAME_HEADER = 24


def log_frames(wal: Path, page_size: int) -> list[int]:
    """The page number of every frame in the log, in the order they were appended."""
    data = wal.read_bytes() if wal.exists() else b""
    frame = FRAME_HEADER + page_size
    return [struct.unpack_from(">I", data, offset)[0] for offset in range(WAL_HEADER, len(data) - frame + 1, frame)]


def page_owners(db: Path) -> dict[int, str]:
    """Page number -> the table or index whose b-tree holds it."""
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT pageno, name FROM dbstat"))
    finally:
        conn.close()


def measure(ws: Workspace, db: Path, n: int, step: Callable[[], None]) -> tuple[Counter[str], float]:
    """(pages written per b-tree over n transactions, seconds) from an emptied log."""
    with ws.database.write() as conn:  # a write first, so the checkpoint below has nothing in flight
        conn.execute(text("SELECT 1"))
    raw = sqlite3.connect(db)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    finally:
        raw.close()
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    elapsed = time.perf_counter() - t0
    frames = log_frames(db.with_name(db.name + "-wal"), page_size)
    owners = page_owners(db)
    return Counter(owners.get(p, f"page {p} (free or header)") for p in frames), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--cycles", type=int, default=500, help="transactions measured on each side (the log must hold them"
                        " all: keep cycles x 10 under the automatic checkpoint's 10,000 frames)")
    args = parser.parse_args()
    with fresh_workspace("sqlite") as ws, Progress(console=console, transient=True) as progress:
        db = Path(ws.database.engine.url.database or "")
        project_id = ranking_queue(ws, args.tasks, 1, progress)
        write = bare_insert(ws)
        cycle = annotator_loop(ws, project_id, create_annotator(ws, "w0").id)

        def ceiling() -> None:
            write(0)

        for _ in range(200):  # warm the caches and the statements on both sides
            cycle()
            ceiling()
        pages, seconds = {}, {}
        for name, step in (("annotate cycle", cycle), ("ceiling (bare insert)", ceiling)):
            pages[name], seconds[name] = measure(ws, db, args.cycles, step)

    table = Table("b-tree", *pages, title=f"log pages per transaction ({args.cycles:,} each, {args.tasks:,} tasks queued)")
    names = sorted({k for c in pages.values() for k in c}, key=lambda k: -sum(c[k] for c in pages.values()))
    for key in names:
        table.add_row(key, *(f"{c[key] / args.cycles:.2f}" if c[key] else "-" for c in pages.values()))
    table.add_row("[bold]total[/]", *(f"[bold]{sum(c.values()) / args.cycles:.2f}[/]" for c in pages.values()))
    table.add_row("µs per transaction", *(f"{seconds[k] / args.cycles * 1e6:.0f}" for k in pages))
    console.print(table)
    console.print(f"SQLite {sqlite3.sqlite_version}, pid {os.getpid()}; each page is one log frame: two pwrite calls and a checksum")


if __name__ == "__main__":
    main()
