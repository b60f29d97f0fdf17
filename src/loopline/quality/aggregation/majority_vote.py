"""Majority vote: each task's label is the one with the most (trust-weighted) votes.

    P(z_i = k) = sum_{j labelled i} w_j [y_ij = k] / sum_{j labelled i} w_j

The "posterior" is the weighted vote share; on a tie the lowest-sorted label wins and
`confidence_` shows the tie (equal to the runner-up's share).

>>> import pandas as pd
>>> df = pd.DataFrame({"task": [1, 1, 1], "worker": ["a", "b", "c"], "label": ["x", "x", "y"]})
>>> MajorityVote().fit_predict(df).tolist()
['x']
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loopline.quality.aggregation._base import LabelAggregator
from loopline.quality.aggregation._encode import LabelCodes, normalize_rows


class MajorityVote(LabelAggregator):
    """Weighted majority vote (crowd-kit `MajorityVote` shape)."""

    def _fit_codes(self, codes: LabelCodes) -> npt.NDArray[np.float64]:
        return normalize_rows(codes.vote_counts())
