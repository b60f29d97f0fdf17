"""Language identification with py3langid (BSD; its model ships inside the pip package, so
nothing is downloaded at run time). Only the first `max_chars` characters are classified:
py3langid costs ~1 ms per 300 characters, the slowest step otherwise, and a few hundred
characters decide the language as well as a whole page. Keeps documents in `languages` whose normalized
probability reaches `threshold`, and records `language` and `language_score` in metadata.
"""

from __future__ import annotations

from typing import Any

from loopline.curate.base import BaseFilter
from loopline.curate.document import Document

_IDENTIFIER: Any = None


def identifier() -> Any:
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import _load_identifier

        _IDENTIFIER = _load_identifier(norm_probs=True)
    return _IDENTIFIER


class LanguageFilter(BaseFilter):
    type = "language_filter"

    def __init__(
        self, languages: list[str] | None = None, threshold: float = 0.65, max_chars: int = 400,
        rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        self.languages = set(languages or ["en"])
        self.threshold = threshold
        self.max_chars = max_chars

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        language, score = identifier().classify(doc.text[: self.max_chars])
        doc.metadata["language"] = language
        doc.metadata["language_score"] = round(float(score), 4)
        if language not in self.languages:
            return False, "wrong_language"
        if score < self.threshold:
            return False, "low_language_score"
        return True
