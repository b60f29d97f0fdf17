"""SFT on TRL's SFTTrainer."""

from __future__ import annotations

from typing import Any

from loopline.train._runner import LooplineTrainer, TrainerSpec, TrainingRun


def _build(run: TrainingRun) -> Any:
    import trl

    return trl.SFTTrainer(
        model=run.model, args=trl.SFTConfig(**run.trl_args), train_dataset=run.dataset,
        processing_class=run.tokenizer, peft_config=run.peft_config,
    )


class SFTTrainer(LooplineTrainer):
    spec = TrainerSpec("sft", ("sft",), _build)
