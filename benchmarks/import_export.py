"""Import and export of 1M rows: seconds each (goal <= 30 s), on SQLite and PostgreSQL.

Import: a generated JSONL of N `prompt` + two `responses` rows through `loopline import`'s
service (parse, validate, hash, dedupe, insert records and tasks, one transaction). On
PostgreSQL it also prints the CPU seconds the local database server spent on the import
(its backends' CPU, read from the postmaster's children), to show which side is the limit.
Export: the same N tasks each carry one ranking annotation (inserted in bulk), exported as a
`reward` dataset version (stream, aggregate, write Parquet + manifest); the QA report that
an export writes beside each version (`qa.html`) is timed on its own.

    python benchmarks/import_export.py                    # 1M rows, both databases
    python benchmarks/import_export.py --rows 100000 --databases sqlite
    python benchmarks/import_export.py --import-only       # imports only (to compare two checkouts:
                                                          # PYTHONPATH=.:src in each)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import orjson
import psutil
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import text

from benchmarks._common import fresh_workspace
from loopline.annotate.annotators import create_annotator
from loopline.annotate.export import export_dataset
from loopline.annotate.export_review import write_qa_report
from loopline.annotate.imports import import_file

console = Console()


def write_jsonl(path: Path, n: int) -> None:
    with path.open("wb") as f:
        for i in range(n):
            f.write(orjson.dumps({"prompt": f"Customer question number {i}: where is my order?",
                                  "responses": [f"It ships tomorrow ({i}).", f"Let me compute {i} * 7 = {i * 7}."]}) + b"\n")


def bulk_annotate(ws, project_id: int, annotator_id: int) -> None:  # type: ignore[no-untyped-def]
    with ws.database.write() as conn:
        conn.execute(text(
            "INSERT INTO annotation (task_id, project_id, annotator_id, answers, client_key, origin, duration, created_at)"
            " SELECT id, project_id, :a, " + ("'{\"rank\": [1, 2]}'" if ws.database.is_sqlite else "'{\"rank\": [1, 2]}'::jsonb")
            + ", NULL, 'import', NULL, 0 FROM task WHERE project_id = :p"
        ), {"a": annotator_id, "p": project_id})
        conn.execute(text("UPDATE task SET submitted = needed, status = 'done' WHERE project_id = :p"), {"p": project_id})


def postgres_cpu_seconds() -> float | None:
    """CPU seconds used so far by the local PostgreSQL server and its finished backends, or
    None when no postmaster can be read on this machine (a remote server, another user's)."""
    total, found = 0.0, False
    for proc in psutil.process_iter(["name"]):
        if proc.info["name"] not in ("postgres", "postmaster"):
            continue
        try:
            cpu = proc.cpu_times()
        except psutil.Error:
            continue
        found = True
        total += cpu.user + cpu.system + cpu.children_user + cpu.children_system
    return total if found else None


def settled_postgres_cpu_seconds(wait: float = 5.0) -> float | None:
    """`postgres_cpu_seconds` once the closed backends have been reaped: a backend that has
    exited but not yet been waited for by the postmaster is in neither count."""
    deadline = time.monotonic() + wait
    last = postgres_cpu_seconds()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = postgres_cpu_seconds()
        if now == last:
            return now
        last = now
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--import-only", action="store_true", help="skip the export and the QA report")
    args = parser.parse_args()
    table = Table("database", "rows", "file MB", "import s", "rows/s", "server CPU s", "export s", "rows/s",
                  "QA report s", "dataset rows")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        write_jsonl(path, args.rows)
        size = path.stat().st_size / 1e6
        for kind in args.databases:
            with fresh_workspace(kind, args.pg_url) as ws, Progress(console=console, transient=True) as progress:
                bar = progress.add_task(f"{kind}: import", total=args.rows)
                cpu0 = postgres_cpu_seconds() if kind == "postgresql" else None
                t0 = time.perf_counter()
                report = import_file(ws, path, "bench", progress=lambda n: progress.update(bar, advance=n))
                t_import = time.perf_counter() - t0
                # A backend's CPU reaches the postmaster's children times when it exits: close them first.
                ws.database.engine.dispose()
                cpu1 = settled_postgres_cpu_seconds() if cpu0 is not None else None
                server = f"{cpu1 - cpu0:.1f}" if cpu0 is not None and cpu1 is not None else "n/a"
                assert report.records_new == args.rows and report.tasks_new == args.rows
                if args.import_only:
                    table.add_row(kind, f"{args.rows:,}", f"{size:,.0f}", f"{t_import:.1f}",
                                  f"{args.rows / t_import:,.0f}", server, "-", "-", "-", "-")
                    console.print(f"{kind}: import {t_import:.1f} s (database server CPU {server} s)")
                    continue
                from loopline.annotate.projects import get_project

                bulk_annotate(ws, get_project(ws, "bench").id, create_annotator(ws, "bench-annotator").id)
                bar = progress.add_task(f"{kind}: export", total=args.rows)
                t0 = time.perf_counter()
                manifest = export_dataset(ws, "bench", "reward", progress=lambda n: progress.update(bar, completed=n),
                                          qa_report=False)
                t_export = time.perf_counter() - t0
                t0 = time.perf_counter()
                write_qa_report(ws, "bench", ws.datasets_dir / manifest.id)
                t_qa = time.perf_counter() - t0
            table.add_row(kind, f"{args.rows:,}", f"{size:,.0f}", f"{t_import:.1f}", f"{args.rows / t_import:,.0f}",
                          server, f"{t_export:.1f}", f"{args.rows / t_export:,.0f}", f"{t_qa:.1f}", f"{manifest.row_count:,}")
            console.print(f"{kind}: import {t_import:.1f} s (database server CPU {server} s), export {t_export:.1f} s (+ QA report {t_qa:.1f} s)")
    console.print(table)


if __name__ == "__main__":
    main()
