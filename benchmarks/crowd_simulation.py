"""A simulated crowd with a known truth: accuracy of each aggregation policy, and precision and
recall of the anomaly flags.

The crowd: good annotators, careless ones (right 55-70% of the time), spammers (uniform random
answers; half of them also rush, some always pick one option) and position-biased ones (answer
labels well, but in a pairwise choice take the first-shown response most of the time). Every task
has a 4-class `label` question and a `pairwise` question whose two responses are shown in random
order; 5% of tasks are gold.

Goal: recall >= 0.95 at precision >= 0.9 for spammers (flags low_agreement, low_gold_accuracy,
straight_lining) and for position-biased annotators (flag position_bias).

    PYTHONPATH=. python -m benchmarks.crowd_simulation --tasks 5000 --annotators 200 --seeds 5
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from loopline.quality.aggregation import MACE, BradleyTerry, DawidSkene, MajorityVote
from loopline.quality.anomalies import AnomalyConfig, detect_anomalies

console = Console(width=150)
K = 4
SPAM_KINDS = {"low_agreement", "low_gold_accuracy", "straight_lining"}


@dataclass
class Crowd:
    kinds: np.ndarray  # per annotator: good, careless, spammer, position
    labels: pd.DataFrame  # task, worker, label, truth, gold, duration, content_length
    pairs: pd.DataFrame  # task, worker, left, right, label (winner), position, truth


def simulate(n_tasks: int, n_annotators: int, overlap: int, rng: np.random.Generator) -> Crowd:
    kinds = rng.choice(["good", "careless", "spammer", "position"], size=n_annotators, p=[0.6, 0.15, 0.15, 0.10])
    accuracy = np.where(kinds == "careless", rng.uniform(0.55, 0.7, n_annotators), rng.uniform(0.8, 0.95, n_annotators))
    straight = (kinds == "spammer") & (rng.random(n_annotators) < 0.3)
    rushes = (kinds == "spammer") & (rng.random(n_annotators) < 0.5)
    first_rate = rng.uniform(0.75, 0.95, n_annotators)
    truth = rng.choice(K, size=n_tasks, p=[0.4, 0.3, 0.2, 0.1])
    length = rng.integers(300, 3000, n_tasks)
    gold = rng.random(n_tasks) < 0.05
    # overlap distinct annotators per task
    workers = np.argsort(rng.random((n_tasks, n_annotators)), axis=1)[:, :overlap].ravel()
    task = np.repeat(np.arange(n_tasks), overlap)
    kind = kinds[workers]
    right = rng.random(len(task)) < accuracy[workers]
    wrong = (truth[task] + rng.integers(1, K, len(task))) % K
    label = np.where(right, truth[task], wrong)
    label = np.where(kind == "spammer", rng.integers(0, K, len(task)), label)
    label = np.where(straight[workers], 0, label)
    speed = np.where(rushes[workers], rng.uniform(150, 400, len(task)), rng.uniform(8, 35, len(task)))
    labels = pd.DataFrame({"task": task, "worker": workers, "label": label, "truth": truth[task], "gold": gold[task],
                           "duration": length[task] / speed, "content_length": length[task]})
    # pairwise: response "good" vs "bad" of each task, shown in random order
    better_first = rng.random(n_tasks) < 0.5
    shown_first_is_better = np.repeat(better_first, overlap)
    p_right = np.where(kind == "careless", accuracy[workers], 0.9)
    picks_better = rng.random(len(task)) < p_right
    pick_first = np.where(picks_better, shown_first_is_better, ~shown_first_is_better)
    pick_first = np.where(kind == "spammer", rng.random(len(task)) < 0.5, pick_first)
    biased = (kind == "position") & (rng.random(len(task)) < first_rate[workers])
    pick_first = np.where(biased, True, pick_first)
    picked_better = pick_first == shown_first_is_better
    pairs = pd.DataFrame({"task": task, "worker": workers, "left": [f"{t}:good" for t in task], "right": [f"{t}:bad" for t in task],
                          "label": np.where(picked_better, [f"{t}:good" for t in task], [f"{t}:bad" for t in task]),
                          "position": np.where(pick_first, 0, 1), "picked_better": picked_better})
    return Crowd(kinds, labels, pairs)


def label_accuracy(crowd: Crowd, weights: pd.Series | None = None) -> dict[str, float]:
    truth = crowd.labels.groupby("task")["truth"].first()
    out = {}
    for name, model in {"majority": MajorityVote(), "dawid-skene": DawidSkene(), "mace": MACE()}.items():
        predicted = model.fit_predict(crowd.labels[["task", "worker", "label"]], weights)
        out[name] = float((predicted.reindex(truth.index) == truth).mean())
    return out


def pairwise_accuracy(crowd: Crowd) -> dict[str, float]:
    mv = crowd.pairs.groupby("task")["picked_better"].mean()
    bt = BradleyTerry().fit(crowd.pairs[["worker", "left", "right", "label"]])
    summary = bt.pair_summary()
    return {"majority": float((mv > 0.5).mean()), "bradley-terry": float(summary["winner"].str.endswith(":good").mean())}


def anomaly_table(crowd: Crowd) -> pd.DataFrame:
    consensus = DawidSkene().fit_predict(crowd.labels[["task", "worker", "label"]])
    lab = crowd.labels
    labels = pd.DataFrame({"annotator": lab["worker"].astype(str), "question": "label", "option": lab["label"].astype(str),
                           "duration": lab["duration"], "content_length": lab["content_length"],
                           "agrees": (lab["label"].to_numpy() == consensus.reindex(lab["task"]).to_numpy()).astype(float),
                           "gold_correct": np.where(lab["gold"], (lab["label"] == lab["truth"]).astype(float), np.nan)})
    pr = crowd.pairs
    pairs = pd.DataFrame({"annotator": pr["worker"].astype(str), "question": "pairwise", "option": np.where(pr["picked_better"], "better", "worse"),
                          "position": pr["position"].astype(float), "n_positions": 2.0})
    return pd.concat([labels, pairs], ignore_index=True)


def precision_recall(flagged: set[str], actual: set[str]) -> tuple[float, float]:
    hits = len(flagged & actual)
    return (hits / len(flagged) if flagged else 1.0), (hits / len(actual) if actual else 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--annotators", type=int, default=200)
    parser.add_argument("--overlap", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args(argv)
    acc_rows, flag_rows = [], []
    for seed in range(args.seeds):
        crowd = simulate(args.tasks, args.annotators, args.overlap, np.random.default_rng(seed))
        acc = {f"label {k}": v for k, v in label_accuracy(crowd).items()}
        acc.update({f"pairwise {k}": v for k, v in pairwise_accuracy(crowd).items()})
        acc_rows.append(acc)
        started = time.perf_counter()
        flags = detect_anomalies(anomaly_table(crowd), AnomalyConfig())
        elapsed = time.perf_counter() - started
        names = np.array([str(i) for i in range(args.annotators)])
        spammers, positional = set(names[crowd.kinds == "spammer"]), set(names[crowd.kinds == "position"])
        spam_p, spam_r = precision_recall({f.annotator for f in flags if f.kind in SPAM_KINDS}, spammers)
        pos_p, pos_r = precision_recall({f.annotator for f in flags if f.kind == "position_bias"}, positional)
        flag_rows.append({"spam precision": spam_p, "spam recall": spam_r, "position precision": pos_p, "position recall": pos_r, "detect s": elapsed,
                          "spammers": len(spammers), "position-biased": len(positional)})
    table = Table(title=f"aggregation accuracy ({args.tasks:,} tasks, {args.annotators} annotators, overlap {args.overlap}, mean of {args.seeds} seeds)")
    table.add_column("policy")
    table.add_column("accuracy", justify="right")
    for key, value in pd.DataFrame(acc_rows).mean().items():
        table.add_row(str(key), f"{value:.4f}")
    console.print(table)
    flags_table = Table(title="anomaly flags, per seed")
    frame = pd.DataFrame(flag_rows)
    for column in frame.columns:
        flags_table.add_column(column, justify="right")
    for _, row in frame.iterrows():
        flags_table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
    console.print(flags_table)
    mean = frame.mean()
    console.print(f"mean: spammers precision {mean['spam precision']:.3f} recall {mean['spam recall']:.3f}; position-biased precision {mean['position precision']:.3f} recall {mean['position recall']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
