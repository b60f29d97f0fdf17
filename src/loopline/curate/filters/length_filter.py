"""Drop documents that are too short or too long, in characters or words."""

from __future__ import annotations

from loopline.curate.base import BaseFilter
from loopline.curate.document import Document
from loopline.curate.filters._text import WORDS


class LengthFilter(BaseFilter):
    type = "length_filter"

    def __init__(
        self, min_chars: int = 0, max_chars: int | None = None, min_words: int = 0,
        max_words: int | None = None, rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        self.min_chars, self.max_chars = min_chars, max_chars
        self.min_words, self.max_words = min_words, max_words

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        n = len(doc.text)
        if n < self.min_chars:
            return False, "too_short"
        if self.max_chars is not None and n > self.max_chars:
            return False, "too_long"
        if self.min_words or self.max_words is not None:
            count = len(WORDS.findall(doc.text))
            if count < self.min_words:
                return False, "too_few_words"
            if self.max_words is not None and count > self.max_words:
                return False, "too_many_words"
        return True
