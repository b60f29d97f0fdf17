"""Every export format goes straight into TRL's own trainers: they prepare the dataset and
take a training step on a tiny model, with nothing downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from loopline.annotate import queue
from loopline.annotate.export import export_dataset
from loopline.annotate.workspace import init_workspace
from tests.utils.factories import make_annotators, make_project, make_record, queue_records
from tests.utils.tiny_models import tiny_llama, tiny_tokenizer

trl = pytest.importorskip("trl")
datasets = pytest.importorskip("datasets")


def _args(config_cls, tmp_path: Path, **extra):  # type: ignore[no-untyped-def]
    return config_cls(
        output_dir=str(tmp_path / "out"), max_steps=1, per_device_train_batch_size=2,
        use_cpu=True, bf16=False, report_to=[], logging_steps=1, save_strategy="no", **extra,
    )


@pytest.fixture
def exported(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A workspace whose project has rankings, a pairwise choice, ratings and demonstrations."""
    ws, _, _ = init_workspace(tmp_path / "ws")
    p = make_project(ws, questions=[
        {"type": "ranking", "name": "rank"},
        {"type": "rating", "name": "quality", "response": 0},
        {"type": "text", "name": "rewrite"},
    ])
    queue_records(ws, p, [make_record(i, n_responses=3) for i in range(6)])
    (a,) = make_annotators(ws, 1)
    i = 0
    while (lease := queue.claim(ws, p.id, a.id)) is not None:
        queue.submit(ws, p.id, a.id, lease.task_id, {
            "rank": [1, 2, 3], "quality": 5 if i % 2 else 1, "rewrite": f"good answer {i}",
        })
        i += 1

    def load(fmt: str):  # type: ignore[no-untyped-def]
        manifest = export_dataset(ws, p.name, fmt)
        return datasets.load_dataset("parquet", data_files=str(manifest.data_path(ws.datasets_dir)), split="train")

    yield load
    ws.close()


def _trained(trainer) -> None:  # type: ignore[no-untyped-def]
    before = [p.detach().clone() for p in trainer.model.parameters()]
    trainer.train()
    after = list(trainer.model.parameters())
    assert any(not b.equal(x.detach()) for b, x in zip(before, after)), "no weight moved"


def test_sft_export_trains_with_sft_trainer(exported, tmp_path):
    """The sft format (conversational `messages`) runs through SFTTrainer."""
    ds = exported("sft")
    assert trl.data_utils.is_conversational(ds[0])
    tok = tiny_tokenizer()
    trainer = trl.SFTTrainer(model=tiny_llama(tok), args=_args(trl.SFTConfig, tmp_path), train_dataset=ds, processing_class=tok)
    _trained(trainer)


def test_reward_export_trains_with_reward_trainer(exported, tmp_path):
    """The reward format (prompt/chosen/rejected/margin) runs through RewardTrainer."""
    ds = exported("reward")
    assert set(ds.column_names) >= {"prompt", "chosen", "rejected", "margin"}
    tok = tiny_tokenizer()
    trainer = trl.RewardTrainer(
        model=tiny_llama(tok, classifier=True), args=_args(trl.RewardConfig, tmp_path), train_dataset=ds, processing_class=tok
    )
    _trained(trainer)


def test_preference_export_trains_with_dpo_trainer(exported, tmp_path):
    """The preference format runs through DPOTrainer."""
    ds = exported("preference")
    tok = tiny_tokenizer()
    trainer = trl.DPOTrainer(
        model=tiny_llama(tok), ref_model=tiny_llama(tok), args=_args(trl.DPOConfig, tmp_path),
        train_dataset=ds, processing_class=tok,
    )
    _trained(trainer)


def test_kto_export_trains_with_kto_trainer(exported, tmp_path):
    """The kto format (prompt/completion/label) runs through KTOTrainer."""
    ds = exported("kto")
    assert set(ds.column_names) == {"prompt", "completion", "label"}
    assert sorted(set(ds["label"])) == [False, True]
    tok = tiny_tokenizer()
    trainer = trl.KTOTrainer(
        model=tiny_llama(tok), ref_model=tiny_llama(tok), args=_args(trl.KTOConfig, tmp_path),
        train_dataset=ds, processing_class=tok,
    )
    _trained(trainer)
