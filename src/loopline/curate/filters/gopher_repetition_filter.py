"""Gopher repetition rules (Rae et al. 2021, table A1): repeated lines, paragraphs and n-grams.

Defaults are the paper's: at most 30% duplicate lines / paragraphs (20% of characters); the
most frequent 2/3/4-gram covers at most 20/18/16% of characters; duplicated 5..10-grams cover
at most 15..10%. N-grams are hashed as integer windows with NumPy, not built as tuples.
"""

from __future__ import annotations

import numpy as np

from loopline.curate.base import BaseFilter
from loopline.curate.document import Document
from loopline.curate.filters._text import WORDS

TOP_NGRAMS = ((2, 0.20), (3, 0.18), (4, 0.16))
DUP_NGRAMS = ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10))
_MULT = np.uint64(0x9E3779B97F4A7C15)


class GopherRepetitionFilter(BaseFilter):
    type = "gopher_repetition"

    def __init__(
        self, dup_line_frac: float = 0.3, dup_para_frac: float = 0.3, dup_line_char_frac: float = 0.2,
        dup_para_char_frac: float = 0.2, top_n_grams: list[tuple[int, float]] | None = None,
        dup_n_grams: list[tuple[int, float]] | None = None, rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        self.dup_line_frac, self.dup_para_frac = dup_line_frac, dup_para_frac
        self.dup_line_char_frac, self.dup_para_char_frac = dup_line_char_frac, dup_para_char_frac
        self.top_n_grams = [tuple(x) for x in (top_n_grams or TOP_NGRAMS)]
        self.dup_n_grams = [tuple(x) for x in (dup_n_grams or DUP_NGRAMS)]

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        text = doc.text
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        dup, dup_chars = _duplicates(paragraphs)
        if paragraphs and dup / len(paragraphs) > self.dup_para_frac:
            return False, "dup_para_frac"
        if dup_chars / max(len(text), 1) > self.dup_para_char_frac:
            return False, "dup_para_char_frac"
        lines = [ln for ln in text.split("\n") if ln.strip()]
        dup, dup_chars = _duplicates(lines)
        if lines and dup / len(lines) > self.dup_line_frac:
            return False, "dup_line_frac"
        if dup_chars / max(len(text), 1) > self.dup_line_char_frac:
            return False, "dup_line_char_frac"
        words = WORDS.findall(text)
        if len(words) < 2:
            return True
        vocab: dict[str, int] = {}
        ids = np.fromiter((vocab.setdefault(w, len(vocab)) for w in words), np.uint64, len(words))
        lengths = np.fromiter(map(len, words), np.int64, len(words))
        total = int(lengths.sum())
        for n, limit in self.top_n_grams:
            if len(words) >= n and _top_ngram_share(ids, lengths, n, total) > limit:
                return False, f"top_{n}_gram"
        for n, limit in sorted(self.dup_n_grams):
            if len(words) < n:
                break
            share = _dup_ngram_share(ids, lengths, n, total)
            if share > limit:
                return False, f"duplicated_{n}_n_grams"
            if share == 0.0:
                break  # no repeated n-gram means no repeated longer one either
        return True


def _duplicates(items: list[str]) -> tuple[int, int]:
    seen: set[str] = set()
    dup = chars = 0
    for item in items:
        if item in seen:
            dup += 1
            chars += len(item)
        else:
            seen.add(item)
    return dup, chars


def _ngram_keys(ids: np.ndarray, n: int) -> np.ndarray:
    count = len(ids) - n + 1
    keys = np.zeros(count, np.uint64)
    for k in range(n):
        keys = keys * _MULT + ids[k : k + count] + np.uint64(1)
    return keys


def _top_ngram_share(ids: np.ndarray, lengths: np.ndarray, n: int, total: int) -> float:
    keys = _ngram_keys(ids, n)
    uniq, first, counts = np.unique(keys, return_index=True, return_counts=True)
    top = int(np.argmax(counts))
    if counts[top] < 2:
        return 0.0
    start = int(first[top])
    return float(counts[top] * lengths[start : start + n].sum()) / total


def _dup_ngram_share(ids: np.ndarray, lengths: np.ndarray, n: int, total: int) -> float:
    """Share of word characters inside a repeated occurrence of some n-gram."""
    keys = _ngram_keys(ids, n)
    _, first = np.unique(keys, return_index=True)
    repeat = np.ones(len(keys), bool)
    repeat[first] = False
    if not repeat.any():
        return 0.0
    starts = np.flatnonzero(repeat)
    cover = np.zeros(len(ids) + 1, np.int64)
    np.add.at(cover, starts, 1)
    np.add.at(cover, starts + n, -1)
    covered = np.cumsum(cover[:-1]) > 0
    return float(lengths[covered].sum()) / total
