"""Shared by the dedup steps: where each shard's documents sit in the global order, which
documents group together, and which one of each group stays."""

from __future__ import annotations

import numpy as np


def offsets(sizes: list[int]) -> np.ndarray:
    """Global index of each shard's first document (shards in rank order)."""
    return np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)


def cluster(total: int, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep mask and cluster label (-1 alone) from duplicate edges; the lowest index stays."""
    keep = np.ones(total, bool)
    labels = np.full(total, -1, np.int64)
    if total == 0 or len(left) == 0:
        return keep, labels
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(left), np.int8), (left, right)), shape=(total, total))
    _, comp = connected_components(graph, directed=False)
    sizes = np.bincount(comp)
    in_cluster = sizes[comp] > 1
    first = np.full(len(sizes), total, np.int64)
    np.minimum.at(first, comp, np.arange(total))
    keep = first[comp] == np.arange(total)
    labels[in_cluster] = first[comp][in_cluster]  # a cluster is named by the document it keeps
    return keep, labels
