"""What every executor shares: the stage loop, resume markers, resolve, finalize and stats.

A subclass only says how to run a list of (stage, rank) shards: in local processes or as
Ray tasks. Both run the same `run_shard`, so the same pipeline gives the same output.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from loopline.core.errors import LooplineError
from loopline.curate.base import GlobalStep, PipelineStep
from loopline.curate.executors.stages import Stage, bind_steps, plan_stages
from loopline.curate.readers.base_reader import BaseReader
from loopline.curate.stats import StepStats

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class RunResult:
    stats: list[StepStats]
    seconds: float
    shards: int
    shards_skipped: int = 0
    stage_seconds: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 3), "shards": self.shards, "shards_skipped": self.shards_skipped,
            "stage_seconds": [round(s, 3) for s in self.stage_seconds],
            "steps": [s.to_dict() for s in self.stats],
        }


def fingerprint(pipeline: list[PipelineStep]) -> str:
    """A hash of the steps and their settings: resuming needs the same pipeline."""
    parts = []
    for step in pipeline:
        settings = {k: v for k, v in vars(step).items() if not k.startswith("_") and k not in ("stats", "folder", "strict")}
        parts.append([step.type, repr(sorted(settings.items()))])
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()[:16]


class Executor:
    def __init__(
        self, pipeline: list[PipelineStep], workdir: str | Path, shards: int | None = None,
        strict: bool = False, progress: Progress | None = None, keep_intermediate: bool = False,
    ) -> None:
        if not pipeline or not isinstance(pipeline[0], BaseReader):
            raise LooplineError("a pipeline starts with a reader (jsonl_reader, csv_reader, ...)")
        self.pipeline = pipeline
        self.workdir = Path(workdir)
        self.shards = shards or self.default_shards()
        self.strict = strict
        self.progress = progress
        self.keep_intermediate = keep_intermediate
        for step in pipeline:
            if isinstance(step, BaseReader):
                step.strict = strict

    def default_shards(self) -> int:
        return 1

    def run_shards(self, stage: Stage, ranks: list[int]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def run(self) -> RunResult:
        start = time.perf_counter()
        self._check_workdir()
        bind_steps(self.pipeline, self.workdir)
        stages = plan_stages(self.pipeline)
        results: list[dict[str, Any]] = []
        skipped = 0
        stage_seconds: list[float] = []
        for stage in stages:
            t0 = time.perf_counter()
            stage.folder(self.workdir).mkdir(parents=True, exist_ok=True)
            todo = [r for r in range(self.shards) if not stage.marker(self.workdir, r).exists()]
            skipped += self.shards - len(todo)
            for r in range(self.shards):
                if r not in todo:
                    results.append(orjson.loads(stage.marker(self.workdir, r).read_bytes()))
            results.extend(self.run_shards(stage, todo))
            if stage.closes_with is not None:
                self._resolve(stage)
            if stage.index > 0 and not self.keep_intermediate:
                for r in range(self.shards):
                    stages[stage.index - 1].output(self.workdir, r).unlink(missing_ok=True)
            stage_seconds.append(time.perf_counter() - t0)
        stats = self._merge(results)
        for i, step in enumerate(self.pipeline):
            step.fresh_stats()
            step.finalize(self.shards)
            stats[i].counters.update(step.stats.counters)
        for i, step in enumerate(self.pipeline):
            if isinstance(step, GlobalStep):
                resolved = stages[0].folder(self.workdir).parent / f"resolve-{i:02d}.json"
                if resolved.exists():
                    stats[i].counters.update(orjson.loads(resolved.read_bytes()))
        return RunResult(stats, time.perf_counter() - start, self.shards, skipped, stage_seconds)

    def _resolve(self, stage: Stage) -> None:
        done = stage.resolved(self.workdir)
        if done.exists():
            return
        step = self.pipeline[stage.closes_with]  # type: ignore[index]
        assert isinstance(step, GlobalStep)
        if self.progress:
            self.progress(f"{step.type}: resolve", 0, 1)
        step.fresh_stats()
        step.resolve(self.shards)
        (self.workdir / f"resolve-{stage.closes_with:02d}.json").write_bytes(orjson.dumps(dict(step.stats.counters)))
        done.write_bytes(b"ok")
        if self.progress:
            self.progress(f"{step.type}: resolve", 1, 1)

    def _merge(self, results: list[dict[str, Any]]) -> list[StepStats]:
        merged = [StepStats(step.type) for step in self.pipeline]
        for result in sorted(results, key=lambda r: (r["stage"], r["rank"])):
            for key, row in result["steps"].items():
                merged[int(key)].merge(StepStats.from_dict(row))
        return merged

    def _check_workdir(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        stamp = self.workdir / "pipeline.json"
        mine = {"fingerprint": fingerprint(self.pipeline), "shards": self.shards}
        if stamp.exists():
            theirs = orjson.loads(stamp.read_bytes())
            if theirs != mine:
                raise LooplineError(
                    f"{self.workdir} holds a run of another pipeline or shard count ({theirs}); "
                    "use a new workdir, or restart (which deletes it)"
                )
        else:
            stamp.write_bytes(orjson.dumps(mine))

    @staticmethod
    def clear(workdir: str | Path) -> None:
        """Forget a previous run (for `--restart`)."""
        shutil.rmtree(workdir, ignore_errors=True)
