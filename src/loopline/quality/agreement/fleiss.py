"""Fleiss' kappa: chance-corrected agreement of many annotators on nominal categories.

With n_ij annotators putting item i in category j and n_i = sum_j n_ij:

    P_i = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1))      p_j = sum_i n_ij / sum_i n_i
    kappa = (mean_i P_i - sum_j p_j^2) / (1 - sum_j p_j^2)

Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological Bulletin
76(5). The paper assumes the same n for every item; here items may have different counts
(items with fewer than two annotations are left out), which reduces to the paper's formula when
all n_i are equal. There is no analytic interval for the unequal case: use `bootstrap_ci`.

>>> round(fleiss_kappa([[2, 0], [0, 2], [1, 1]]), 3)
0.333
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt

from loopline.quality.agreement._tables import count_table, encode


def fleiss_kappa(table: npt.ArrayLike) -> float:
    """Fleiss' kappa of an items x categories counts table."""
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != 2:
        raise ValueError(f"expected an items x categories table; got shape {counts.shape}")
    per_item = counts.sum(1)
    counts = counts[per_item >= 2]
    per_item = per_item[per_item >= 2]
    if len(counts) == 0:
        raise ValueError("Fleiss' kappa needs at least one item with two or more annotations")
    p_item = ((counts * (counts - 1)).sum(1) / (per_item * (per_item - 1))).mean()
    p_cat = counts.sum(0) / per_item.sum()
    pe = float((p_cat**2).sum())
    if pe >= 1.0:
        return 1.0
    return float((p_item - pe) / (1.0 - pe))


def fleiss_table(items: Sequence[Hashable], labels: Sequence[Hashable]) -> tuple[npt.NDArray[np.float64], list[Hashable], list[Hashable]]:
    """Counts table from a long `item, label` listing; returns (table, items, categories)."""
    (item_codes,), item_values = encode(items)
    (label_codes,), categories = encode(labels)
    return count_table(item_codes, label_codes, len(item_values), len(categories)), item_values, categories
