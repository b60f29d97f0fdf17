"""From the long `task, worker, label` table to integer codes, and back to task-indexed output.

Every aggregator works on these arrays; pandas appears only at the edges (input frame, output
Series indexed by task), which is what keeps the EM loops free of `groupby`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from loopline.core.errors import ValidationError

REQUIRED = ("task", "worker", "label")


@dataclass(frozen=True)
class LabelCodes:
    """One row per annotation: codes of its task, worker and label, and its trust weight."""

    task: npt.NDArray[np.int64]
    worker: npt.NDArray[np.int64]
    label: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    tasks: pd.Index
    workers: pd.Index
    labels: pd.Index

    @property
    def n_tasks(self) -> int:
        return len(self.tasks)

    @property
    def n_workers(self) -> int:
        return len(self.workers)

    @property
    def n_labels(self) -> int:
        return len(self.labels)

    def task_matrix(self) -> sparse.csr_matrix:
        """Tasks x rows incidence with the row weights: `M @ x` sums x per task."""
        rows = np.arange(len(self.task))
        return sparse.csr_matrix((self.weight, (self.task, rows)), shape=(self.n_tasks, len(self.task)))

    def vote_counts(self) -> npt.NDArray[np.float64]:
        """Tasks x labels matrix of weighted votes."""
        flat = np.bincount(self.task * self.n_labels + self.label, weights=self.weight, minlength=self.n_tasks * self.n_labels)
        return flat.reshape(self.n_tasks, self.n_labels)


def check_columns(data: pd.DataFrame, required: tuple[str, ...]) -> None:
    """A clear error naming the missing columns of an aggregator's input."""
    missing = [c for c in required if c not in data.columns]
    if missing:
        raise ValidationError(f"the annotations table lacks column(s) {', '.join(missing)}; it has {', '.join(map(str, data.columns))}", field="data")


def worker_weights(workers: pd.Index, weights: Mapping[Any, float] | pd.Series | None) -> npt.NDArray[np.float64]:
    """Trust weight per worker code (1.0 for workers the mapping does not name)."""
    if weights is None:
        return np.ones(len(workers))
    series = pd.Series(weights, dtype=np.float64) if not isinstance(weights, pd.Series) else weights.astype(np.float64)
    values = series.reindex(workers).fillna(1.0).to_numpy()
    if (values < 0).any():
        raise ValidationError("annotator trust weights must be >= 0", field="weights")
    return values


def encode_labels(data: pd.DataFrame, weights: Mapping[Any, float] | pd.Series | None = None) -> LabelCodes:
    """Integer codes of a `task, worker, label` frame; labels are sorted for stable output."""
    check_columns(data, REQUIRED)
    if len(data) == 0:
        raise ValidationError("there are no annotations to aggregate", field="data")
    task, tasks = pd.factorize(data["task"], sort=True)
    worker, workers = pd.factorize(data["worker"], sort=True)
    label, labels = pd.factorize(data["label"], sort=True)
    if (task < 0).any() or (worker < 0).any() or (label < 0).any():
        raise ValidationError("task, worker and label must not be missing", field="data")
    w = worker_weights(pd.Index(workers), weights)
    return LabelCodes(task.astype(np.int64), worker.astype(np.int64), label.astype(np.int64), w[worker], pd.Index(tasks, name="task"), pd.Index(workers, name="worker"), pd.Index(labels))


def normalize_rows(matrix: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Rows scaled to sum to 1 (all-zero rows become uniform)."""
    totals = matrix.sum(1, keepdims=True)
    uniform = np.full_like(matrix, 1.0 / matrix.shape[1])
    return np.divide(matrix, totals, out=uniform, where=totals > 0)


def log_normalize(log_p: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
    """Posterior rows from unnormalized log probabilities, and the total log likelihood."""
    top = log_p.max(1, keepdims=True)
    p = np.exp(log_p - top)
    total = p.sum(1, keepdims=True)
    return p / total, float((np.log(total) + top).sum())


@dataclass(frozen=True)
class TaskSummary:
    """Per task: chosen label code, its posterior, and the weighted share of votes for it."""

    label: npt.NDArray[np.int64]
    confidence: npt.NDArray[np.float64]
    agreement: npt.NDArray[np.float64]


def summarize(codes: LabelCodes, probas: npt.NDArray[np.float64]) -> TaskSummary:
    """Argmax label (lowest code on a tie), its posterior, and the agreement with it."""
    label = probas.argmax(1)
    votes = codes.vote_counts()
    totals = votes.sum(1)
    chosen = votes[np.arange(len(label)), label]
    agreement = np.divide(chosen, totals, out=np.zeros_like(chosen), where=totals > 0)
    return TaskSummary(label, probas[np.arange(len(label)), label], agreement)
