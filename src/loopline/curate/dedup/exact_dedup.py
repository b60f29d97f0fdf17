"""Exact deduplication on a normalized hash: lowercase words only, so case, spacing and
punctuation differences still count as the same text. The first document (in shard order)
of each group stays; the others go with reason `exact_duplicate`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np
from xxhash import xxh3_64_intdigest

from loopline.curate.dedup._components import offsets
from loopline.curate.dedup._dedup_step import DedupStep
from loopline.curate.document import Document

_WORD = re.compile(r"\w+")


def normalized_hash(text: str) -> int:
    return xxh3_64_intdigest(" ".join(_WORD.findall(text.lower())).encode())


class ExactDedup(DedupStep):
    type = "exact_dedup"
    reason = "exact_duplicate"
    cluster_key = "exact_cluster"

    def collect(self, docs: Iterable[Document], rank: int) -> Iterator[Document]:
        hashes: list[int] = []
        for doc in docs:
            hashes.append(normalized_hash(doc.text))
            yield doc
        np.save(self.shard_file("hash", rank), np.array(hashes, np.uint64))

    def resolve(self, world_size: int) -> None:
        parts = [np.load(self.shard_file("hash", r)) for r in range(world_size)]
        every = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
        _, first, inverse = np.unique(every, return_index=True, return_inverse=True)
        owner = first[inverse]  # global index of the first document with the same hash
        keep = owner == np.arange(len(every))
        counts = np.bincount(inverse)
        labels = np.where(counts[inverse] > 1, owner, -1)
        start = offsets([len(p) for p in parts])
        for r, part in enumerate(parts):
            s = slice(start[r], start[r] + len(part))
            self.write_decisions(r, keep[s], labels[s])
