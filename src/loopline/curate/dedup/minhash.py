"""Vectorized MinHash: word n-gram shingles hashed with NumPy, a batch of documents at once.

A shingle is the polynomial hash of `ngram` consecutive word hashes (each word hashed once
with xxh32), so no n-gram string is ever built. Each of the `num_perm` hash functions is a
multiply-add on 64 bits (`a * x + b`, wrapping, `a` odd) whose top 32 bits are kept: the
minimum over shingles is taken on the 64-bit value, which orders the same way. The shingle
matrix of a batch is reduced per document with `np.minimum.reduceat`.
"""

from __future__ import annotations

import re

import numpy as np
from xxhash import xxh32_intdigest

# Bytes regex: ASCII word characters plus every non-ASCII UTF-8 byte, so words in any script
# stay whole without decoding each one (curly quotes glue to their word: harmless for MinHash).
_WORD = re.compile(rb"[\w\x80-\xff]+")
_POLY = np.uint64(0x100000001B3)
EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK = 1 << 14  # shingles per matrix block: 16k x 128 permutations x 8 bytes = 16 MB


def shingles(text: str, ngram: int) -> np.ndarray:
    """The distinct 64-bit shingle hashes of a text (lowercased word n-grams)."""
    words = _WORD.findall(text.lower().encode())
    if not words:
        return np.zeros(0, np.uint64)
    h = np.fromiter(map(xxh32_intdigest, words), np.uint64, len(words))
    count = max(len(words) - ngram + 1, 1)
    n = min(ngram, len(words))
    keys = np.zeros(count, np.uint64)
    for k in range(n):
        keys = keys * _POLY + h[k : k + count]
    return np.unique(keys)


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 63, num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, num_perm, dtype=np.uint64)
    return a, b


def signatures(shingle_sets: list[np.ndarray], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(documents, num_perm) uint32 signatures; a document without shingles gets all EMPTY."""
    out = np.full((len(shingle_sets), len(a)), EMPTY, np.uint32)
    start = 0
    while start < len(shingle_sets):
        stop, total = start, 0
        while stop < len(shingle_sets) and (total == 0 or total + len(shingle_sets[stop]) <= _CHUNK):
            total += len(shingle_sets[stop])
            stop += 1
        _block(shingle_sets[start:stop], a, b, out[start:stop])
        start = stop
    return out


def _block(sets: list[np.ndarray], a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    lengths = np.fromiter(map(len, sets), np.int64, len(sets))
    present = np.flatnonzero(lengths)
    if not len(present):
        return
    flat = np.concatenate([sets[i] for i in present])
    offsets = np.concatenate(([0], np.cumsum(lengths[present])[:-1]))
    hashed = flat[:, None] * a[None, :] + b[None, :]  # wraps modulo 2**64 on purpose
    minima = np.minimum.reduceat(hashed, offsets, axis=0)
    out[present] = (minima >> np.uint64(32)).astype(np.uint32)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(documents, bands) uint64: each band's `rows` values folded into one 64-bit key."""
    keys = np.zeros((len(sigs), bands), np.uint64)
    wide = sigs.astype(np.uint64)
    for r in range(rows):
        keys = keys * _POLY + wide[:, r::rows][:, :bands] + np.uint64(1)
    return keys


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Chance that two documents of this Jaccard similarity share at least one band."""
    return 1.0 - (1.0 - similarity**rows) ** bands
