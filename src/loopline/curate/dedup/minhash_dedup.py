"""Near-duplicate removal with MinHash LSH (Broder 1997; Leskovec et al., Mining of Massive
Datasets, ch. 3).

`collect` computes each document's signature (vectorized, see `minhash.py`) and band keys per
shard. `resolve` pairs documents sharing a band key, keeps the pairs whose estimated Jaccard
similarity (share of equal signature values) reaches `threshold`, and groups them into
clusters (connected components); the first document of each cluster stays and every member
carries the cluster id in `metadata["minhash_cluster"]`. With the defaults (20 bands x 5 rows)
a pair at Jaccard 0.7 becomes a candidate 97.5% of the time and the verification cuts below
0.7, so the threshold is sharp where the LSH curve alone is not (`describe()` prints it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from loopline.curate.dedup import minhash
from loopline.curate.dedup._components import cluster, offsets
from loopline.curate.dedup._dedup_step import DedupStep
from loopline.curate.document import Document

_BATCH = 256


class MinhashDedup(DedupStep):
    type = "minhash_dedup"
    reason = "near_duplicate"
    cluster_key = "minhash_cluster"

    def __init__(
        self, ngram: int = 5, bands: int = 20, rows: int = 5, threshold: float | None = 0.7,
        seed: int = 1, rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        self.ngram, self.bands, self.rows = ngram, bands, rows
        self.threshold = threshold
        self.seed = seed
        self._a, self._b = minhash.permutations(bands * rows, seed)

    def describe(self) -> str:
        lines = [
            f"MinHash LSH: {self.ngram}-word shingles, {self.bands} bands x {self.rows} rows = "
            f"{self.bands * self.rows} permutations; LSH threshold ~{(1 / self.bands) ** (1 / self.rows):.2f}"
            + (f", verified at Jaccard >= {self.threshold}" if self.threshold is not None else ""),
            "  Jaccard  P(candidate)",
        ]
        for s in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
            lines.append(f"  {s:7.2f}  {minhash.candidate_probability(s, self.bands, self.rows):12.3f}")
        return "\n".join(lines)

    def collect(self, docs: Iterable[Document], rank: int) -> Iterator[Document]:
        sigs: list[np.ndarray] = []
        batch: list[np.ndarray] = []
        for doc in docs:
            batch.append(minhash.shingles(doc.text, self.ngram))
            if len(batch) >= _BATCH:
                sigs.append(minhash.signatures(batch, self._a, self._b))
                batch = []
            yield doc
        sigs.append(minhash.signatures(batch, self._a, self._b))
        every = np.concatenate(sigs)
        np.save(self.shard_file("sig", rank), every)
        np.save(self.shard_file("bands", rank), minhash.band_keys(every, self.bands, self.rows))

    def resolve(self, world_size: int) -> None:
        keys = [np.load(self.shard_file("bands", r)) for r in range(world_size)]
        sizes = [len(k) for k in keys]
        total = sum(sizes)
        start = offsets(sizes)
        every = np.concatenate(keys) if keys else np.zeros((0, self.bands), np.uint64)
        sigs = [np.load(self.shard_file("sig", r), mmap_mode="r") for r in range(world_size)]
        empty = np.concatenate([(s == minhash.EMPTY).all(axis=1) for s in sigs]) if sigs else np.zeros(0, bool)
        left, right = _candidates(every, empty)
        if self.threshold is not None and len(left):
            similar = _similarity(sigs, start, left, right) >= self.threshold
            left, right = left[similar], right[similar]
        self.stats.counters["duplicate_pairs"] += len(left)
        keep, labels = cluster(total, left, right)
        for r in range(world_size):
            s = slice(start[r], start[r] + sizes[r])
            self.write_decisions(r, keep[s], labels[s])


def _candidates(keys: np.ndarray, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of neighbours in each band's sorted key order that share the key."""
    pairs: list[np.ndarray] = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        col = keys[order, band]
        same = np.flatnonzero(col[1:] == col[:-1])
        if len(same):
            pairs.append(np.stack([order[same], order[same + 1]], axis=1))
    if not pairs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    edges = np.unique(np.sort(np.concatenate(pairs), axis=1), axis=0)
    edges = edges[~(empty[edges[:, 0]] | empty[edges[:, 1]])]
    return edges[:, 0], edges[:, 1]


def _similarity(sigs: list[np.ndarray], start: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return (_rows(sigs, start, left) == _rows(sigs, start, right)).mean(axis=1)


def _rows(sigs: list[np.ndarray], start: np.ndarray, index: np.ndarray) -> np.ndarray:
    shard = np.searchsorted(start, index, side="right") - 1
    out = np.empty((len(index), sigs[0].shape[1]), np.uint32)
    for r in np.unique(shard):
        picked = shard == r
        out[picked] = sigs[r][index[picked] - start[r]]
    return out
