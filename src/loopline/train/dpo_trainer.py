"""DPO on TRL's DPOTrainer (the reference model is a frozen copy of the base)."""

from __future__ import annotations

from typing import Any

from loopline.train._runner import LooplineTrainer, TrainerSpec, TrainingRun


def _build(run: TrainingRun) -> Any:
    import trl

    data = run.dataset.remove_columns([c for c in ("margin",) if c in run.dataset.column_names])
    return trl.DPOTrainer(
        model=run.model, args=trl.DPOConfig(**run.trl_args), train_dataset=data,
        processing_class=run.tokenizer, peft_config=run.peft_config,
    )


class DPOTrainer(LooplineTrainer):
    spec = TrainerSpec("dpo", ("preference", "reward"), _build)
