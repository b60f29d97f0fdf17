"""Round trip into TRL: each format, read back with `datasets`, goes through the real trainer's
own dataset preparation and one optimisation step on a tiny model. Nothing is downloaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loopline.core.questions import LabelQuestion, RankingQuestion, RatingQuestion, TextQuestion
from loopline.train.datasets.manifest import DatasetManifest
from tests.utils.tiny_models import tiny_causal_lm, tiny_reward_model, tiny_tokenizer

datasets = pytest.importorskip("datasets")
trl = pytest.importorskip("trl")
is_conversational = trl.data_utils.is_conversational
is_conversational_from_value = trl.data_utils.is_conversational_from_value

QUESTIONS = [
    RankingQuestion(name="rank"),
    RatingQuestion(name="quality", min=1, max=5, response=0),
    LabelQuestion(name="verdict", options=["good", "bad"]),
    TextQuestion(name="rewrite"),
]


def _tasks(make_task: Any, chat: bool) -> list[Any]:
    tasks = []
    for t in range(4):
        answers = [
            {
                "rank": [1, 2, 3],
                "quality": 5 if t % 2 else 1,
                "verdict": "good" if t % 2 else "bad",
                "rewrite": f"a good answer to question {t}",
            },
            {"rank": [1, 3, 2], "quality": 4 if t % 2 else 2, "rewrite": f"a short answer {t}"},
        ]
        responses = (f"the answer is {t}", f"maybe {t + 1}", "no idea")
        if chat:
            messages = [
                ("system", "be brief"),
                ("user", f"what is {t}?"),
                ("assistant", "a number"),
                ("user", "which one?"),
            ]
            tasks.append(make_task(t, answers, responses=responses, messages=messages))
        else:
            tasks.append(make_task(t, answers, responses=responses, prompt=f"what is {t}? "))
    return tasks


def _load(manifest: DatasetManifest, root: Path, tmp_path: Path) -> Any:
    return datasets.load_dataset(
        "parquet",
        data_files=str(manifest.data_path(root)),
        split="train",
        cache_dir=str(tmp_path / "hf-cache"),
    )


def _args(config_cls: Any, tmp_path: Path) -> Any:
    return config_cls(
        output_dir=str(tmp_path / "out"),
        max_steps=1,
        per_device_train_batch_size=2,
        use_cpu=True,
        bf16=False,
        report_to=[],
        save_strategy="no",
        disable_tqdm=True,
    )


def _train_one_step(trainer: Any) -> None:
    before = [p.detach().clone() for p in trainer.model.parameters()]
    trainer.train()
    assert trainer.state.global_step == 1
    assert any(
        not b.equal(p.detach()) for b, p in zip(before, trainer.model.parameters(), strict=True)
    )


def _trainer(fmt: str, ds: Any, tmp_path: Path) -> Any:
    tok = tiny_tokenizer()
    if fmt == "sft":
        return trl.SFTTrainer(
            model=tiny_causal_lm(tok),
            args=_args(trl.SFTConfig, tmp_path),
            train_dataset=ds,
            processing_class=tok,
        )
    if fmt == "reward":
        return trl.RewardTrainer(
            model=tiny_reward_model(tok),
            args=_args(trl.RewardConfig, tmp_path),
            train_dataset=ds,
            processing_class=tok,
        )
    # An explicit reference model: without one, DPO/KTO would load it again by name (from the hub).
    if fmt == "preference":
        return trl.DPOTrainer(
            model=tiny_causal_lm(tok),
            ref_model=tiny_causal_lm(tok),
            args=_args(trl.DPOConfig, tmp_path),
            train_dataset=ds,
            processing_class=tok,
        )
    return trl.KTOTrainer(
        model=tiny_causal_lm(tok),
        ref_model=tiny_causal_lm(tok),
        args=_args(trl.KTOConfig, tmp_path),
        train_dataset=ds,
        processing_class=tok,
    )


# What each trainer's own preparation must have produced from our columns.
PREPARED = {
    "sft": {"input_ids"},
    "reward": {"chosen_ids", "rejected_ids", "margin"},
    "preference": {"prompt_ids", "chosen_ids", "rejected_ids"},
    "kto": {"prompt_ids", "completion_ids", "KL_completion_ids", "label"},
}


@pytest.mark.parametrize(
    ("fmt", "chat"),
    [
        ("sft", False),
        ("sft", True),
        ("reward", False),
        ("reward", True),
        ("preference", False),
        ("preference", True),
        ("kto", False),
        ("kto", True),
    ],
)
def test_export_trains_with_trl(fmt: str, chat: bool, make_task, export, tmp_path: Path) -> None:
    out = export(fmt, _tasks(make_task, chat), QUESTIONS, conversational=chat)
    ds = _load(out.manifest, out.root, tmp_path)
    assert ds.column_names == out.manifest.columns and len(ds) == out.manifest.row_count > 0
    # TRL infers the shape from the values; it must agree with the flag we wrote down.
    assert is_conversational(ds[0]) is out.manifest.conversational is (chat or fmt == "sft")
    assert not is_conversational_from_value(ds[0])  # no ShareGPT-style conversion needed
    if fmt == "kto":
        assert set(ds["label"]) == {True, False}
    trainer = _trainer(fmt, ds, tmp_path)
    assert PREPARED[fmt] <= set(trainer.train_dataset.column_names)
    assert len(trainer.train_dataset) == len(ds)  # nothing dropped by TRL's filters
    _train_one_step(trainer)
