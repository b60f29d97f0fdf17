"""What every label aggregator shares: the crowd-kit surface over `fit_probas`.

A subclass implements `_fit_codes(codes) -> posterior matrix`; this base turns it into
`labels_`, `probas_`, `confidence_` and `agreement_` (all indexed by task) and the
`fit` / `fit_predict` / `fit_predict_proba` methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from loopline.quality.aggregation._encode import LabelCodes, encode_labels, summarize


class LabelAggregator:
    """Base of the classification aggregators (majority vote, Dawid-Skene, MACE)."""

    labels_: pd.Series
    probas_: pd.DataFrame
    confidence_: pd.Series
    agreement_: pd.Series

    def _fit_codes(self, codes: LabelCodes) -> npt.NDArray[np.float64]:  # pragma: no cover - abstract
        raise NotImplementedError

    def fit(self, data: pd.DataFrame, weights: Mapping[Any, float] | pd.Series | None = None) -> "LabelAggregator":
        """Fit on a long `task, worker, label` frame; `weights` maps worker -> trust weight."""
        codes = encode_labels(data, weights)
        probas = self._fit_codes(codes)
        summary = summarize(codes, probas)
        self.probas_ = pd.DataFrame(probas, index=codes.tasks, columns=codes.labels)
        self.labels_ = pd.Series(codes.labels[summary.label], index=codes.tasks, name="agg_label")
        self.confidence_ = pd.Series(summary.confidence, index=codes.tasks, name="confidence")
        self.agreement_ = pd.Series(summary.agreement, index=codes.tasks, name="agreement")
        self.codes_ = codes
        return self

    def fit_predict(self, data: pd.DataFrame, weights: Mapping[Any, float] | pd.Series | None = None) -> pd.Series:
        """The aggregated label per task."""
        return self.fit(data, weights).labels_

    def fit_predict_proba(self, data: pd.DataFrame, weights: Mapping[Any, float] | pd.Series | None = None) -> pd.DataFrame:
        """Tasks x labels posterior probabilities."""
        return self.fit(data, weights).probas_
