"""Reward model knobs: Bradley-Terry on `reward` (or `preference`) dataset versions.

The margin column of a `reward` version (the mean rank gap) goes into TRL's loss as is; with
`weight_by_trust` every pair is also weighted by the mean trust of the annotators behind it
(read from the version's lineage and the workspace's annotators).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopline.train.base_config import TrainConfig


@dataclass
class RewardConfig(TrainConfig):
    # model
    encoder: bool = field(default=False, metadata={"help": "The base is an encoder (e.g. MiniLM): pairs are rendered as plain text."})
    # data
    use_margin: bool = field(default=True, metadata={"help": "Feed the version's `margin` column to the loss."})
    weight_by_trust: bool = field(default=False, metadata={"help": "Weight each pair by its annotators' mean trust."})
    # training
    center_rewards_coefficient: float | None = field(default=None, metadata={"help": "Pull mean rewards toward zero."})

    algorithm = "reward"

    def trl_kwargs(self) -> dict[str, Any]:
        return {"max_length": self.max_length, "center_rewards_coefficient": self.center_rewards_coefficient}
