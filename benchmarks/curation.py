"""Curation benchmark: the full pipeline on a generated corpus with planted duplicates and PII.

Prints documents/s and MB/s on `--workers` cores, dedup precision/recall against the planted
pairs, PII recall, peak memory (all processes), and how the cost grows with size; then, side by
side in the same run, the same steps in datatrove (run in its own venv, `--datatrove-python`)
and in Loopline on one bounded slice (datatrove's filters run at ~0.05 MB/s).

    PYTHONPATH=. python -m benchmarks.curation --sizes 100 1024 --datatrove-mb 5
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import psutil

from benchmarks._curation_corpus import generate
from benchmarks._curation_datatrove import SCRIPT
from loopline.curate import (
    BoilerplateRemover, C4QualityFilter, ExactDedup, FineWebQualityFilter, GopherQualityFilter,
    GopherRepetitionFilter, JsonlReader, JsonlWriter, LanguageFilter, LocalExecutor, MinhashDedup,
    PiiRedactor, TextNormalizer,
)


class PeakMemory:
    """Peak summed PSS (proportional set size) of this process and its children, sampled every
    0.3 s. PSS, not RSS: forked workers share their parent's pages, and summing RSS would count
    those pages once per process."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_full_info().pss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.3)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def full_pipeline(src: Path, work: Path, language: bool = True) -> list[Any]:
    steps: list[Any] = [JsonlReader(str(src)), TextNormalizer(), BoilerplateRemover(), GopherQualityFilter(),
                        GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter()]
    if language:
        steps.append(LanguageFilter())
    steps += [PiiRedactor(), ExactDedup(rejects=str(work / "rej-exact")),
              MinhashDedup(rejects=str(work / "rej-minhash")), JsonlWriter(str(work / "out"))]
    return steps


def slice_pipeline(src: Path, work: Path) -> list[Any]:
    """The steps datatrove runs too (no normalizer, no language id, no exact pass)."""
    return [JsonlReader(str(src)), GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(),
            FineWebQualityFilter(), PiiRedactor(), MinhashDedup(rejects=str(work / "rej-minhash")),
            JsonlWriter(str(work / "out"))]


