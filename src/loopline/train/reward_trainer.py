"""Reward models on TRL's RewardTrainer: a causal LM with a score head, or an encoder.

TRL's Bradley-Terry loss (with margin) is used as is. Per-row weights are the one addition:
a `weight` column travels through the collator and scales each pair's term of the same loss.
"""

from __future__ import annotations

from typing import Any

from loopline.annotate.workspace import Workspace
from loopline.train._runner import LooplineTrainer, TrainerSpec, TrainingRun
from loopline.train.reward_config import RewardConfig


def _weighted_classes() -> tuple[type, type]:
    import torch
    import trl
    from trl.trainer.reward_trainer import DataCollatorForPreference

    class WeightedCollator(DataCollatorForPreference):
        def torch_call(self, examples: list[dict[str, Any]]) -> dict[str, Any]:
            out = super().torch_call(examples)
            if "weight" in examples[0]:
                out["weight"] = torch.tensor([e["weight"] for e in examples], dtype=torch.float)
            return out

    class WeightedRewardTrainer(trl.RewardTrainer):
        def _set_signature_columns_if_needed(self) -> None:
            if self._signature_columns is None:
                self._signature_columns = ["chosen_ids", "rejected_ids", "margin", "weight"]

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):  # type: ignore[no-untyped-def]
            weight = inputs.pop("weight", None)
            loss, outputs = super().compute_loss(model, inputs, return_outputs=True)
            if weight is not None:
                chosen, rejected = torch.chunk(outputs.logits.squeeze(-1), chunks=2)
                margin = inputs.get("margin", 0.0)
                per_row = -torch.nn.functional.logsigmoid(chosen - rejected - margin)
                loss = (weight * per_row).sum() / weight.sum().clamp_min(1e-8)
            return (loss, outputs) if return_outputs else loss

    return WeightedCollator, WeightedRewardTrainer


def trust_weights(ws: Workspace, dataset_id: str) -> list[float]:
    """Mean annotator trust of each row of a dataset version (1.0 where unknown)."""
    import pyarrow.parquet as pq

    from loopline.store.annotation_trust import trust_by_annotation

    lineage = pq.read_table(ws.datasets_dir / dataset_id / "lineage.parquet", columns=["annotation_ids"]).to_pylist()
    ids = sorted({a for row in lineage for a in row["annotation_ids"] or []})
    with ws.database.read() as conn:
        trust = trust_by_annotation(conn=conn, annotation_ids=ids)
    out = []
    for row in lineage:
        values = [trust[a] for a in row["annotation_ids"] or [] if a in trust]
        out.append(sum(values) / len(values) if values else 1.0)
    return out


def _to_text(dataset: Any) -> Any:
    """Encoders have no chat template: render prompt + reply as plain 'role: text' lines."""
    def render(value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(f"{m['role']}: {m['content']}" for m in value)
        return str(value)

    def row(r: dict[str, Any]) -> dict[str, Any]:
        prompt = render(r["prompt"]) + "\n" if "prompt" in r else ""
        return {"chosen": prompt + render(r["chosen"]), "rejected": prompt + render(r["rejected"])}

    return dataset.map(row, remove_columns=[c for c in ("prompt",) if c in dataset.column_names])


def _build(run: TrainingRun) -> Any:
    import trl

    config: RewardConfig = run.config  # type: ignore[assignment]
    data = run.dataset
    if not config.use_margin and "margin" in data.column_names:
        data = data.remove_columns(["margin"])
    if config.weight_by_trust and run.ws is not None and "weight" not in data.column_names:
        data = data.add_column("weight", _weights(run))
    if config.encoder:
        data = _to_text(data)
    collator_cls, trainer_cls = _weighted_classes()
    args = trl.RewardConfig(**run.trl_args)
    collator = collator_cls(pad_token_id=run.tokenizer.pad_token_id)
    return trainer_cls(
        model=run.model, args=args, train_dataset=data, processing_class=run.tokenizer,
        peft_config=run.peft_config, data_collator=collator,
    )


def _weights(run: TrainingRun) -> list[float]:
    assert run.ws is not None
    return [w for ref in run.dataset_ids for w in trust_weights(run.ws, ref)]


class RewardTrainer(LooplineTrainer):
    spec = TrainerSpec("reward", ("reward", "preference"), _build, classifier=True)
