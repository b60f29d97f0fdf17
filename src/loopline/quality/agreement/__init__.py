"""Agreement between annotators: one module per metric family, plain functions."""

from loopline.quality.agreement.bootstrap import Interval, bootstrap_ci
from loopline.quality.agreement.cohen import KappaResult, cohen_kappa, cohen_kappa_ci, confusion, kappa_from_table
from loopline.quality.agreement.fleiss import fleiss_kappa, fleiss_table
from loopline.quality.agreement.krippendorff import LEVELS, krippendorff_alpha
from loopline.quality.agreement.rankings import (
    PairwiseAgreement,
    kendall_w,
    pairwise_agreement,
    preference_codes,
    ranking_pairwise_agreement,
)
from loopline.quality.agreement.spans import mean_span_f1, span_f1

__all__ = [
    "LEVELS",
    "Interval",
    "KappaResult",
    "PairwiseAgreement",
    "bootstrap_ci",
    "cohen_kappa",
    "cohen_kappa_ci",
    "confusion",
    "fleiss_kappa",
    "fleiss_table",
    "kappa_from_table",
    "kendall_w",
    "krippendorff_alpha",
    "mean_span_f1",
    "pairwise_agreement",
    "preference_codes",
    "ranking_pairwise_agreement",
    "span_f1",
]
