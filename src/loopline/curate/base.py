"""The step contract: `run(docs, rank, world_size)` is a generator; a pipeline is a list.

Three kinds share it. A plain step transforms and yields. A filter implements only `filter`
and the base counts each drop under its snake_case reason (and may send it to a rejects
file). A global step (deduplication) needs every shard before it can decide, so the executor
runs it in three phases: `collect` per shard, `resolve` once, `apply` per shard.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, ClassVar

import orjson

from loopline.curate.document import Document
from loopline.curate.stats import StepStats


class PipelineStep:
    """One stage of a pipeline. `type` is its name in pipeline YAML files."""

    type: ClassVar[str] = "step"
    kind: ClassVar[str] = "transform"  # reader | transform | filter | dedup | writer

    def __init__(self) -> None:
        self.stats = StepStats(self.type)
        self.folder: Path | None = None  # a folder of its own inside the run, set by the executor

    def bind(self, folder: Path) -> None:
        self.folder = folder

    def fresh_stats(self) -> None:
        self.stats = StepStats(self.type)

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        raise NotImplementedError

    def finalize(self, world_size: int) -> None:
        """Called once in the driver after every shard is done (writers that gather)."""

    def describe(self) -> str:
        """Extra lines for the command line (a MinHash threshold curve)."""
        return ""


class BaseFilter(PipelineStep):
    """Keep a document when `filter(doc)` is true; drop it with a reason otherwise."""

    kind = "filter"
    reason: ClassVar[str] = "filtered"

    def __init__(self, rejects: str | None = None) -> None:
        super().__init__()
        self.rejects = rejects

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        raise NotImplementedError

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        stats = self.stats
        sink: IO[bytes] | None = None
        try:
            for doc in docs:
                stats.docs_in += 1
                result = self.filter(doc)
                keep, why = (result, self.reason) if isinstance(result, bool) else result
                if keep:
                    stats.docs_out += 1
                    yield doc
                    continue
                stats.drop(why, doc.id, doc.text)
                if self.rejects:
                    sink = sink or _open_rejects(Path(self.rejects), rank)
                    sink.write(orjson.dumps({**doc.to_dict(), "reason": why}) + b"\n")
        finally:
            if sink:
                sink.close()


def _open_rejects(folder: Path, rank: int) -> IO[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    return (folder / f"{rank:05d}.jsonl").open("wb")


class GlobalStep(PipelineStep):
    """A step that must see all shards (deduplication). See the module docstring."""

    kind = "dedup"

    def collect(self, docs: Iterable[Document], rank: int) -> Iterator[Document]:
        raise NotImplementedError

    def resolve(self, world_size: int) -> None:
        raise NotImplementedError

    def apply(self, docs: Iterable[Document], rank: int) -> Iterator[Document]:
        raise NotImplementedError

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        """In one process with one shard: all three phases back to back."""
        if world_size != 1:
            raise RuntimeError(f"{self.type} needs an executor when run on {world_size} shards")
        kept = list(self.collect(docs, rank))
        self.resolve(1)
        yield from self.apply(kept, rank)

    def shard_file(self, stem: str, rank: int, suffix: str = ".npy") -> Path:
        assert self.folder is not None, "bind() the step to a folder first"
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"{stem}-{rank:05d}{suffix}"
