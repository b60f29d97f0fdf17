"""Dawid-Skene on 1M labels and Bradley-Terry on 1M comparisons: Loopline against crowd-kit on
the same generated data in the same run, seconds and accuracy against the known truth.

Labels: 100k tasks, 1k annotators (accuracy uniform in 0.3-0.95, a tenth of them spammers), 5
classes, 10 labels per task. Comparisons: 10k items with normal log-strengths, 1M comparisons
drawn from the Bradley-Terry model by 1k annotators. crowd-kit runs in its own virtual
environment (it wants scikit-learn < 1.8 for some aggregators; the project's stays as it is),
through `benchmarks/_crowdkit_runner.py` on the same Parquet files.

    python -m venv /tmp/ck-venv && /tmp/ck-venv/bin/pip install crowd-kit "scikit-learn<1.8"
    PYTHONPATH=. python -m benchmarks.aggregation_speed --crowdkit-python /tmp/ck-venv/bin/python
    PYTHONPATH=. python -m benchmarks.aggregation_speed --labels 100000 --comparisons 100000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from scipy import stats

from loopline.quality.aggregation import MACE, BradleyTerry, DawidSkene, MajorityVote

console = Console(width=150)
RUNNER = Path(__file__).with_name("_crowdkit_runner.py")


def make_labels(n_labels: int, n_workers: int, n_classes: int, per_task: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series]:
    n_tasks = n_labels // per_task
    truth = rng.integers(0, n_classes, n_tasks)
    accuracy = rng.uniform(0.3, 0.95, n_workers)
    accuracy[rng.random(n_workers) < 0.1] = 1.0 / n_classes  # spammers
    task = np.repeat(np.arange(n_tasks), per_task)
    # distinct workers per task: a random offset walk modulo n_workers
    start = rng.integers(0, n_workers, n_tasks)
    worker = (np.repeat(start, per_task) + np.tile(np.arange(per_task) * 97, n_tasks)) % n_workers
    right = rng.random(len(task)) < accuracy[worker]
    label = np.where(right, truth[task], (truth[task] + rng.integers(1, n_classes, len(task))) % n_classes)
    df = pd.DataFrame({"task": task, "worker": worker, "label": label})
    return df, pd.Series(truth, name="truth")


def make_comparisons(n: int, n_items: int, n_workers: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    strength = rng.normal(0, 1.5, n_items)
    left = rng.integers(0, n_items, n)
    right = (left + rng.integers(1, n_items, n)) % n_items
    left_wins = rng.random(n) < 1.0 / (1.0 + np.exp(strength[right] - strength[left]))
    df = pd.DataFrame({"worker": rng.integers(0, n_workers, n), "left": left, "right": right, "label": np.where(left_wins, left, right)})
    return df, strength


def crowdkit(python: str, kind: str, data: Path, out: Path, timeout: float) -> tuple[float | None, pd.DataFrame | None, str]:
    try:
        done = subprocess.run([python, str(RUNNER), kind, str(data), str(out)], capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, None, f"did not finish in {timeout:.0f} s"
    if done.returncode != 0:
        return None, None, done.stderr.strip().splitlines()[-1] if done.stderr else f"exit {done.returncode}"
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"], pd.read_parquet(out), ""


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=1_000)
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--per-task", type=int, default=10)
    parser.add_argument("--comparisons", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--crowdkit-python", default="/tmp/ck-venv/bin/python", help="Python of a venv with crowd-kit ('' to skip)")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    table = Table(title="aggregation speed and accuracy (same data, same run)")
    for column in ("data", "method", "seconds", "accuracy", "note"):
        table.add_column(column, justify="right" if column in ("seconds", "accuracy") else "left")
    with tempfile.TemporaryDirectory(prefix="loopline-agg-") as tmp:
        folder = Path(tmp)
        labels, truth = make_labels(args.labels, args.workers, args.classes, args.per_task, rng)
        labels.to_parquet(folder / "labels.parquet")
        what = f"{len(labels):,} labels, {len(truth):,} tasks, {args.workers:,} workers, {args.classes} classes"
        for name, model in (("loopline MajorityVote", MajorityVote()), ("loopline DawidSkene", DawidSkene()), ("loopline MACE", MACE())):
            seconds, predicted = timed(lambda m=model: m.fit_predict(labels))
            iters = f"{len(model.loglik_)} EM iterations" if hasattr(model, "loglik_") else ""
            table.add_row(what, name, f"{seconds:.2f}", f"{(predicted.reindex(truth.index).to_numpy() == truth.to_numpy()).mean():.4f}", iters)
        if args.crowdkit_python:
            seconds, result, note = crowdkit(args.crowdkit_python, "ds", folder / "labels.parquet", folder / "ck_ds.parquet", args.timeout)
            accuracy = ""
            if result is not None:
                predicted = result.set_index("task")["label"].reindex(truth.index)
                accuracy = f"{(predicted.to_numpy() == truth.to_numpy()).mean():.4f}"
            table.add_row(what, "crowd-kit DawidSkene (n_iter=100)", f"{seconds:.2f}" if seconds else "-", accuracy, note)
        comparisons, strength = make_comparisons(args.comparisons, args.items, args.workers, rng)
        comparisons.to_parquet(folder / "pairs.parquet")
        what = f"{len(comparisons):,} comparisons, {args.items:,} items"
        seconds, scores = timed(lambda: BradleyTerry().fit_predict(comparisons))
        rho = stats.spearmanr(scores.reindex(range(args.items)).to_numpy(), strength).statistic
        table.add_row(what, "loopline BradleyTerry (L-BFGS, sparse)", f"{seconds:.2f}", f"{rho:.4f}", "Spearman rho vs true strengths")
        if args.crowdkit_python:
            seconds, result, note = crowdkit(args.crowdkit_python, "bt", folder / "pairs.parquet", folder / "ck_bt.parquet", args.timeout)
            accuracy = ""
            if result is not None:
                ck = result.set_index(result.columns[0])["score"].reindex(range(args.items)).to_numpy()
                accuracy = f"{stats.spearmanr(ck, strength, nan_policy='omit').statistic:.4f}"
            table.add_row(what, "crowd-kit BradleyTerry (n_iter=100)", f"{seconds:.2f}" if seconds else "-", accuracy, note or "Spearman rho vs true strengths")
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
