"""Aggregation: many annotators' answers to one judgement per task, with its confidence.

Label aggregators take a long `task, worker, label` frame; Bradley-Terry takes
`worker, left, right, label`. Each accepts annotator trust weights and keeps, per task, the
posterior `confidence_` of its answer and the `agreement_` (share of votes) behind it.
"""

from loopline.quality.aggregation._base import LabelAggregator
from loopline.quality.aggregation.bradley_terry import BradleyTerry
from loopline.quality.aggregation.dawid_skene import DawidSkene
from loopline.quality.aggregation.mace import MACE
from loopline.quality.aggregation.majority_vote import MajorityVote

POLICIES: dict[str, type] = {
    "majority": MajorityVote,
    "dawid-skene": DawidSkene,
    "mace": MACE,
}

__all__ = ["MACE", "POLICIES", "BradleyTerry", "DawidSkene", "LabelAggregator", "MajorityVote"]
