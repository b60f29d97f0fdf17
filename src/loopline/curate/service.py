"""Run a pipeline file: the one call the `loopline curate` command makes."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from loopline.curate.base import PipelineStep
from loopline.curate.config import PipelineSpec
from loopline.curate.executors import Executor, LocalExecutor, RayExecutor, RunResult
from loopline.curate.executors.base import Progress
from loopline.curate.readers.base_reader import BaseReader


def make_executor(spec: PipelineSpec, strict: bool = False, progress: Progress | None = None) -> Executor:
    ex = spec.settings.executor
    if ex.kind == "ray":
        return RayExecutor(spec.steps, spec.workdir, shards=ex.shards, address=ex.address,
                           num_cpus=ex.workers, strict=strict, progress=progress)
    return LocalExecutor(spec.steps, spec.workdir, workers=ex.workers, shards=ex.shards,
                         strict=strict, progress=progress)


def run_pipeline(spec: PipelineSpec, strict: bool = False, restart: bool = False,
                 progress: Progress | None = None) -> RunResult:
    if restart:
        Executor.clear(spec.workdir)
    return make_executor(spec, strict, progress).run()


def dry_run(steps: list[PipelineStep], sample: int = 1000, strict: bool = False) -> RunResult:
    """The funnel on the first `sample` documents, in this process, writing nothing."""
    steps = [copy.deepcopy(s) for s in steps if s.kind != "writer"]
    for step in steps:
        if hasattr(step, "rejects"):
            step.rejects = None  # type: ignore[attr-defined]
        if isinstance(step, BaseReader):
            step.limit = sample
    with tempfile.TemporaryDirectory(prefix="loopline-dry-") as tmp:
        return LocalExecutor(steps, Path(tmp), workers=1, shards=1, strict=strict).run()
