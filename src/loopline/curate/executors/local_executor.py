"""Run shards in local worker processes (all cores by default); one worker runs inline.

Memory stays bounded because each worker streams its shard one document at a time; the
only per-shard arrays are the dedup hashes and signatures (~0.5 KB per document).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from loopline.curate.base import PipelineStep
from loopline.curate.executors.base import Executor, Progress
from loopline.curate.executors.stages import Stage, run_shard


def _start_method() -> str:
    """Fork (fast, works from any script) unless threaded libraries are loaded that do not
    survive a fork (torch for embeddings, Ray); then spawn."""
    if "fork" in multiprocessing.get_all_start_methods() and not ({"torch", "ray"} & sys.modules.keys()):
        return "fork"
    return "spawn"


class LocalExecutor(Executor):
    def __init__(
        self, pipeline: list[PipelineStep], workdir: str | Path, workers: int | None = None,
        shards: int | None = None, strict: bool = False, progress: Progress | None = None,
        keep_intermediate: bool = False,
    ) -> None:
        self.workers = workers or os.cpu_count() or 1
        super().__init__(pipeline, workdir, shards, strict, progress, keep_intermediate)

    def default_shards(self) -> int:
        return self.workers

    def run_shards(self, stage: Stage, ranks: list[int]) -> list[dict[str, Any]]:
        what = f"stage {stage.index}"
        results: list[dict[str, Any]] = []
        if self.progress:
            self.progress(what, 0, len(ranks))
        if self.workers == 1 or len(ranks) <= 1:
            for rank in ranks:
                results.append(run_shard(self.pipeline, stage, rank, self.shards, self.workdir))
                if self.progress:
                    self.progress(what, len(results), len(ranks))
            return results
        context = multiprocessing.get_context(_start_method())
        with ProcessPoolExecutor(min(self.workers, len(ranks)), mp_context=context) as pool:
            futures = [pool.submit(run_shard, self.pipeline, stage, r, self.shards, self.workdir) for r in ranks]
            for future in as_completed(futures):
                results.append(future.result())
                if self.progress:
                    self.progress(what, len(results), len(ranks))
        return results
