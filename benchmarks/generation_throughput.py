"""Tokens per second of the demo model on this machine's CPU, by batch size.

Trains the demo model in a temporary workspace first (about two minutes), or reuses the one of
`--workspace`.

    PYTHONPATH=. python -m benchmarks.generation_throughput --prompts 64 --batch-sizes 1,8,32
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workspace", type=Path, default=None, help="workspace with a cached demo model")
    parser.add_argument("--prompts", type=int, default=64)
    parser.add_argument("--max-new-tokens", type=int, default=48)
    parser.add_argument("--batch-sizes", default="1,8,32")
    parser.add_argument("--budget", type=float, default=120.0, help="demo training budget (s)")
    args = parser.parse_args(argv)

    import torch

    from loopline.annotate.workspace import init_workspace
    from loopline.demo.corpus import SYSTEM, generate_corpus
    from loopline.demo.model import DemoModelSpec, ensure_demo_model
    from loopline.models.base import SamplingParams
    from loopline.models.transformers_backend import TransformersBackend

    with tempfile.TemporaryDirectory(prefix="loopline-gen-") as tmp:
        ws, _, _ = init_workspace(args.workspace or Path(tmp))
        info = ensure_demo_model(ws, DemoModelSpec(time_budget_s=args.budget))
        params = sum(p.numel() for p in TransformersBackend.from_pretrained(info.path, device="cpu").model.parameters())
        prompts = [[{"role": "system", "content": SYSTEM}, {"role": "user", "content": c.user}] for c in generate_corpus(args.prompts, seed=9)]
        print(f"demo model {info.id}: {params / 1e6:.2f}M parameters, torch threads {torch.get_num_threads()}")
        print(f"{'batch':>5} {'tokens':>7} {'seconds':>8} {'tokens/s':>9}")
        for bs in (int(b) for b in args.batch_sizes.split(",")):
            backend = TransformersBackend.from_pretrained(info.path, device="cpu", batch_size=bs)
            start = time.perf_counter()
            out = backend.generate(prompts, SamplingParams(max_new_tokens=args.max_new_tokens, temperature=1.0, seed=0))
            seconds = time.perf_counter() - start
            tokens = sum(g.completion_tokens for gs in out for g in gs)
            print(f"{bs:5d} {tokens:7d} {seconds:8.2f} {tokens / seconds:9.1f}", flush=True)
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
