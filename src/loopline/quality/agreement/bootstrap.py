"""Percentile bootstrap confidence intervals over units, for metrics with no analytic interval.

Agreement statistics are about units (items), so the bootstrap resamples whole units: columns
of an annotators x units matrix or rows of an items x categories table (Hayes & Krippendorff
2007 bootstrap alpha over units; Efron & Tibshirani 1993 for the percentile interval).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Interval:
    """A point estimate with its bootstrap interval."""

    estimate: float
    low: float
    high: float
    confidence: float
    resamples: int


def bootstrap_ci(
    statistic: Callable[[npt.NDArray[np.float64]], float],
    data: npt.ArrayLike,
    *,
    axis: int = 0,
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | None = 0,
) -> Interval:
    """`statistic(data)` with a percentile interval from resampling `data` along `axis`.

    Resamples where the statistic is undefined (raises ValueError, or NaN) are dropped.
    """
    array = np.asarray(data, dtype=np.float64)
    estimate = float(statistic(array))
    rng = np.random.default_rng(seed)
    size = array.shape[axis]
    draws = []
    for _ in range(resamples):
        sample = np.take(array, rng.integers(0, size, size), axis=axis)
        try:
            value = float(statistic(sample))
        except ValueError:
            continue
        if not np.isnan(value):
            draws.append(value)
    if not draws:
        return Interval(estimate, float("nan"), float("nan"), confidence, 0)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(draws, [tail, 1.0 - tail])
    return Interval(estimate, float(low), float(high), confidence, len(draws))
