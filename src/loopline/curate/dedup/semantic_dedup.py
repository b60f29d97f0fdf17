"""Semantic deduplication: documents whose MiniLM embeddings reach cosine `threshold` group
together and the first of each group stays (reason `semantic_duplicate`).

`resolve` compares every pair in blocks (exact, O(n^2)); fine to ~100k documents on a CPU.
Past that, run it after MinHash on what is left, or on a cluster of shards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from loopline.curate.dedup._components import cluster, offsets
from loopline.curate.dedup._dedup_step import DedupStep
from loopline.curate.document import Document

_BLOCK = 2048


class SemanticDedup(DedupStep):
    type = "semantic_dedup"
    reason = "semantic_duplicate"
    cluster_key = "semantic_cluster"

    def __init__(self, threshold: float = 0.95, batch_size: int = 64, rejects: str | None = None) -> None:
        super().__init__(rejects)
        self.threshold = threshold
        self.batch_size = batch_size

    def collect(self, docs: Iterable[Document], rank: int) -> Iterator[Document]:
        from loopline.curate.embedding import embed

        vectors: list[np.ndarray] = []
        batch: list[str] = []
        for doc in docs:
            batch.append(doc.text)
            if len(batch) >= self.batch_size:
                vectors.append(embed(batch))
                batch = []
            yield doc
        vectors.append(embed(batch))
        np.save(self.shard_file("emb", rank), np.concatenate(vectors))

    def resolve(self, world_size: int) -> None:
        parts = [np.load(self.shard_file("emb", r)) for r in range(world_size)]
        sizes = [len(p) for p in parts]
        every = np.concatenate(parts) if parts else np.zeros((0, 384), np.float32)
        left: list[np.ndarray] = []
        right: list[np.ndarray] = []
        for lo in range(0, len(every), _BLOCK):
            sims = every[lo : lo + _BLOCK] @ every.T
            i, j = np.nonzero(sims >= self.threshold)
            i = i + lo
            upper = j > i
            left.append(i[upper])
            right.append(j[upper])
        a = np.concatenate(left) if left else np.zeros(0, np.int64)
        b = np.concatenate(right) if right else np.zeros(0, np.int64)
        keep, labels = cluster(len(every), a, b)
        start = offsets(sizes)
        for r, n in enumerate(sizes):
            self.write_decisions(r, keep[start[r] : start[r] + n], labels[start[r] : start[r] + n])
