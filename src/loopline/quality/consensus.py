"""The consensus behind an export: each question's answers aggregated by the chosen policy.

`fit_consensus` reads every annotated task once, builds one long table per question, fits the
policy's model over all of them together (Dawid-Skene and MACE learn each annotator's skill
across tasks, so they cannot be run task by task), and keeps per task the judgement with its
`confidence` (posterior of the answer) and `agreement` (share of annotators' votes behind it).
The dataset builders then look judgements up while they stream rows.

Which questions each policy covers:

| policy | label (single choice), rating, pairwise choice | ranking |
|---|---|---|
| majority | weighted majority vote | mean rank |
| dawid-skene | Dawid-Skene | mean rank |
| mace | MACE | mean rank |
| bradley-terry | majority vote (pairwise: Bradley-Terry) | Bradley-Terry |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loopline.core.errors import ValidationError
from loopline.core.questions.base import QuestionBase
from loopline.quality.question_agreement import categorical_value
from loopline.train.datasets.tasks import AnnotatedTask

AGGREGATIONS = ("majority", "dawid-skene", "mace", "bradley-terry")
# Name written into the manifest's `policy` for each (aggregation, question type).
_LABEL_POLICY = {"majority": "majority_vote", "dawid-skene": "dawid_skene", "mace": "mace", "bradley-terry": "majority_vote"}


@dataclass(frozen=True)
class Judgement:
    """One question's aggregated answer for one task (value None: a tie, no judgement)."""

    value: Any
    confidence: float
    agreement: float


@dataclass(frozen=True)
class RankedPair:
    """better/worse response indexes with the model's margin, confidence and vote agreement."""

    better: int
    worse: int
    margin: float
    confidence: float
    agreement: float


@dataclass
class Consensus:
    """Judgements per question and task, and what produced them."""

    aggregation: str
    trust_weighted: bool
    policy: dict[str, str] = field(default_factory=dict)  # question type -> policy name
    judgements: dict[str, dict[int, Judgement]] = field(default_factory=dict)
    strengths: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)  # BT log-strength per response

    def judgement(self, question: str, task_id: int) -> Judgement | None:
        return self.judgements.get(question, {}).get(task_id)

    def manifest_entry(self) -> dict[str, Any]:
        return {"policy": self.aggregation, "trust_weighted": self.trust_weighted, "questions": sorted(self.judgements) + sorted(self.strengths)}


def label_model(aggregation: str) -> Any:
    """A fresh label aggregator for a policy name (bradley-terry: majority vote for labels)."""
    from loopline.quality.aggregation import MACE, DawidSkene, MajorityVote

    if aggregation == "dawid-skene":
        return DawidSkene()
    if aggregation == "mace":
        return MACE()
    return MajorityVote()


def fit_consensus(tasks: Iterable[AnnotatedTask], questions: Sequence[QuestionBase], aggregation: str, *, trust_weighted: bool = False) -> Consensus:
    """Fit `aggregation` over every task's answers to the project's aggregatable questions."""
    if aggregation not in AGGREGATIONS:
        raise ValidationError(f"aggregation must be one of {', '.join(AGGREGATIONS)}; got {aggregation!r}", field="--aggregation")
    types = {q.name: getattr(q, "type", "") for q in questions}
    categorical = {n for n, t in types.items() if t in ("label", "rating", "pairwise")}
    rankings = {n for n, t in types.items() if t == "ranking"} if aggregation == "bradley-terry" else set()
    bt_pairwise = {n for n in categorical if types[n] == "pairwise"} if aggregation == "bradley-terry" else set()
    rows: dict[str, list[tuple[int, str, Any]]] = {n: [] for n in categorical}
    comparisons: dict[str, list[tuple[str, tuple[int, int], tuple[int, int], Any]]] = {n: [] for n in rankings | bt_pairwise}
    trust: dict[str, float] = {}
    for task in tasks:
        for annotation in task.annotations:
            trust[annotation.annotator] = annotation.trust
            for name, answer in annotation.answers.items():
                if name in comparisons and types[name] == "ranking":
                    comparisons[name].extend(_ranking_comparisons(task.task_id, annotation.annotator, answer))
                elif name in comparisons:
                    choice = categorical_value(answer, "pairwise")
                    if choice is not None:
                        a, b = (task.task_id, 0), (task.task_id, 1)
                        comparisons[name].append((annotation.annotator, a, b, a if choice == "a" else b if choice == "b" else None))
                if name in rows:
                    value = categorical_value(answer, types[name])
                    if value is not None:
                        rows[name].append((task.task_id, annotation.annotator, value))
    weights = trust if trust_weighted else None
    consensus = Consensus(aggregation, trust_weighted)
    for name in sorted(categorical - bt_pairwise):
        consensus.policy[types[name]] = _LABEL_POLICY[aggregation]
        if rows[name]:
            consensus.judgements[name] = _fit_labels(rows[name], aggregation, weights)
    for name in sorted(comparisons):
        consensus.policy[types[name]] = "bradley_terry"
        if comparisons[name]:
            consensus.strengths[name] = _fit_strengths(comparisons[name], weights)
    if "ranking" in types.values() and aggregation != "bradley-terry":
        consensus.policy["ranking"] = "mean_rank"
    return consensus


