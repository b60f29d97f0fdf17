"""The queue benchmark still runs end to end and finds no duplicated or lost annotation (a
tiny queue and short runs: its figures are not checked here, only that it works)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, module: str, *args: str) -> str:
    """What `python -m benchmarks.<module> args` prints, run from an empty folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=True,
    ).stdout


def test_queue_benchmark_runs_and_counts_nothing_lost(tmp_path: Path) -> None:
    out = _run(tmp_path, "queue_throughput", "--tasks", "20000", "--seconds", "0.2",
               "--rounds", "2", "--workers", "1", "4", "--databases", "sqlite")
    rows = [line for line in out.splitlines() if line.startswith("│ sqlite")]
    assert len(rows) == 2, out
    for row in rows:
        cells = [c.strip() for c in row.strip("│").split("│")]
        assert cells[-3:] == ["0", "0", "0"], row  # duplicates, lost, errors
        assert float(cells[3].replace(",", "")) > 0 and cells[4].endswith("x"), row  # cycles ran, a ratio
    assert "ran dry" not in out


def test_page_benchmark_reads_the_log_frames_of_each_side(tmp_path: Path) -> None:
    """Every page a transaction changes is one log frame: the bare insert changes its table's
    one leaf, an annotate cycle a page of each table and index it writes."""
    out = _run(tmp_path, "queue_cycle_pages", "--tasks", "2000", "--cycles", "100")
    cells = {}
    for line in out.splitlines():
        if line.startswith("│"):
            name, cycle, ceiling = (c.strip() for c in line.strip("│").split("│"))
            cells[name] = (cycle, ceiling)
    assert cells["bench_ceiling"][0] == "-" and 1.0 <= float(cells["bench_ceiling"][1]) <= 1.1, out  # 1 + leaf splits
    for btree in ("task", "ix_task_claimable", "assignment", "annotation"):
        assert 0.9 <= float(cells[btree][0]) <= 1.5, (btree, out)
    assert 8 <= float(cells["total"][0]) <= 12 and float(cells["total"][1]) <= 1.2, out


def test_lean_schema_benchmark_writes_fewer_pages_per_cycle(tmp_path: Path) -> None:
    """Each b-tree a schema drops from the cycle is one log page fewer per cycle: nine, seven
    and six b-trees (a leaf split now and then adds a little)."""
    out = _run(tmp_path, "queue_lean_schema", "--tasks", "3000", "--rounds", "1", "--seconds", "0.1")
    pages = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip("│").split("│")]
        if line.startswith("│") and cells[0] in ("current", "lean", "floor"):
            pages[cells[0]] = float(cells[1])
            assert float(cells[2].replace(",", "")) > 0 and cells[4].endswith("x"), line
    assert 9 <= pages["current"] < 9.5 and 7 <= pages["lean"] < 7.5 and 6 <= pages["floor"] < 6.5, out
