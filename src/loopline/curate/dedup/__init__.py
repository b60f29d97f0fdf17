"""Exact, near-duplicate (MinHash LSH) and semantic (MiniLM) deduplication."""

from loopline.curate.dedup.exact_dedup import ExactDedup
from loopline.curate.dedup.minhash_dedup import MinhashDedup
from loopline.curate.dedup.semantic_dedup import SemanticDedup

__all__ = ["ExactDedup", "MinhashDedup", "SemanticDedup"]
