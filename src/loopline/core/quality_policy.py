"""A project's quality policies: gold and honeypot rates, automatic pause, review routing.

They live in the project definition (YAML, API body) beside overlap and lease time, so a
project file says how its annotators are checked. Every default leaves the annotate hot path
exactly as it is: nothing is drawn, counted or checked unless a policy asks for it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# Anomaly kinds (loopline.quality.anomalies.KINDS) that pause by default: the behaviours that
# make an annotator's answers worthless rather than merely noisy.
DEFAULT_PAUSE_KINDS = ("straight_lining", "position_bias", "low_gold_accuracy", "too_fast")


class QualityPolicy(BaseModel):
    """Honeypots, incremental anomaly checks, trust updates and automatic pause."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    honeypot_rate: float = Field(
        default=0.0, ge=0.0, le=0.5,
        description="Share of claims that show a pairwise/ranking task the annotator answered "
        "before again, with the responses' order swapped (position bias, self-consistency).",
    )
    honeypot_delay_seconds: float = Field(
        default=300.0, ge=0.0, description="A repeat is shown no sooner than this after the original answer."
    )
    check_every: int = Field(
        default=25, ge=1, le=10_000,
        description="Run the anomaly detectors on an annotator every N of their submits "
        "(only when pause_flagged, update_trust or review.flagged asks for it).",
    )
    window: int = Field(default=200, ge=20, le=100_000, description="Recent annotations of the annotator a check reads.")
    update_trust: bool = Field(default=False, description="Write each check's trust score to annotator.trust.")
    pause_flagged: bool = Field(default=False, description="Pause an annotator raising one of `pause_on` and release their leases.")
    pause_on: list[str] = Field(default_factory=lambda: list(DEFAULT_PAUSE_KINDS), description="Flag kinds that pause.")

    @property
    def monitors(self) -> bool:
        """Whether submits are counted and annotators checked at all."""
        return self.pause_flagged or self.update_trust


class ReviewPolicy(BaseModel):
    """Which annotations go to a reviewer's queue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rate: float = Field(default=0.0, ge=0.0, le=1.0, description="Random share of all annotations.")
    first: int = Field(default=0, ge=0, description="Every annotation of an annotator's first N in the project.")
    low_agreement: float | None = Field(
        default=None, gt=0.0, le=1.0,
        description="When a task with overlap >= 2 completes and the most common answer of a "
        "label/rating/pairwise question has less than this share, all its annotations.",
    )
    flagged: bool = Field(default=False, description="Annotations of annotators with an anomaly flag.")

    @property
    def routes(self) -> bool:
        return self.rate > 0 or self.first > 0 or self.low_agreement is not None or self.flagged