def _ranking_comparisons(task_id: int, annotator: str, ranks: Any) -> list[tuple[str, tuple[int, int], tuple[int, int], Any]]:
    if not isinstance(ranks, list):
        return []
    out = []
    for i in range(len(ranks)):
        for j in range(i + 1, len(ranks)):
            winner = (task_id, i) if ranks[i] < ranks[j] else (task_id, j) if ranks[j] < ranks[i] else None
            out.append((annotator, (task_id, i), (task_id, j), winner))
    return out


def _fit_labels(rows: list[tuple[int, str, Any]], aggregation: str, weights: dict[str, float] | None) -> dict[int, Judgement]:
    frame = pd.DataFrame(rows, columns=["task", "worker", "label"])
    model = label_model(aggregation).fit(frame, weights)
    probas = np.sort(model.probas_.to_numpy(), axis=1)
    tied = probas[:, -1] - probas[:, -2] <= 1e-12 if probas.shape[1] > 1 else np.zeros(len(probas), bool)
    values = [None if t else _plain(v) for v, t in zip(model.labels_.to_numpy(), tied)]
    return {int(t): Judgement(v, float(c), float(a)) for t, v, c, a in zip(model.labels_.index, values, model.confidence_.to_numpy(), model.agreement_.to_numpy())}


def _plain(value: Any) -> Any:
    """NumPy scalars back to Python values (ratings stay ints, labels strings)."""
    return value.item() if isinstance(value, np.generic) else value


def _fit_strengths(comparisons: list[tuple[str, tuple[int, int], tuple[int, int], Any]], weights: dict[str, float] | None) -> dict[int, np.ndarray]:
    from loopline.quality.aggregation import BradleyTerry

    # Items are encoded "task:response" strings; ties get a label matching neither side (half a win each).
    frame = pd.DataFrame({
        "worker": [c[0] for c in comparisons],
        "left": [f"{c[1][0]}:{c[1][1]}" for c in comparisons],
        "right": [f"{c[2][0]}:{c[2][1]}" for c in comparisons],
        "label": [f"{c[3][0]}:{c[3][1]}" if c[3] is not None else "tie" for c in comparisons],
    })
    strengths = BradleyTerry().fit(frame, weights).log_strengths_
    out: dict[int, dict[int, float]] = {}
    for item, value in strengths.items():
        task, response = str(item).split(":")
        out.setdefault(int(task), {})[int(response)] = float(value)
    return {t: np.array([r.get(i, 0.0) for i in range(max(r) + 1)]) for t, r in out.items()}


def ranked_pairs_bt(strengths: np.ndarray, rankings: Sequence[Sequence[int]], n: int, tol: float = 1e-9) -> tuple[list[RankedPair], int]:
    """Policy `bradley_terry` for one task: every pair the model orders, plus how many tied.

    margin = log-strength gap, confidence = P(better beats worse) = sigmoid(gap), agreement =
    share of the rankings that put them in the same strict order.
    """
    pairs: list[RankedPair] = []
    ties = 0
    valid = [r for r in rankings if len(r) == n]
    for i in range(n):
        for j in range(n):
            gap = float(strengths[i] - strengths[j]) if max(i, j) < len(strengths) else 0.0
            if gap > tol:
                agree = sum(1 for r in valid if r[i] < r[j]) / len(valid) if valid else 0.0
                pairs.append(RankedPair(i, j, gap, float(1.0 / (1.0 + np.exp(-gap))), agree))
            elif i < j and abs(gap) <= tol:
                ties += 1
    return pairs, ties


def mean_rank_agreement(rankings: Sequence[Sequence[int]], better: int, worse: int) -> float:
    """Share of rankings that put `better` strictly before `worse`."""
    return sum(1 for r in rankings if r[better] < r[worse]) / len(rankings) if rankings else 0.0
