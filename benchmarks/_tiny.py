"""Tiny models and TRL-format data files for the training benchmarks (nothing downloaded)."""

from __future__ import annotations

import random
from pathlib import Path

import orjson


def tiny_model_dir(folder: Path, hidden: int = 64, layers: int = 2) -> Path:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from loopline.demo.model import build_tokenizer

    texts = [f"question {i} answer {i * 7} shop order return delivery" for i in range(500)]
    tok = build_tokenizer(texts, 400)
    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(
        vocab_size=len(tok), hidden_size=hidden, intermediate_size=hidden * 2, num_hidden_layers=layers,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=256,
        pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
    ))
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def data_files(folder: Path, n: int = 256) -> dict[str, Path]:
    """One JSONL per TRL format (sft, reward, preference, kto), seeded."""
    rng = random.Random(0)
    rows: dict[str, list[dict]] = {"sft": [], "reward": [], "preference": [], "kto": []}
    for i in range(n):
        prompt = [{"role": "user", "content": f"question {i} about order {rng.randint(1, 99)}"}]
        good = [{"role": "assistant", "content": f"answer {i}: your order ships today"}]
        bad = [{"role": "assistant", "content": f"answer {i * 7} times {i} is math"}]
        rows["sft"].append({"prompt": prompt, "completion": good})
        rows["preference"].append({"prompt": prompt, "chosen": good, "rejected": bad})
        rows["reward"].append({"prompt": prompt, "chosen": good, "rejected": bad, "margin": 1.0})
        rows["kto"].append({"prompt": prompt, "completion": good if i % 2 else bad, "label": bool(i % 2)})
    out = {}
    for fmt, items in rows.items():
        out[fmt] = folder / f"{fmt}.jsonl"
        out[fmt].write_bytes(b"\n".join(orjson.dumps(r) for r in items))
    return out
