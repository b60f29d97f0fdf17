"""Cut a pipeline into stages at its global (dedup) steps, and run one shard of one stage.

Stage k runs, for one shard: the `apply` of the global step that closed stage k-1 (or the
reader, for stage 0), its plain steps, then the `collect` of the global step that closes it,
whose output goes to an intermediate file the next stage reads. Between stages the driver
calls `resolve`. Everything a shard produces is written under a temporary name and then a
`.done` marker holding its stats, so a finished shard is never redone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from loopline.curate.base import GlobalStep, PipelineStep
from loopline.curate.document import Document


@dataclass
class Stage:
    index: int
    steps: list[int]  # pipeline indexes of the plain steps
    opens_with: int | None  # global step whose `apply` starts the stage
    closes_with: int | None  # global step whose `collect` ends it

    def folder(self, workdir: Path) -> Path:
        return workdir / f"stage-{self.index}"

    def marker(self, workdir: Path, rank: int) -> Path:
        return self.folder(workdir) / f"{rank:05d}.done"

    def output(self, workdir: Path, rank: int) -> Path:
        return self.folder(workdir) / f"{rank:05d}.jsonl"

    def resolved(self, workdir: Path) -> Path:
        return self.folder(workdir) / "resolved"


def plan_stages(pipeline: list[PipelineStep]) -> list[Stage]:
    stages: list[Stage] = []
    current: list[int] = []
    opens: int | None = None
    for i, step in enumerate(pipeline):
        if isinstance(step, GlobalStep):
            stages.append(Stage(len(stages), current, opens, i))
            current, opens = [], i
        else:
            current.append(i)
    stages.append(Stage(len(stages), current, opens, None))
    return stages


def bind_steps(pipeline: list[PipelineStep], workdir: Path) -> None:
    for i, step in enumerate(pipeline):
        step.bind(workdir / "steps" / f"{i:02d}-{step.type}")


def run_shard(
    pipeline: list[PipelineStep], stage: Stage, rank: int, world_size: int, workdir: Path,
) -> dict[str, Any]:
    """Run one shard of one stage; returns (and writes into its marker) the per-step stats."""
    start = time.perf_counter()
    bind_steps(pipeline, workdir)
    for step in pipeline:
        step.fresh_stats()
    docs: Iterable[Document]
    if stage.opens_with is None:
        docs = iter(())
    else:
        previous = pipeline[stage.opens_with]
        assert isinstance(previous, GlobalStep)
        docs = previous.apply(_read(stage.index - 1, workdir, rank), rank)
    for i in stage.steps:
        docs = pipeline[i].run(docs, rank, world_size)
    if stage.closes_with is not None:
        closing = pipeline[stage.closes_with]
        assert isinstance(closing, GlobalStep)
        _write(closing.collect(docs, rank), stage.output(workdir, rank))
    else:
        for _ in docs:
            pass
    touched = list(stage.steps) + ([stage.opens_with] if stage.opens_with is not None else [])
    result = {
        "stage": stage.index, "rank": rank, "seconds": round(time.perf_counter() - start, 3),
        "steps": {str(i): pipeline[i].stats.to_dict() for i in sorted(touched)},
    }
    marker = stage.marker(workdir, rank)
    tmp = marker.with_suffix(".tmp")
    tmp.write_bytes(orjson.dumps(result))
    os.replace(tmp, marker)
    return result


def _read(stage_index: int, workdir: Path, rank: int) -> Iterator[Document]:
    path = workdir / f"stage-{stage_index}" / f"{rank:05d}.jsonl"
    with open(path, "rb") as stream:
        for line in stream:
            yield Document.from_dict(orjson.loads(line))


def _write(docs: Iterable[Document], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".jsonl.tmp")
    with open(tmp, "wb", buffering=1 << 20) as out:
        for doc in docs:
            out.write(orjson.dumps(doc.to_dict()) + b"\n")
    os.replace(tmp, path)
