"""The demo: a synthetic shop corpus, the off-topic metric, and the tiny demo model that DPO on
on-topic-favouring preferences visibly moves."""

from __future__ import annotations

import orjson
import pytest

from loopline.demo.corpus import generate_corpus, off_topic_prompts, preference_pairs
from loopline.demo.off_topic import is_off_topic, off_topic_rate


def test_corpus_is_seeded_and_mixed():
    """The same seed gives the same corpus; it holds on-topic and off-topic replies."""
    a, b = list(generate_corpus(300, seed=3)), list(generate_corpus(300, seed=3))
    assert a == b
    kinds = {c.kind for c in a}
    assert kinds == {"on_topic", "off_topic"}


def test_off_topic_rule_matches_the_corpus_labels():
    """The metric's rule agrees with every label of the generated corpus."""
    chats = list(generate_corpus(2000, seed=5))
    assert all(is_off_topic(c.reply) == (c.kind == "off_topic") for c in chats)
    assert off_topic_rate([]) == 0.0
    assert off_topic_rate(["7 times 6 is 42. Math is fun!", "Your order ships today."]) == 0.5


@pytest.mark.slow
def test_dpo_lowers_the_demo_models_off_topic_rate(tmp_path):
    """Train the demo model (cached on the second call), measure, DPO toward on-topic replies,
    and the off-topic rate on off-topic prompts goes down."""
    from loopline.annotate.workspace import init_workspace
    from loopline.demo.model import DemoModelSpec, ensure_demo_model
    from loopline.models.base import SamplingParams
    from loopline.models.resolve import load_backend
    from loopline.train import train_model
    from loopline.train.dpo_config import DPOConfig

    ws, _, _ = init_workspace(tmp_path / "ws")
    spec = DemoModelSpec(time_budget_s=60)
    demo = ensure_demo_model(ws, spec)
    assert ensure_demo_model(ws, spec).id == demo.id and demo.status == "promoted"
    prompts = off_topic_prompts(30, seed=11)
    sampling = SamplingParams(max_new_tokens=40, temperature=1.0, seed=0)

    def rate(model_id: str) -> float:
        replies = [g.text for gs in load_backend(ws, model_id).generate(prompts, sampling, n=2) for g in gs]
        return off_topic_rate(replies)

    before = rate(demo.id)
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b"\n".join(orjson.dumps(r) for r in preference_pairs(256)))
    tuned = train_model(ws, "dpo", str(pairs), DPOConfig(model=demo.id, max_steps=30, per_device_train_batch_size=16, learning_rate=1e-3, beta=0.1, max_length=128))
    after = rate(tuned.id)
    assert tuned.parent_id == demo.id
    assert before > 0.05, f"the demo model should sometimes answer off topic (rate {before})"
    assert after < before - 0.05, f"off-topic rate {before:.2f} -> {after:.2f}"
    ws.close()
