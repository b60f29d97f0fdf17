"""Supervised fine-tuning knobs (on `sft` dataset versions: `messages` or prompt/completion)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopline.train.base_config import TrainConfig


@dataclass
class SFTConfig(TrainConfig):
    # training
    completion_only_loss: bool = field(default=True, metadata={"help": "Loss on the completion only (prompt/completion rows)."})
    packing: bool = field(default=False, metadata={"help": "Pack short examples into full-length sequences."})

    algorithm = "sft"

    def trl_kwargs(self) -> dict[str, Any]:
        return {"max_length": self.max_length, "completion_only_loss": self.completion_only_loss, "packing": self.packing}
