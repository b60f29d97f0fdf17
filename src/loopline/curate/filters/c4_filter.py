"""C4 rules (Raffel et al. 2020): keep lines that end in terminal punctuation and have at
least 3 words, drop lines mentioning javascript or cookie/terms policies, and drop documents
with "lorem ipsum", a curly bracket (code), a word over 1,000 characters, or under 5 sentences
left. Lines are removed from the text (counted); whole-document drops get a reason.
"""

from __future__ import annotations

import re

from loopline.curate.base import BaseFilter
from loopline.curate.document import Document
from loopline.curate.filters._text import TERMINAL_PUNCTUATION

_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


class C4QualityFilter(BaseFilter):
    type = "c4_quality"

    def __init__(
        self, min_words_per_line: int = 3, min_sentences: int = 5, max_word_length: int = 1000,
        remove_citations: bool = True, rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        self.min_words_per_line = min_words_per_line
        self.min_sentences = min_sentences
        self.max_word_length = max_word_length
        self.remove_citations = remove_citations

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        lower = doc.text.lower()
        if "lorem ipsum" in lower:
            return False, "lorem_ipsum"
        if "{" in doc.text:
            return False, "curly_bracket"
        kept: list[str] = []
        counters = self.stats.counters
        for line in doc.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            if self.remove_citations and "[" in line:
                line = re.sub(r"\[\d+\]|\[citation needed\]|\[edit\]", "", line, flags=re.I).strip()
            words = line.split()
            if any(len(w) > self.max_word_length for w in words):
                return False, "too_long_word"
            if not line.endswith(TERMINAL_PUNCTUATION):
                counters["line_no_terminal_punctuation"] += 1
                continue
            if len(words) < self.min_words_per_line:
                counters["line_too_few_words"] += 1
                continue
            low = line.lower()
            if "javascript" in low:
                counters["line_javascript"] += 1
                continue
            if any(p in low for p in _POLICY):
                counters["line_policy"] += 1
                continue
            kept.append(line)
        text = "\n".join(kept)
        if len(_SENTENCE_END.findall(text)) < self.min_sentences:
            return False, "too_few_sentences"
        doc.text = text
        return True
