"""Cohen's kappa between two annotators, unweighted or with linear / quadratic weights.

    kappa = 1 - sum_ij w_ij o_ij / sum_ij w_ij e_ij

with o the observed joint proportions, e = outer(row marginals, column marginals) the ones
expected by chance, and w_ij = 1 - [i == j] (unweighted), |i - j| (linear) or (i - j)^2
(quadratic) over the ordered categories. Cohen (1960), "A coefficient of agreement for nominal
scales"; Cohen (1968), "Weighted kappa". The asymptotic standard error is Fleiss, Cohen and
Everitt (1969), the one SAS and statsmodels print.

>>> round(cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]), 3)
0.5
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from loopline.quality.agreement._tables import encode

Weights = Literal["linear", "quadratic"] | None


@dataclass(frozen=True)
class KappaResult:
    """A kappa with its asymptotic standard error and a normal confidence interval."""

    kappa: float
    std_error: float
    low: float
    high: float


def weight_matrix(n: int, weights: Weights) -> npt.NDArray[np.float64]:
    """Disagreement weights w_ij for n ordered categories (0 on the diagonal)."""
    i, j = np.indices((n, n))
    if weights is None:
        return (i != j).astype(np.float64)
    if weights == "linear":
        return np.abs(i - j).astype(np.float64)
    if weights == "quadratic":
        return ((i - j) ** 2).astype(np.float64)
    raise ValueError(f"weights must be None, 'linear' or 'quadratic'; got {weights!r}")


def confusion(a: Sequence[Hashable], b: Sequence[Hashable], labels: Sequence[Hashable] | None = None) -> tuple[npt.NDArray[np.float64], list[Hashable]]:
    """Counts table[i, j] of items annotator A put in category i and B in category j."""
    if len(a) != len(b):
        raise ValueError(f"both annotators must label the same items; got {len(a)} and {len(b)} labels")
    (ca, cb), cats = encode(a, b, labels=labels)
    table = np.zeros((len(cats), len(cats)))
    np.add.at(table, (ca, cb), 1.0)
    return table, cats


def kappa_from_table(table: npt.ArrayLike, weights: Weights = None, confidence: float = 0.95) -> KappaResult:
    """Kappa of a square counts table (rows: annotator A, columns: annotator B)."""
    counts = np.asarray(table, dtype=np.float64)
    n = counts.sum()
    if n == 0:
        raise ValueError("kappa needs at least one item labelled by both annotators")
    p = counts / n
    rows, cols = p.sum(1), p.sum(0)
    w = weight_matrix(len(counts), weights)
    agree = 1.0 - w / w.max() if w.max() > 0 else np.ones_like(w)  # agreement weights in [0, 1]
    po, pe = (agree * p).sum(), (agree * np.outer(rows, cols)).sum()
    if pe >= 1.0:
        return KappaResult(1.0 if po >= 1.0 else float("nan"), 0.0, 1.0, 1.0)
    kappa = (po - pe) / (1.0 - pe)
    # Fleiss, Cohen & Everitt (1969): var = [sum p_ij (w_ij - (wbar_i + wbar_j)(1-k))^2 - (k - pe(1-k))^2] / (n (1-pe)^2)
    wbar_i, wbar_j = agree @ cols, rows @ agree
    inner = agree - (wbar_i[:, None] + wbar_j[None, :]) * (1.0 - kappa)
    var = ((p * inner**2).sum() - (kappa - pe * (1.0 - kappa)) ** 2) / (n * (1.0 - pe) ** 2)
    se = float(np.sqrt(max(var, 0.0)))
    z = stats.norm.ppf(0.5 + confidence / 2)
    return KappaResult(float(kappa), se, float(kappa - z * se), float(kappa + z * se))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable], *, weights: Weights = None, labels: Sequence[Hashable] | None = None) -> float:
    """Cohen's kappa of two annotators' labels for the same items (in the same order).

    For weighted kappa the categories are ordered by `labels` (default: sorted values).
    """
    table, _ = confusion(a, b, labels)
    return kappa_from_table(table, weights).kappa


def cohen_kappa_ci(a: Sequence[Hashable], b: Sequence[Hashable], *, weights: Weights = None, labels: Sequence[Hashable] | None = None, confidence: float = 0.95) -> KappaResult:
    """Cohen's kappa with its asymptotic standard error and confidence interval."""
    table, _ = confusion(a, b, labels)
    return kappa_from_table(table, weights, confidence)
