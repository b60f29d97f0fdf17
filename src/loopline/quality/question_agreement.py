"""Agreement of one question's answers, with the metric that fits its type.

| type | metrics |
|---|---|
| label (single choice), pairwise | Fleiss' kappa, Krippendorff's alpha (nominal) with a bootstrap CI, raw agreement |
| rating | Krippendorff's alpha (ordinal, interval) with a bootstrap CI, raw agreement |
| ranking | mean Kendall's W per task, pairwise-preference agreement and its kappa |
| spans | mean F1 between annotators, exact and overlap |
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loopline.quality.agreement import (
    bootstrap_ci,
    fleiss_kappa,
    kendall_w,
    krippendorff_alpha,
    mean_span_f1,
    pairwise_agreement,
)

CATEGORICAL = ("label", "rating", "pairwise")


@dataclass
class QuestionAgreement:
    """One question's agreement figures (metric name -> value) and how much data they rest on."""

    question: str
    type: str
    items: int  # tasks with at least two answers
    answers: int
    metrics: dict[str, float] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)


def categorical_value(answer: Any, qtype: str) -> Any:
    """The category an answer votes for (pairwise: its choice), or None."""
    if qtype == "pairwise":
        return answer.get("choice") if isinstance(answer, dict) else None
    if qtype == "label":
        return answer if isinstance(answer, str) else None
    if qtype == "rating":
        return answer if isinstance(answer, int) and not isinstance(answer, bool) else None
    return None


def _reliability_matrix(frame: pd.DataFrame, codes: dict[Any, float]) -> np.ndarray:
    """Annotators x tasks matrix of value codes (NaN where missing)."""
    wide = frame.assign(code=frame["value"].map(codes)).pivot_table(index="annotator", columns="task", values="code", aggfunc="first")
    return wide.to_numpy(dtype=float)


def categorical_agreement(name: str, qtype: str, frame: pd.DataFrame, *, resamples: int = 200) -> QuestionAgreement:
    """`frame`: task, annotator, value for one label / rating / pairwise question."""
    per_task = frame.groupby("task")["value"].size()
    multi = frame[frame["task"].isin(per_task[per_task >= 2].index)]
    out = QuestionAgreement(name, qtype, int((per_task >= 2).sum()), len(frame))
    if multi.empty:
        return out
    values = sorted(multi["value"].unique(), key=lambda v: (str(type(v)), v))
    codes = {v: float(i) for i, v in enumerate(values)} if qtype != "rating" else {v: float(v) for v in values}
    table = pd.crosstab(multi["task"], multi["value"]).to_numpy(dtype=float)
    out.metrics["fleiss_kappa"] = fleiss_kappa(table)
    m = table.sum(1)
    out.metrics["raw_agreement"] = float(((table * (table - 1)).sum(1) / (m * (m - 1))).mean())
    matrix = _reliability_matrix(multi, codes)
    levels = ("ordinal", "interval") if qtype == "rating" else ("nominal",)
    for level in levels:
        key = f"alpha_{level}"
        try:
            ci = bootstrap_ci(lambda d, lv=level: krippendorff_alpha(d, level=lv), matrix, axis=1, resamples=resamples)
        except ValueError:
            continue
        out.metrics[key] = ci.estimate
        out.intervals[key] = (ci.low, ci.high)
    return out


def ranking_agreement(name: str, frame: pd.DataFrame) -> QuestionAgreement:
    """`frame`: task, annotator, value (a list of ranks) for one ranking question."""
    by_task: dict[Any, list[list[int]]] = defaultdict(list)
    for task, value in zip(frame["task"], frame["value"]):
        if isinstance(value, list):
            by_task[task].append(value)
    out = QuestionAgreement(name, "ranking", sum(1 for r in by_task.values() if len(r) >= 2), len(frame))
    ws, items, choices = [], [], []
    for task, rankings in by_task.items():
        sizes = {len(r) for r in rankings}
        if len(rankings) < 2 or len(sizes) != 1:
            continue
        ws.append(kendall_w(rankings))
        n = sizes.pop()
        for i in range(n):
            for j in range(i + 1, n):
                for r in rankings:
                    items.append((task, i, j))
                    choices.append(int(np.sign(r[i] - r[j])))
    if ws:
        out.metrics["kendall_w"] = float(np.mean(ws))
        pairs = pairwise_agreement(items, choices)
        out.metrics["pairwise_agreement"] = pairs.agreement
        out.metrics["pairwise_kappa"] = pairs.kappa
    return out


def spans_agreement(name: str, frame: pd.DataFrame) -> QuestionAgreement:
    """`frame`: task, annotator, value (a spans answer) for one spans question."""
    groups = [list(g) for _, g in frame.groupby("task")["value"] if len(g) >= 2]
    out = QuestionAgreement(name, "spans", len(groups), len(frame))
    if groups:
        out.metrics["span_f1_exact"] = float(np.mean([mean_span_f1(g, mode="exact") for g in groups]))
        out.metrics["span_f1_overlap"] = float(np.mean([mean_span_f1(g, mode="overlap") for g in groups]))
    return out


def question_agreement(name: str, qtype: str, frame: pd.DataFrame, *, resamples: int = 200) -> QuestionAgreement | None:
    """The agreement figures of one question, or None for types without a metric (text, chat)."""
    if qtype in CATEGORICAL:
        values = frame.assign(value=[categorical_value(v, qtype) for v in frame["value"]]).dropna(subset=["value"])
        return categorical_agreement(name, qtype, values, resamples=resamples)
    if qtype == "ranking":
        return ranking_agreement(name, frame)
    if qtype == "spans":
        return spans_agreement(name, frame)
    return None

