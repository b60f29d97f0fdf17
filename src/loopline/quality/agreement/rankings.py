"""Agreement on rankings and pairwise preferences.

Kendall's W (coefficient of concordance) for m annotators each ranking the same n items:

    W = 12 S / (m^2 (n^3 - n) - m T),   S = sum_i (R_i - mean R)^2,   T = sum_groups (t^3 - t)

with R_i item i's rank sum and T the tie correction over every annotator's groups of tied ranks
(Kendall & Babington Smith 1939; Siegel & Castellan 1988, eq. 9.16). W is 1 when everyone
ranks alike and 0 when rank sums are all equal.

Pairwise-preference agreement: over every item pair an annotator ordered, the share of
annotator pairs that chose the same side (ties count as a side), averaged over pairs, plus a
chance-corrected version (Fleiss' kappa with categories first-better / tie / second-better).

>>> kendall_w([[1, 2, 3], [1, 2, 3]])
1.0
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from loopline.quality.agreement._tables import count_table, encode
from loopline.quality.agreement.fleiss import fleiss_kappa


def kendall_w(rankings: npt.ArrayLike) -> float:
    """Kendall's W of an annotators x items matrix of ranks (ties as average or dense ranks)."""
    raw = np.asarray(rankings, dtype=np.float64)
    if raw.ndim != 2 or raw.shape[0] < 2 or raw.shape[1] < 2:
        raise ValueError(f"Kendall's W needs at least 2 annotators x 2 items; got shape {raw.shape}")
    m, n = raw.shape
    ranks = np.vstack([stats.rankdata(row) for row in raw])  # average ranks, whatever was given
    ties = 0.0
    for row in ranks:
        _, sizes = np.unique(row, return_counts=True)
        ties += float((sizes**3 - sizes).sum())
    sums = ranks.sum(0)
    s = float(((sums - sums.mean()) ** 2).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator == 0:
        return 1.0
    return s * 12.0 / denominator


@dataclass(frozen=True)
class PairwiseAgreement:
    """Raw and chance-corrected agreement on the direction of item pairs."""

    agreement: float  # mean share of agreeing annotator pairs, per compared item pair
    kappa: float  # Fleiss' kappa over (first better, tie, second better)
    pairs: int  # item pairs judged by at least two annotators


def preference_codes(rankings: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Annotators x item-pairs matrix: 0 first better, 1 tie, 2 second better, -1 missing."""
    ranks = np.asarray(rankings, dtype=np.float64)
    i, j = np.triu_indices(ranks.shape[1], 1)
    a, b = ranks[:, i], ranks[:, j]
    codes = np.where(a < b, 0, np.where(a == b, 1, 2))
    return np.where(np.isnan(a) | np.isnan(b), -1, codes)


def pairwise_agreement(items: Sequence[Hashable], choices: Sequence[Hashable]) -> PairwiseAgreement:
    """Agreement from a long `item pair, choice` listing (one row per annotator's judgement)."""
    (item_codes,), item_values = encode(items)
    (choice_codes,), categories = encode(choices)
    table = count_table(item_codes, choice_codes, len(item_values), len(categories))
    judged = table.sum(1)
    table = table[judged >= 2]
    if len(table) == 0:
        raise ValueError("pairwise agreement needs an item pair judged by two or more annotators")
    m = table.sum(1)
    share = ((table * (table - 1)).sum(1) / (m * (m - 1))).mean()
    return PairwiseAgreement(float(share), fleiss_kappa(table), len(table))


def ranking_pairwise_agreement(rankings: npt.ArrayLike) -> PairwiseAgreement:
    """Pairwise-preference agreement of an annotators x items rank matrix (NaN = missing)."""
    codes = preference_codes(rankings)
    items, choices = [], []
    for pair in range(codes.shape[1]):
        for code in codes[:, pair]:
            if code >= 0:
                items.append(pair)
                choices.append(int(code))
    return pairwise_agreement(items, choices)