def _ids(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted(folder.glob("*.jsonl*")) if folder.exists() else []:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as stream:
            found.update(orjson.loads(line)["id"] for line in stream)
    return found


def _texts(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as stream:
            for line in stream:
                row = orjson.loads(line)
                out[row["id"]] = row["text"]
    return out


def dedup_scores(truth: dict[str, Any], kept: set[str], removed: set[str]) -> dict[str, float]:
    """Precision/recall of removal against the planted groups (an original and its copies).

    Of a group of k documents that reached the dedup step, any k-1 may go: that many removals
    are right, and a removal of a document in no group is wrong.
    """
    reached = kept | removed
    groups: dict[str, set[str]] = {}
    for kind in ("exact", "near"):
        for copy, source in truth[kind].items():
            groups.setdefault(source, {source}).add(copy)
    expected = correct = 0
    in_groups: set[str] = set()
    for members in groups.values():
        present = members & reached
        in_groups |= present
        if len(present) > 1:
            expected += len(present) - 1
            correct += min(len(present & removed), len(present) - 1)
    precision = correct / len(removed) if removed else 1.0
    recall = correct / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "expected_removals": expected, "removed": len(removed)}


def pii_recall(truth: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    by_kind: dict[str, list[int]] = {}
    for doc_id, (kind, value) in truth["pii"].items():
        if doc_id in texts:
            hit = value not in texts[doc_id]
            by_kind.setdefault(kind, [0, 0])[0] += hit
            by_kind[kind][1] += 1
    total = sum(v[1] for v in by_kind.values())
    return {"recall": round(sum(v[0] for v in by_kind.values()) / total, 4) if total else None,
            "items": total, "by_kind": {k: round(h / n, 4) for k, (h, n) in sorted(by_kind.items())}}


def run_ours(steps: list[Any], work: Path, workers: int, truth: dict[str, Any], mb: float) -> dict[str, Any]:
    with PeakMemory() as memory:
        start = time.perf_counter()
        result = LocalExecutor(steps, work / "run", workers=workers, shards=workers * 4).run()
        seconds = time.perf_counter() - start
    docs_in = result.stats[0].docs_out
    texts = _texts(work / "out")
    removed = _ids(work / "rej-exact") | _ids(work / "rej-minhash")
    return {
        "seconds": round(seconds, 2), "docs": docs_in, "docs_per_s": round(docs_in / seconds, 1),
        "mb_per_s": round(mb / seconds, 3), "peak_memory_mb": round(memory.peak / 1e6),
        "kept": len(texts), "stage_seconds": [round(s, 1) for s in result.stage_seconds],
        "dedup": dedup_scores(truth, set(texts), removed), "pii": pii_recall(truth, texts),
    }


def run_datatrove(python: str, src: Path, work: Path, workers: int, truth: dict[str, Any], mb: float,
                  timeout: float = 3600) -> dict[str, Any]:
    script = work / "dt_pipeline.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(SCRIPT)
    with PeakMemory() as memory:
        start = time.perf_counter()
        proc = subprocess.run([python, str(script), str(src), str(work), str(workers)], capture_output=True, text=True,
                              timeout=timeout)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    docs_in = truth["docs"]
    texts = _texts(work / "out")
    removed = _ids(work / "removed")
    return {
        "seconds": round(seconds, 2), "docs": docs_in, "docs_per_s": round(docs_in / seconds, 1),
        "mb_per_s": round(mb / seconds, 3), "peak_memory_mb": round(memory.peak / 1e6), "kept": len(texts),
        "dedup": dedup_scores(truth, set(texts), removed), "pii": pii_recall(truth, texts),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[100, 1024], help="corpus sizes in MB (the largest is the main run)")
    parser.add_argument("--size", type=float, help="one corpus size in MB (overrides --sizes)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--datatrove-mb", type=float, default=5, help="slice run by both tools side by side (0: skip)")
    parser.add_argument("--datatrove-python", default="/tmp/dt-venv/bin/python")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/loopline-curation-bench"))
    parser.add_argument("--no-language", action="store_true", help="leave language id out of the full pipeline")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sizes = [args.size] if args.size else sorted(args.sizes)
    figures: dict[str, Any] = {"workers": args.workers, "cpu_count": os.cpu_count(), "sizes": {}}
    if args.datatrove_mb and Path(args.datatrove_python).exists():
        root = args.workdir / "slice"
        shutil.rmtree(root, ignore_errors=True)
        truth = generate(root / "in", args.datatrove_mb, files=args.workers * 2)
        mb = truth["bytes"] / 1e6
        ours = run_ours(slice_pipeline(root / "in", root / "ours"), root / "ours", args.workers, truth, mb)
        theirs = run_datatrove(args.datatrove_python, root / "in", root / "dt", args.workers, truth, mb)
        figures["side_by_side"] = {"mb": round(mb, 1), "docs": truth["docs"], "loopline": ours, "datatrove": theirs}
        if "seconds" in theirs:
            figures["side_by_side"]["speedup"] = round(theirs["seconds"] / ours["seconds"], 1)
        print(json.dumps({"side_by_side": figures["side_by_side"]}, indent=1), flush=True)
    for size in sizes:
        root = args.workdir / f"size-{size:g}"
        shutil.rmtree(root, ignore_errors=True)
        t0 = time.perf_counter()
        with ProcessPoolExecutor(1) as pool:  # the generator's memory stays out of the measured run
            truth = pool.submit(generate, root / "in", size, max(16, args.workers * 4)).result()
        gen = time.perf_counter() - t0
        mb = truth["bytes"] / 1e6
        row = run_ours(full_pipeline(root / "in", root, not args.no_language), root, args.workers, truth, mb)
        row.update({"mb": round(mb, 1), "generate_s": round(gen, 1)})
        figures["sizes"][f"{size:g}"] = row
        print(json.dumps({f"size_{size:g}MB": row}, indent=1), flush=True)
        shutil.rmtree(root, ignore_errors=True)
    runs = list(figures["sizes"].values())
    if len(runs) > 1:
        small, big = runs[0], runs[-1]
        figures["growth"] = {"size_ratio": round(big["mb"] / small["mb"], 1),
                             "time_ratio": round(big["seconds"] / small["seconds"], 1),
                             "memory_ratio": round(big["peak_memory_mb"] / small["peak_memory_mb"], 2)}
        print(json.dumps({"growth": figures["growth"]}), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
