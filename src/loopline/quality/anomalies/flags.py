"""What an anomaly flag is, the thresholds that raise one, and the table detectors read.

Detectors read one long table, one row per annotation (or per answered question), with the
columns below; a column a project lacks may be missing or all-NaN and its detector is skipped.

| column | meaning |
|---|---|
| annotator | who answered |
| duration | seconds spent on the task |
| content_length | characters the annotator had to read |
| option | the chosen option (label, rating, choice) |
| position | displayed position of the chosen candidate (0 = first / left) |
| n_positions | how many positions there were to choose from |
| gold_correct | whether the answer matched a gold task's known answer (NaN: not gold) |
| agrees | whether the answer matched the consensus of the other annotators (NaN: none) |
| text | a written answer |
| candidates | the texts the annotator was shown (list), to catch copying |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

KINDS = ("too_fast", "straight_lining", "position_bias", "low_gold_accuracy", "low_agreement", "copied_text")


@dataclass(frozen=True)
class Flag:
    """One anomaly of one annotator: its kind, why in words, and the numbers behind it."""

    annotator: str
    kind: str
    reason: str
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnomalyConfig:
    """Thresholds. Each detector needs `min_annotations` rows of evidence before it flags."""

    min_annotations: int = 20
    max_chars_per_second: float = 60.0  # ~ 700 words a minute: faster is not reading
    fast_share: float = 0.5  # flag when at least this share of tasks were too fast
    straight_share: float = 0.9  # one option in at least this share of answers
    straight_margin: float = 0.3  # ... and this much above the crowd's share of it
    alpha: float = 1e-4  # significance of binomial tests (per annotator; many are tested)
    min_position_effect: float = 0.15  # |share of first position - expected| at least this
    min_gold_accuracy: float = 0.6
    min_agreement: float = 0.5
    copy_similarity: float = 0.95  # difflib ratio at which a text counts as a copy
    copy_share: float = 0.5
    min_text_answers: int = 3


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (Wilson 1927)."""
    if n <= 0:
        return 0.0, 1.0
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)
