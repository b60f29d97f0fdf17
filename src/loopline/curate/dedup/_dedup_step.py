"""The part every dedup step shares: per-shard decision files and the `apply` phase."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, ClassVar

import numpy as np
import orjson

from loopline.curate.base import GlobalStep
from loopline.curate.document import Document


class DedupStep(GlobalStep):
    reason: ClassVar[str] = "duplicate"
    cluster_key: ClassVar[str] = "dup_cluster"

    def __init__(self, rejects: str | None = None) -> None:
        super().__init__()
        self.rejects = rejects

    def write_decisions(self, rank: int, keep: np.ndarray, labels: np.ndarray) -> None:
        np.save(self.shard_file("keep", rank), keep)
        np.save(self.shard_file("cluster", rank), labels)

    def apply(self, docs: Iterable[Document], rank: int) -> Iterator[Document]:
        keep = np.load(self.shard_file("keep", rank))
        labels = np.load(self.shard_file("cluster", rank))
        stats = self.stats
        sink: IO[bytes] | None = None
        try:
            for i, doc in enumerate(docs):
                stats.docs_in += 1
                label = int(labels[i])
                if label >= 0:
                    doc.metadata[self.cluster_key] = label
                if keep[i]:
                    stats.docs_out += 1
                    yield doc
                    continue
                stats.drop(self.reason, doc.id, doc.text)
                if self.rejects:
                    if sink is None:
                        Path(self.rejects).mkdir(parents=True, exist_ok=True)
                        sink = (Path(self.rejects) / f"{rank:05d}.jsonl").open("wb")
                    sink.write(orjson.dumps({**doc.to_dict(), "reason": self.reason}) + b"\n")
        finally:
            if sink:
                sink.close()
        if stats.docs_in != len(keep):
            raise RuntimeError(f"{self.type}: shard {rank} has {stats.docs_in} documents, collected {len(keep)}")

    def shard_sizes(self, world_size: int, stem: str) -> list[int]:
        return [len(np.load(self.shard_file(stem, r), mmap_mode="r")) for r in range(world_size)]
