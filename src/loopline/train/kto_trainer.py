"""KTO on TRL's KTOTrainer."""

from __future__ import annotations

from typing import Any

from loopline.train._runner import LooplineTrainer, TrainerSpec, TrainingRun


def _build(run: TrainingRun) -> Any:
    import trl

    return trl.KTOTrainer(
        model=run.model, args=trl.KTOConfig(**run.trl_args), train_dataset=run.dataset,
        processing_class=run.tokenizer, peft_config=run.peft_config,
    )


class KTOTrainer(LooplineTrainer):
    spec = TrainerSpec("kto", ("kto",), _build)
