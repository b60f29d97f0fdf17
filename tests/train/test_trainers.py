"""Each Loopline trainer runs a few steps of TRL on a tiny model, on dataset versions exactly as
the export wrote them, moves its weights and registers a model version with its lineage."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from loopline.annotate import queue
from loopline.annotate.annotators import create_annotator
from loopline.annotate.export import export_dataset
from loopline.annotate.workspace import init_workspace
from loopline.store.models import annotator_table
from loopline.train import train_model
from loopline.train.base_config import load_config
from loopline.train.dpo_config import DPOConfig
from loopline.train.grpo_config import GRPOConfig
from loopline.train.kto_config import KTOConfig
from loopline.train.registry import get_model
from loopline.train.reward_config import RewardConfig
from loopline.train.sft_config import SFTConfig
from tests.utils.factories import make_project, make_record, queue_records
from tests.utils.tiny_models import tiny_causal_lm, tiny_tokenizer

pytest.importorskip("trl")

FAST = {"max_steps": 3, "per_device_train_batch_size": 2, "learning_rate": 1e-2, "logging_steps": 1, "save_steps": 2}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A workspace with every export format of one annotated project, and a tiny base model."""
    root = tmp_path_factory.mktemp("trainers")
    tok = tiny_tokenizer()
    base = root / "tiny"
    torch.manual_seed(0)
    tiny_causal_lm(tok).save_pretrained(base)
    tok.save_pretrained(base)
    ws, _, _ = init_workspace(root / "ws")
    p = make_project(ws, questions=[
        {"type": "ranking", "name": "rank"},
        {"type": "rating", "name": "quality", "response": 0},
        {"type": "text", "name": "rewrite"},
    ])
    queue_records(ws, p, [make_record(i, n_responses=3) for i in range(6)])
    a = create_annotator(ws, "ann0")
    with ws.database.write() as conn:  # a half-trusted annotator: weights of 0.5
        conn.execute(annotator_table.update().values(trust=0.5))
    i = 0
    while (lease := queue.claim(ws, p.id, a.id)) is not None:
        queue.submit(ws, p.id, a.id, lease.task_id, {"rank": [1, 2, 3], "quality": 5 if i % 2 else 1, "rewrite": f"good answer {i}"})
        i += 1
    ids = {fmt: export_dataset(ws, p.name, fmt).id for fmt in ("sft", "preference", "reward", "kto")}
    yield ws, str(base), ids
    ws.close()


def _moved(base: str, folder: str, classifier: bool = False) -> bool:
    from transformers import AutoModelForCausalLM

    a = AutoModelForCausalLM.from_pretrained(base).state_dict()
    b = AutoModelForCausalLM.from_pretrained(folder).state_dict() if not classifier else None
    if b is None:
        from transformers import AutoModelForSequenceClassification

        b = AutoModelForSequenceClassification.from_pretrained(folder).state_dict()
        keys = [k for k in a if k.startswith("model.") and k in b]
    else:
        keys = list(a)
    return any(not a[k].equal(b[k]) for k in keys)


def _check(ws, base, info, algorithm, dataset_id, classifier=False):  # type: ignore[no-untyped-def]
    assert info.algorithm == algorithm and info.dataset_versions == [dataset_id]
    assert info.base_model == base and info.status == "candidate"
    assert info.metrics["steps"] == 3 and "first_loss" in info.metrics
    assert _moved(base, info.path, classifier), "no weight moved"
    assert get_model(ws, info.id).config["max_steps"] == 3


def test_sft_trainer(env):
    """SFT on an `sft` version moves the weights and registers its lineage."""
    ws, base, ids = env
    info = train_model(ws, "sft", ids["sft"], SFTConfig(model=base, **FAST))
    _check(ws, base, info, "sft", ids["sft"])


def test_reward_trainer_with_margin_and_trust_weights(env):
    """Bradley-Terry on a `reward` version with margins and per-row trust weights."""
    ws, base, ids = env
    info = train_model(ws, "reward", ids["reward"], RewardConfig(model=base, weight_by_trust=True, **FAST))
    _check(ws, base, info, "reward", ids["reward"], classifier=True)
    assert "accuracy" in info.metrics


def test_dpo_trainer(env):
    """DPO on a `preference` version."""
    ws, base, ids = env
    info = train_model(ws, "dpo", ids["preference"], DPOConfig(model=base, **FAST))
    _check(ws, base, info, "dpo", ids["preference"])


def test_kto_trainer(env):
    """KTO on a `kto` version."""
    ws, base, ids = env
    info = train_model(ws, "kto", ids["kto"], KTOConfig(model=base, **FAST))
    _check(ws, base, info, "kto", ids["kto"])


def _length_reward(completions, **kwargs):  # type: ignore[no-untyped-def]
    return [-float(len(c[0]["content"] if isinstance(c, list) else c)) for c in completions]


def test_grpo_trainer_with_reward_model_and_function(env):
    """GRPO with a registered reward model plus a Python reward function; lineage names the parent."""
    ws, base, ids = env
    rm = train_model(ws, "reward", ids["reward"], RewardConfig(model=base, name="rm", **FAST))
    sft = train_model(ws, "sft", ids["sft"], SFTConfig(model=base, name="policy", **FAST))
    config = GRPOConfig(
        model=sft.id, reward_model=rm.id, reward_functions=["tests.train.test_trainers:_length_reward"],
        num_generations=2, max_completion_length=8, **FAST,
    )
    info = train_model(ws, "grpo", ids["preference"], config)
    assert info.parent_id == sft.id and info.name == "policy" and info.algorithm == "grpo"
    assert _moved(sft.path, info.path)


def test_lora_and_resume(env, tmp_path):
    """LoRA adapters are merged on save; a second run with resume continues from the checkpoint."""
    ws, base, ids = env
    cfg = dict(FAST, max_steps=2)
    out = str(tmp_path / "run")
    first = train_model(ws, "sft", ids["sft"], SFTConfig(model=base, lora=True, output_dir=out, **cfg))
    assert _moved(base, first.path)
    cfg["max_steps"] = 4
    second = train_model(ws, "sft", ids["sft"], SFTConfig(model=base, lora=True, output_dir=out, resume=True, **cfg))
    assert second.metrics["resumed_from"].endswith("checkpoint-2") and second.metrics["steps"] == 4


def test_config_file_errors_name_file_and_field(tmp_path: Path):
    """An unknown knob or a wrong type names the file and the field."""
    from loopline.core.errors import InputError

    bad = tmp_path / "cfg.yaml"
    bad.write_text("beta: high\n")
    with pytest.raises(InputError, match=r"cfg.yaml, field 'beta'"):
        load_config(DPOConfig, bad)
    bad.write_text("betta: 0.1\n")
    with pytest.raises(InputError, match="unknown knob"):
        load_config(DPOConfig, bad)
    bad.write_text("beta: 0.2\nmax_steps: 5\n")
    assert load_config(DPOConfig, bad).beta == 0.2
