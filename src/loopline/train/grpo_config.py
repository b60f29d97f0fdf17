"""GRPO knobs: online policy optimisation with rewards from a reward model and/or functions.

This is the PPO family on TRL (PPO with a critic is not in TRL any more). Prompts come from any
dataset version with a `prompt` column (`preference`, `reward`, `kto`); the other columns are
passed to reward functions as keyword arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopline.train.base_config import TrainConfig


@dataclass
class GRPOConfig(TrainConfig):
    # model
    reward_model: str | None = field(default=None, metadata={"help": "Reward model: a model version id, line name or folder."})
    reward_functions: list[str] = field(default_factory=list, metadata={"help": "Python rewards as 'module:function' (TRL reward function signature)."})
    reward_weights: list[float] | None = field(default=None, metadata={"help": "One weight per reward (model first, then functions)."})
    # training
    num_generations: int = field(default=4, metadata={"help": "Completions sampled per prompt (the group)."})
    max_completion_length: int = field(default=32, metadata={"help": "Longest sampled completion, in tokens."})
    temperature: float = field(default=1.0, metadata={"help": "Sampling temperature of the rollouts."})
    beta: float = field(default=0.0, metadata={"help": "KL penalty toward the reference model (0: no reference)."})

    algorithm = "grpo"

    def trl_kwargs(self) -> dict[str, Any]:
        return {
            "num_generations": self.num_generations, "max_completion_length": self.max_completion_length,
            "temperature": self.temperature, "beta": self.beta, "reward_weights": self.reward_weights,
            "generation_batch_size": max(self.num_generations, self.per_device_train_batch_size),
        }
