"""Training: dataset builders (`train.datasets`), TRL trainers, and the model registry.

One algorithm = `xxx_config.py` + `xxx_trainer.py`; `train_model` is the one Python call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ALGORITHMS = ("sft", "reward", "dpo", "kto", "grpo")


def trainer_classes(algorithm: str) -> tuple[type, type]:
    """(config class, trainer class) of an algorithm; imports TRL lazily."""
    if algorithm == "sft":
        from loopline.train.sft_config import SFTConfig as C
        from loopline.train.sft_trainer import SFTTrainer as T
    elif algorithm == "reward":
        from loopline.train.reward_config import RewardConfig as C
        from loopline.train.reward_trainer import RewardTrainer as T
    elif algorithm == "dpo":
        from loopline.train.dpo_config import DPOConfig as C
        from loopline.train.dpo_trainer import DPOTrainer as T
    elif algorithm == "kto":
        from loopline.train.kto_config import KTOConfig as C
        from loopline.train.kto_trainer import KTOTrainer as T
    elif algorithm == "grpo":
        from loopline.train.grpo_config import GRPOConfig as C
        from loopline.train.grpo_trainer import GRPOTrainer as T
    else:
        from loopline.core.errors import ValidationError

        raise ValidationError(f"algorithm must be one of {', '.join(ALGORITHMS)}; got '{algorithm}'", field="algorithm")
    return C, T


def train_model(ws: Any, algorithm: str, datasets: str | Sequence[str], config: Any = None, **kw: Any) -> Any:
    """Train `algorithm` on dataset versions and register the result; returns the model version."""
    config_cls, trainer_cls = trainer_classes(algorithm)
    return trainer_cls(ws, datasets, config or config_cls(), **kw).train()


__all__ = ["ALGORITHMS", "train_model", "trainer_classes"]
