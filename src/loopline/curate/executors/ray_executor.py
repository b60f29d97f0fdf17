"""Run shards as Ray tasks, on a cluster or a local Ray instance.

Each task runs the same `run_shard` as the local executor; the driver resolves the dedup
steps between stages. Every node must see `workdir` (a shared filesystem) and the input.
`ray.init` is called only when Ray is not running yet (`address` passes through).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loopline.curate.base import PipelineStep
from loopline.curate.executors.base import Executor, Progress
from loopline.curate.executors.stages import Stage, run_shard


class RayExecutor(Executor):
    def __init__(
        self, pipeline: list[PipelineStep], workdir: str | Path, shards: int | None = None,
        address: str | None = None, num_cpus: int | None = None, cpus_per_task: float = 1,
        strict: bool = False, progress: Progress | None = None, keep_intermediate: bool = False,
    ) -> None:
        import ray

        if not ray.is_initialized():
            ray.init(address=address, num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
        self.cpus_per_task = cpus_per_task
        super().__init__(pipeline, workdir, shards, strict, progress, keep_intermediate)

    def default_shards(self) -> int:
        import ray

        return max(int(ray.cluster_resources().get("CPU", 1)), 1)

    def run_shards(self, stage: Stage, ranks: list[int]) -> list[dict[str, Any]]:
        import ray

        task = ray.remote(num_cpus=self.cpus_per_task)(run_shard)
        pipeline = ray.put(self.pipeline)
        pending = [task.remote(pipeline, stage, r, self.shards, self.workdir.resolve()) for r in ranks]
        results: list[dict[str, Any]] = []
        what = f"stage {stage.index}"
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            results.extend(ray.get(done))
            if self.progress:
                self.progress(what, len(results), len(ranks))
        return results
