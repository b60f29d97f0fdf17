"""Keep documents on a topic: by keywords, or by embedding similarity to example texts.

With `keywords`, a document needs `min_keyword_hits` occurrences (whole words, any case).
With `examples`, its MiniLM embedding must reach cosine `min_similarity` with the closest
example. Both given: either test passing keeps it. Scores go to metadata (`relevance`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np

from loopline.curate.base import BaseFilter
from loopline.curate.document import Document


class RelevanceFilter(BaseFilter):
    type = "relevance_filter"

    def __init__(
        self, keywords: list[str] | None = None, min_keyword_hits: int = 1,
        examples: list[str] | None = None, min_similarity: float = 0.4, batch_size: int = 64,
        rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        if not keywords and not examples:
            raise ValueError("give keywords, examples, or both")
        self.keywords = keywords or []
        self.min_keyword_hits = min_keyword_hits
        self.examples = examples or []
        self.min_similarity = min_similarity
        self.batch_size = batch_size
        self._regex = (
            re.compile(r"\b(?:" + "|".join(re.escape(k) for k in self.keywords) + r")\b", re.I)
            if self.keywords else None
        )
        self._example_vectors: np.ndarray | None = None

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if self._regex is not None and len(self._regex.findall(doc.text)) >= self.min_keyword_hits:
            return True
        if self.examples:
            score = doc.metadata.get("relevance", -1.0)
            return (True if score >= self.min_similarity else (False, "off_topic"))
        return False, "no_keywords"

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        if not self.examples:
            yield from super().run(docs, rank, world_size)
            return
        yield from super().run(self._scored(docs), rank, world_size)

    def _scored(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Embed in batches (the encoder is far faster per batch than per text)."""
        from loopline.curate.embedding import embed

        if self._example_vectors is None:
            self._example_vectors = embed(self.examples)
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._score(batch, embed)
                batch = []
        yield from self._score(batch, embed)

    def _score(self, batch: list[Document], embed) -> Iterator[Document]:  # type: ignore[no-untyped-def]
        if not batch:
            return
        sims = embed([d.text for d in batch]) @ self._example_vectors.T  # type: ignore[union-attr]
        for doc, row in zip(batch, sims.max(axis=1)):
            doc.metadata["relevance"] = round(float(row), 4)
            yield doc
