"""Each Loopline trainer against calling TRL directly: same tiny model, data and config, side by
side in one process. Both sides are timed from loading the model to saving it; the goal is a
ratio <= 1.05.

Single runs on a shared machine are noisy, so each trainer first runs once per side untimed
(imports, dataset caches), then `--repeats` timed pairs in alternating order (TRL, Loopline,
Loopline, TRL, ...), so drift in the machine's load hits both sides alike; the medians are
compared.

    PYTHONPATH=. python -m benchmarks.training_overhead --steps 20 --repeats 2
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._tiny import data_files, tiny_model_dir

FORMATS = {"sft": "sft", "reward": "reward", "dpo": "preference", "kto": "kto"}


def direct_trl(algorithm: str, model_dir: Path, data: Path, trl_args: dict[str, Any], out: Path) -> None:
    import datasets
    import trl
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    ds = datasets.load_dataset("json", data_files=str(data), split="train")
    if algorithm == "reward":
        model = AutoModelForSequenceClassification.from_pretrained(model_dir, num_labels=1)
        model.config.pad_token_id = tok.pad_token_id
        trainer = trl.RewardTrainer(model=model, args=trl.RewardConfig(**trl_args), train_dataset=ds, processing_class=tok)
    else:
        model = AutoModelForCausalLM.from_pretrained(model_dir)
        cls, cfg = {"sft": (trl.SFTTrainer, trl.SFTConfig), "dpo": (trl.DPOTrainer, trl.DPOConfig), "kto": (trl.KTOTrainer, trl.KTOConfig)}[algorithm]
        trainer = cls(model=model, args=cfg(**trl_args), train_dataset=ds, processing_class=tok)
    trainer.train()
    trainer.save_model(str(out))
    tok.save_pretrained(str(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20, help="optimizer steps per run")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--algorithms", default="sft,reward,dpo,kto")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs per side (after one untimed warm-up each)")
    args = parser.parse_args(argv)

    from loopline.train import trainer_classes

    print(f"{'trainer':8} {'loopline s (median)':>20} {'trl s (median)':>15} {'ratio':>7}   runs (loopline | trl)")
    with tempfile.TemporaryDirectory(prefix="loopline-overhead-") as tmp:
        root = Path(tmp)
        model_dir = tiny_model_dir(root / "tiny")
        files = data_files(root)
        for algorithm in args.algorithms.split(","):
            config_cls, trainer_cls = trainer_classes(algorithm)
            cfg = config_cls(model=str(model_dir), max_steps=args.steps, per_device_train_batch_size=args.batch,
                             logging_steps=5, save_steps=10_000, max_length=128)
            data = files[FORMATS[algorithm]]
            runs = 0

            def trl_run() -> float:
                nonlocal runs
                runs += 1
                trl_args = {**cfg.common_trl_kwargs(str(root / f"trl-{algorithm}-{runs}"), use_cpu=True), **cfg.trl_kwargs()}
                start = time.perf_counter()
                direct_trl(algorithm, model_dir, data, trl_args, root / f"trl-{algorithm}-{runs}-final")
                return time.perf_counter() - start

            def loopline_run() -> float:
                nonlocal runs
                runs += 1
                start = time.perf_counter()
                trainer_cls(None, [str(data)], cfg, output_root=root / f"ll-{runs}").train()
                return time.perf_counter() - start

            trl_run(), loopline_run()  # warm-up, untimed
            ll_times: list[float] = []
            trl_times: list[float] = []
            for r in range(args.repeats):
                if r % 2 == 0:
                    trl_times.append(trl_run())
                    ll_times.append(loopline_run())
                else:
                    ll_times.append(loopline_run())
                    trl_times.append(trl_run())
            ll_s, trl_s = statistics.median(ll_times), statistics.median(trl_times)
            detail = " ".join(f"{t:.2f}" for t in ll_times) + " | " + " ".join(f"{t:.2f}" for t in trl_times)
            print(f"{algorithm:8} {ll_s:20.2f} {trl_s:15.2f} {ll_s / trl_s:7.3f}   {detail}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
