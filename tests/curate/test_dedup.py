"""Exact and MinHash deduplication, run in one process (all three phases)."""

from __future__ import annotations

import random
from pathlib import Path

from loopline.curate import Document, ExactDedup, MinhashDedup
from loopline.curate.dedup.minhash import shingles

WORDS = [f"word{i}" for i in range(3000)]


def _text(rng: random.Random, n: int = 300) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _jaccard(a: str, b: str) -> float:
    x, y = set(shingles(a, 5).tolist()), set(shingles(b, 5).tolist())
    return len(x & y) / len(x | y)


def _with_jaccard(rng: random.Random, base: str, lo: float, hi: float) -> str:
    """A copy of `base` with words replaced until its 5-gram Jaccard falls in [lo, hi]."""
    words = base.split()
    positions = list(range(0, len(words)))
    rng.shuffle(positions)
    for i in positions:
        words[i] = rng.choice(WORDS)
        j = _jaccard(base, " ".join(words))
        if lo <= j <= hi:
            return " ".join(words)
    raise AssertionError("could not reach the Jaccard range")


def test_exact_dedup_normalizes_case_and_spacing(tmp_path: Path) -> None:
    """Copies differing in case, spacing and punctuation go; the first stays."""
    step = ExactDedup()
    step.bind(tmp_path)
    docs = [Document("Hello, World!", "a"), Document("hello   world", "b"), Document("other", "c")]
    out = list(step.run(docs))
    assert [d.id for d in out] == ["a", "c"]
    assert step.stats.removed == {"exact_duplicate": 1}
    assert out[0].metadata["exact_cluster"] == 0


def test_minhash_finds_pairs_at_threshold_and_not_below(tmp_path: Path) -> None:
    """Pairs above the configured Jaccard are removed; pairs clearly below it are kept."""
    rng = random.Random(1)
    step = MinhashDedup(threshold=0.7)
    step.bind(tmp_path)
    docs, similar, different = [], [], []
    for k in range(15):
        base = _text(rng)
        docs.append(Document(base, f"s{k}"))
        docs.append(Document(_with_jaccard(rng, base, 0.8, 0.95), f"s{k}-near"))
        similar.append(f"s{k}-near")
        base2 = _text(rng)
        docs.append(Document(base2, f"d{k}"))
        docs.append(Document(_with_jaccard(rng, base2, 0.35, 0.5), f"d{k}-far"))
        different.append(f"d{k}-far")
    kept = {d.id for d in step.run(docs)}
    assert not set(similar) & kept, "every pair above the threshold is found"
    assert set(different) <= kept, "no pair well below the threshold is removed"
    assert step.stats.removed["near_duplicate"] == 15


def test_minhash_cluster_ids_and_curve(tmp_path: Path) -> None:
    """Three copies form one cluster: one stays, carrying the cluster id; the curve prints."""
    rng = random.Random(2)
    base = _text(rng)
    step = MinhashDedup(rejects=str(tmp_path / "rejects"))
    step.bind(tmp_path / "step")
    docs = [Document(base, "a"), Document(base + " extra", "b"), Document("x " + base, "c"), Document(_text(rng), "d")]
    out = list(step.run(docs))
    assert [d.id for d in out] == ["a", "d"]
    assert out[0].metadata["minhash_cluster"] == 0 and "minhash_cluster" not in out[1].metadata
    assert (tmp_path / "rejects" / "00000.jsonl").read_text().count("near_duplicate") == 2
    assert "P(candidate)" in step.describe() and "0.70" in step.describe()
