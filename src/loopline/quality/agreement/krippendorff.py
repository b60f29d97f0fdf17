"""Krippendorff's alpha at nominal, ordinal, interval and ratio levels, with missing data.

Reliability data are an annotators x units matrix (NaN = not annotated). Values a unit got from
its m_u >= 2 annotators make coincidences o_ck = sum_u (#pairs (c, k) in u) / (m_u - 1);
with n_c = sum_k o_ck and n = sum_c n_c,

    alpha = 1 - D_o / D_e = 1 - (n - 1) sum_ck o_ck d2_ck / sum_ck n_c n_k d2_ck

where d2 is the level's squared difference: nominal [c != k]; ordinal
(sum_{g between c and k} n_g - (n_c + n_k) / 2)^2; interval (c - k)^2; ratio
((c - k) / (c + k))^2. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
whose worked example is a test here. Written from the paper: the `krippendorff` package is GPL.

>>> data = [[1, 2, 3, 3], [1, 2, 3, 3]]
>>> krippendorff_alpha(data, level="nominal")
1.0
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


def _values_by_unit(data: npt.ArrayLike) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Distinct values and the units x values count matrix of pairable units."""
    matrix = np.asarray(data, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"expected an annotators x units matrix; got shape {matrix.shape}")
    observed = ~np.isnan(matrix)
    values = np.unique(matrix[observed])
    counts = np.zeros((matrix.shape[1], len(values)))
    annotator, unit = np.nonzero(observed)
    np.add.at(counts, (unit, np.searchsorted(values, matrix[annotator, unit])), 1.0)
    return values, counts[counts.sum(1) >= 2]


def coincidences(counts: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The values x values coincidence matrix o_ck of pairable units' counts."""
    m = counts.sum(1, keepdims=True)
    scaled = counts / (m - 1)
    return scaled.T @ counts - np.diag(scaled.sum(0))


def distance(values: npt.NDArray[np.float64], n_c: npt.NDArray[np.float64], level: str) -> npt.NDArray[np.float64]:
    """The level's squared difference d2_ck between every two values."""
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        return (c != k).astype(np.float64)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(total == 0, 0.0, (c - k) / np.where(total == 0, 1.0, total))
        return d**2
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        i, j = np.indices((len(values), len(values)))
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        between = cum[hi + 1] - cum[lo]
        return (between - (n_c[i] + n_c[j]) / 2.0) ** 2
    raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")


def krippendorff_alpha(data: npt.ArrayLike, *, level: Level = "nominal") -> float:
    """Alpha of an annotators x units matrix of numeric values, NaN where missing."""
    values, counts = _values_by_unit(data)
    if len(counts) == 0:
        raise ValueError("Krippendorff's alpha needs a unit with at least two annotations")
    o = coincidences(counts)
    n_c = o.sum(1)
    n = n_c.sum()
    d2 = distance(values, n_c, level)
    expected = (np.outer(n_c, n_c) * d2).sum()
    if expected == 0:
        return 1.0
    return float(1.0 - (n - 1) * (o * d2).sum() / expected)
