"""KTO knobs (on `kto` dataset versions: prompt/completion/label)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopline.train.base_config import TrainConfig


@dataclass
class KTOConfig(TrainConfig):
    # training
    beta: float = field(default=0.1, metadata={"help": "Strength of the pull toward the reference model."})
    desirable_weight: float = field(default=1.0, metadata={"help": "Loss weight of desirable (label true) rows."})
    undesirable_weight: float = field(default=1.0, metadata={"help": "Loss weight of undesirable rows."})

    algorithm = "kto"

    def trl_kwargs(self) -> dict[str, Any]:
        return {
            "beta": self.beta, "desirable_weight": self.desirable_weight,
            "undesirable_weight": self.undesirable_weight, "max_length": self.max_length,
        }
