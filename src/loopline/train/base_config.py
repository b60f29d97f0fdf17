"""Knobs every Loopline trainer shares: the model, the run, LoRA, and where metrics go.

Each algorithm's config (`sft_config.py`, `reward_config.py`, ...) subclasses this with only its
own knobs and maps itself onto TRL's config class. Defaults suit a CPU: no bf16, no gradient
checkpointing; the GPU is used when there is one. Configs are read from YAML with
`load_config`, which names the file and the field of a bad value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from loopline.core.errors import InputError, Location

C = TypeVar("C", bound="TrainConfig")


@dataclass
class TrainConfig:
    # model
    model: str = field(default="demo", metadata={"help": "Base model: 'demo', a model version id, a promoted line's name, a folder or a hub id."})
    name: str | None = field(default=None, metadata={"help": "Model line in the registry (default: the base's line, or the algorithm)."})
    lora: bool = field(default=False, metadata={"help": "Train LoRA adapters (PEFT) instead of all weights; merged on save."})
    lora_r: int = field(default=8, metadata={"help": "LoRA rank."})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA scaling."})
    lora_dropout: float = field(default=0.0, metadata={"help": "LoRA dropout."})
    lora_target_modules: list[str] | None = field(default=None, metadata={"help": "Modules to adapt (default: PEFT's choice for the architecture)."})
    # data
    max_length: int | None = field(default=512, metadata={"help": "Longest tokenized example; longer ones are truncated."})
    # training
    learning_rate: float = field(default=5e-5, metadata={"help": "Peak learning rate."})
    num_train_epochs: float = field(default=1.0, metadata={"help": "Epochs over the dataset (ignored when max_steps > 0)."})
    max_steps: int = field(default=-1, metadata={"help": "Stop after this many optimizer steps (-1: use epochs)."})
    per_device_train_batch_size: int = field(default=8, metadata={"help": "Rows per step per device."})
    gradient_accumulation_steps: int = field(default=1, metadata={"help": "Steps to accumulate before an update."})
    warmup_steps: int = field(default=0, metadata={"help": "Linear warm-up steps."})
    seed: int = field(default=42, metadata={"help": "Seed of weights init, shuffling and sampling."})
    logging_steps: int = field(default=10, metadata={"help": "Log metrics every N steps."})
    save_steps: int = field(default=500, metadata={"help": "Write a checkpoint every N steps."})
    save_total_limit: int | None = field(default=2, metadata={"help": "Checkpoints kept (oldest deleted)."})
    resume: bool = field(default=False, metadata={"help": "Resume from the last checkpoint of the same run folder."})
    output_dir: str | None = field(default=None, metadata={"help": "Run folder (default: <workspace>/models/runs/<run key>)."})
    report_to: list[str] = field(default_factory=list, metadata={"help": "Transformers integrations: tensorboard, mlflow, wandb."})
    bf16: bool = field(default=False, metadata={"help": "bfloat16 mixed precision (GPU only)."})
    gradient_checkpointing: bool = field(default=False, metadata={"help": "Trade compute for memory (slower on CPU)."})

    algorithm = "base"

    def trl_kwargs(self) -> dict[str, Any]:
        """This algorithm's own knobs under TRL's names (subclasses add theirs)."""
        return {}

    def common_trl_kwargs(self, output_dir: str, use_cpu: bool) -> dict[str, Any]:
        return {
            "output_dir": output_dir, "learning_rate": self.learning_rate,
            "num_train_epochs": self.num_train_epochs, "max_steps": self.max_steps,
            "per_device_train_batch_size": self.per_device_train_batch_size,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
            "warmup_steps": self.warmup_steps, "seed": self.seed, "data_seed": self.seed,
            "logging_steps": self.logging_steps, "save_strategy": "steps", "save_steps": self.save_steps,
            "save_total_limit": self.save_total_limit, "report_to": list(self.report_to) or "none",
            "bf16": self.bf16 and not use_cpu, "use_cpu": use_cpu,
            "gradient_checkpointing": self.gradient_checkpointing, "disable_tqdm": True,
        }

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def load_config(cls: type[C], path: Path | None, **overrides: Any) -> C:
    """Read a config from a YAML mapping; unknown keys and wrong types name the file and field."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(Path(path).read_text()) or {}
        except yaml.YAMLError as exc:
            raise InputError(f"not valid YAML: {exc}", Location(file=str(path))) from exc
        if not isinstance(loaded, dict):
            raise InputError("a training config must be a mapping of knob: value", Location(file=str(path)))
        data.update(loaded)
    data.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key, value in data.items():
        if key not in known:
            raise InputError(f"unknown knob for {cls.algorithm}; known: {', '.join(sorted(known))}", Location(file=str(path) if path else None, field=key))
        _check_type(known[key], value, path)
    return cls(**data)


def _check_type(f: dataclasses.Field, value: Any, path: Path | None) -> None:
    default = f.default if f.default is not dataclasses.MISSING else None
    if default is None or value is None:
        return
    kind = type(default)
    ok = isinstance(value, kind) or (kind is float and isinstance(value, int) and not isinstance(value, bool))
    if kind is int and isinstance(value, bool):
        ok = False
    if not ok:
        raise InputError(f"expected {kind.__name__}, got {type(value).__name__} {value!r}", Location(file=str(path) if path else None, field=f.name))
