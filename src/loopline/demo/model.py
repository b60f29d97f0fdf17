"""`loopline demo-model`: the shop-support demo's own tiny causal LM, trained offline.

A byte-level BPE tokenizer is learned on the synthetic shop corpus (`corpus.py`), a small Llama
is built from a config, and Loopline's own SFT trainer teaches it the corpus within a time budget
(about two minutes on 2 cores). Because the corpus has the assistant answer some off-topic
questions, the model answers both ways: preference training has something to move. The result
is a registered model version of the line `shop-support`, cached in the workspace: a second
call with the same settings returns it at once.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from loopline.annotate.workspace import Workspace
from loopline.demo.corpus import generate_corpus
from loopline.train.registry import ModelVersionInfo, list_models, models_dir, promote_model

DEMO_LINE = "shop-support"
SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>"]
# The model is too small to read a system prompt, so its template leaves system turns out (in
# training and in use alike); no whitespace around role markers keeps prompt a prefix of prompt +
# completion, which DPO and KTO rely on.
CHAT_TEMPLATE = (
    "{% for message in messages %}{% if message['role'] != 'system' %}"
    "{{ '<|' + message['role'] + '|>' + message['content'] + '</s>' }}"
    "{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}"
)


@dataclass(frozen=True)
class DemoModelSpec:
    """Size of the demo model and of its training; the cache key is made of these."""

    corpus_size: int = 4000
    vocab_size: int = 1024
    hidden_size: int = 128
    layers: int = 4
    heads: int = 4
    intermediate_size: int = 384
    max_steps: int = 400
    batch_size: int = 32
    learning_rate: float = 4e-3
    time_budget_s: float = 120.0
    seed: int = 0

    def key(self) -> str:
        return hashlib.sha256(orjson.dumps(asdict(self), option=orjson.OPT_SORT_KEYS)).hexdigest()[:12]


def find_demo_model(ws: Workspace, spec: DemoModelSpec | None = None) -> ModelVersionInfo | None:
    key = (spec or DemoModelSpec()).key()
    for info in list_models(ws, DEMO_LINE):
        if info.config.get("demo_key") == key and Path(info.path).exists():
            return info
    return None


def ensure_demo_model(ws: Workspace, spec: DemoModelSpec | None = None, *, progress: Any = None) -> ModelVersionInfo:
    """The cached demo model of this workspace, trained first if there is none."""
    spec = spec or DemoModelSpec()
    return find_demo_model(ws, spec) or train_demo_model(ws, spec, progress=progress)


def build_tokenizer(texts: list[str], vocab_size: int) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    backend.train_from_iterator(texts, trainer)
    tok = PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<pad>", bos_token="<s>", eos_token="</s>")
    tok.chat_template = CHAT_TEMPLATE
    return tok


def build_model(tokenizer: Any, spec: DemoModelSpec) -> Any:
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=spec.hidden_size, intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.heads,
        max_position_embeddings=256, tie_word_embeddings=True, pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )
    return LlamaForCausalLM(config)


def train_demo_model(ws: Workspace, spec: DemoModelSpec | None = None, *, progress: Any = None) -> ModelVersionInfo:
    """Train the demo model from scratch, register it and promote it if its line has none."""
    import torch
    from transformers import TrainerCallback

    from loopline.train.sft_config import SFTConfig
    from loopline.train.sft_trainer import SFTTrainer

    spec = spec or DemoModelSpec()
    torch.manual_seed(spec.seed)
    chats = list(generate_corpus(spec.corpus_size, seed=spec.seed))
    work = models_dir(ws) / f"demo-{spec.key()}"
    work.mkdir(parents=True, exist_ok=True)
    data = work / "corpus.jsonl"
    with data.open("wb") as fh:
        for c in chats:
            m = c.messages()
            fh.write(orjson.dumps({"prompt": m[:-1], "completion": m[-1:]}) + b"\n")
    tokenizer = build_tokenizer([c.user for c in chats] + [c.reply for c in chats], spec.vocab_size)
    init = work / "init"
    build_model(tokenizer, spec).save_pretrained(init)
    tokenizer.save_pretrained(init)

    class Budget(TrainerCallback):
        """Stops training when the time budget is spent, and reports progress."""

        def __init__(self) -> None:
            self.start = time.monotonic()

        def on_step_end(self, args, state, control, **kw):  # type: ignore[no-untyped-def]
            if progress is not None:
                progress(state.global_step, spec.max_steps)
            if time.monotonic() - self.start > spec.time_budget_s:
                control.should_training_stop = True
            return control

    config = SFTConfig(
        model=str(init), name=DEMO_LINE, max_steps=spec.max_steps, per_device_train_batch_size=spec.batch_size,
        learning_rate=spec.learning_rate, warmup_steps=20, max_length=128, logging_steps=20,
        save_steps=10_000, seed=spec.seed, output_dir=str(work / "run"),
    )
    trainer = SFTTrainer(ws, [str(data)], config, callbacks=[Budget()], quiet=progress is not None)
    trainer.train()
    info = _retag(ws, trainer, spec)
    if not any(m.status == "promoted" for m in list_models(ws, DEMO_LINE)):
        info = promote_model(ws, info.id)
    return info


def _retag(ws: Workspace, trainer: Any, spec: DemoModelSpec) -> ModelVersionInfo:
    """Record the demo key and spec in the version's config (the cache looks them up)."""
    from loopline.store import model_versions as store
    from loopline.train.registry import get_model

    info = get_model(ws, trainer.folder.name)
    config = {**info.config, "demo_key": spec.key(), "demo_spec": asdict(spec)}
    with ws.database.write() as conn:
        store.update_config(conn=conn, model_id=info.id, config=config, base_model="scratch (demo corpus)")
    return get_model(ws, info.id)
