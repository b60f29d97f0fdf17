"""GRPO on TRL's GRPOTrainer, with rewards from a trained reward model and/or Python functions."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from loopline.annotate.workspace import Workspace
from loopline.core.errors import ValidationError
from loopline.train._runner import LooplineTrainer, TrainerSpec, TrainingRun, resolve_base
from loopline.train.base_config import TrainConfig
from loopline.train.grpo_config import GRPOConfig


def import_reward(spec: str) -> Callable[..., list[float]]:
    """'package.module:function' -> the function, or a clear error naming the spec."""
    module, _, attr = spec.partition(":")
    try:
        fn = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ValidationError(f"cannot import reward function '{spec}': {exc}", field="reward_functions") from exc
    if not callable(fn):
        raise ValidationError(f"'{spec}' is not callable", field="reward_functions")
    return fn


def _reward_model(ws: Workspace | None, ref: str) -> tuple[Any, Any]:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = resolve_base(ws, ref).path
    tokenizer = AutoTokenizer.from_pretrained(path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    model.config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


def _build(run: TrainingRun, extra: Sequence[Callable[..., list[float]]] = ()) -> Any:
    import trl

    config: GRPOConfig = run.config  # type: ignore[assignment]
    funcs: list[Any] = []
    processors: list[Any] = []
    if config.reward_model:
        model, tokenizer = _reward_model(run.ws, config.reward_model)
        funcs.append(model)
        processors.append(tokenizer)
    for spec in config.reward_functions:
        funcs.append(import_reward(spec))
        processors.append(None)
    for fn in extra:
        funcs.append(fn)
        processors.append(None)
    if not funcs:
        raise ValidationError("GRPO needs a reward_model and/or reward_functions", field="reward_model")
    run.tokenizer.padding_side = "left"
    keep = [c for c in run.dataset.column_names if c not in ("chosen", "rejected", "completion")]
    data = run.dataset.select_columns(keep)
    return trl.GRPOTrainer(
        model=run.model, reward_funcs=funcs, args=trl.GRPOConfig(**run.trl_args), train_dataset=data,
        processing_class=run.tokenizer, reward_processing_classes=processors, peft_config=run.peft_config,
    )


class GRPOTrainer(LooplineTrainer):
    spec = TrainerSpec("grpo", ("preference", "reward", "kto", "sft"), _build)

    def __init__(
        self,
        ws: Workspace | None,
        datasets: str | Sequence[str],
        config: TrainConfig,
        *,
        reward_funcs: Sequence[Callable[..., list[float]]] = (),
        output_root: Path | None = None,
        callbacks: Sequence[Any] = (),
    ) -> None:
        super().__init__(ws, datasets, config, output_root=output_root, callbacks=callbacks)
        if reward_funcs:
            self.spec = TrainerSpec("grpo", type(self).spec.formats, lambda run: _build(run, reward_funcs))
