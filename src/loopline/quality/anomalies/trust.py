"""Trust score per annotator: gold accuracy where there is gold, shrunk toward the model's skill.

    trust_j = (correct_j + k * skill_j) / (n_gold_j + k)

a Beta-binomial posterior mean whose prior mean is the aggregation model's estimated skill
(Dawid-Skene's P(correct), MACE's competence, or agreement with the consensus) with the weight
of `k` gold answers: with no gold the trust is the skill, with much gold it is the gold accuracy.
The result is a weight in [0, 1] for aggregation and export (`weights=` of every aggregator).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def trust_scores(gold_correct: pd.DataFrame | None = None, skills: Mapping[str, float] | pd.Series | None = None, *, prior_weight: float = 10.0, default: float = 1.0) -> pd.DataFrame:
    """Per annotator: n_gold, gold_accuracy, skill and trust.

    `gold_correct`: rows `annotator, gold_correct` (bool). `skills`: annotator -> model skill.
    Annotators with neither get `default`.
    """
    skill = pd.Series(skills if skills is not None else {}, dtype=float)
    if gold_correct is not None and len(gold_correct):
        grouped = gold_correct.dropna(subset=["gold_correct"]).groupby("annotator")["gold_correct"]
        gold = pd.DataFrame({"n_gold": grouped.size(), "correct": grouped.sum().astype(float)})
    else:
        gold = pd.DataFrame({"n_gold": pd.Series(dtype=int), "correct": pd.Series(dtype=float)})
    names = sorted(set(gold.index.astype(str)) | set(skill.index.astype(str)))
    out = pd.DataFrame(index=pd.Index(names, name="annotator"))
    out["n_gold"] = gold["n_gold"].reindex(names).fillna(0).astype(int)
    correct = gold["correct"].reindex(names).fillna(0.0)
    out["gold_accuracy"] = (correct / out["n_gold"]).where(out["n_gold"] > 0)
    out["skill"] = skill.reindex(names)
    prior = out["skill"].fillna(out["gold_accuracy"]).fillna(default)
    out["trust"] = ((correct + prior_weight * prior) / (out["n_gold"] + prior_weight)).clip(0.0, 1.0)
    return out


def domain_trust(gold_correct: pd.DataFrame, overall: Mapping[str, float] | pd.Series, *, prior_weight: float = 10.0) -> pd.DataFrame:
    """Trust per annotator and domain (a record's `metadata.domain`, or its required skills).

        trust_jd = (correct_jd + k * trust_j) / (n_gold_jd + k)

    the same Beta-binomial mean as `trust_scores`, one level down: each domain's gold answers
    move the annotator's overall trust `trust_j` toward their accuracy in that domain, so a
    domain with little gold stays close to the overall figure.
    `gold_correct`: rows `annotator, domain, gold_correct`. Index of the result: (annotator, domain).
    """
    columns = ["n_gold", "gold_accuracy", "trust"]
    rows = gold_correct.dropna(subset=["gold_correct", "domain"]) if len(gold_correct) else gold_correct
    if not len(rows):
        return pd.DataFrame(columns=columns, index=pd.MultiIndex.from_tuples([], names=["annotator", "domain"]))
    grouped = rows.groupby(["annotator", "domain"])["gold_correct"]
    out = pd.DataFrame({"n_gold": grouped.size(), "correct": grouped.sum().astype(float)})
    prior = pd.Series(overall, dtype=float).reindex(out.index.get_level_values("annotator")).fillna(1.0).to_numpy()
    out["gold_accuracy"] = out["correct"] / out["n_gold"]
    out["trust"] = ((out["correct"] + prior_weight * prior) / (out["n_gold"] + prior_weight)).clip(0.0, 1.0)
    return out[columns]
