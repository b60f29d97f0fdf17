"""Direct preference optimisation knobs (on `preference` or `reward` dataset versions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopline.train.base_config import TrainConfig


@dataclass
class DPOConfig(TrainConfig):
    # training
    beta: float = field(default=0.1, metadata={"help": "Strength of the pull toward the reference model."})
    loss_type: str = field(default="sigmoid", metadata={"help": "TRL DPO loss: sigmoid, ipo, hinge, robust, ..."})

    algorithm = "dpo"

    def trl_kwargs(self) -> dict[str, Any]:
        return {"beta": self.beta, "loss_type": [self.loss_type], "max_length": self.max_length}
