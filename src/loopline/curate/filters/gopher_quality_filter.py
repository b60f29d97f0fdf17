"""Gopher quality rules (Rae et al. 2021, "Scaling Language Models", appendix A.1.1).

Defaults are the paper's: 50-100,000 words, mean word length 3-10 characters, at most 0.1
symbols (`#`, `...`) per word, at most 90% of lines starting with a bullet, at most 30% ending
in an ellipsis, at least 80% of words with a letter (`max_non_alpha_words_ratio`, named as
in datatrove, is that minimum share), and at least 2 of the stop words
the, be, to, of, and, that, have, with.
"""

from __future__ import annotations

from loopline.curate.base import BaseFilter
from loopline.curate.document import Document
from loopline.curate.filters._text import GOPHER_STOP_WORDS, TOKENS

_BULLETS = ("•", "*", "-", "–", "‣", "▪", "●", "·")
_ELLIPSIS = ("...", "…")


class GopherQualityFilter(BaseFilter):
    type = "gopher_quality"

    def __init__(
        self, min_doc_words: int = 50, max_doc_words: int = 100_000, min_avg_word_length: float = 3,
        max_avg_word_length: float = 10, max_symbol_word_ratio: float = 0.1,
        max_bullet_lines_ratio: float = 0.9, max_ellipsis_lines_ratio: float = 0.3,
        max_non_alpha_words_ratio: float = 0.8, min_stop_words: int = 2, rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        self.min_doc_words, self.max_doc_words = min_doc_words, max_doc_words
        self.min_avg_word_length, self.max_avg_word_length = min_avg_word_length, max_avg_word_length
        self.max_symbol_word_ratio = max_symbol_word_ratio
        self.max_bullet_lines_ratio = max_bullet_lines_ratio
        self.max_ellipsis_lines_ratio = max_ellipsis_lines_ratio
        self.max_non_alpha_words_ratio = max_non_alpha_words_ratio
        self.min_stop_words = min_stop_words

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        text = doc.text
        tokens = TOKENS.findall(text)
        words = [t for t in tokens if t[0].isalnum() or t[0] == "_"]
        n = len(words)
        if n < self.min_doc_words:
            return False, "gopher_short_doc"
        if n > self.max_doc_words:
            return False, "gopher_long_doc"
        mean = sum(map(len, words)) / n
        if mean < self.min_avg_word_length:
            return False, "gopher_below_avg_word_length"
        if mean > self.max_avg_word_length:
            return False, "gopher_above_avg_word_length"
        symbols = text.count("#") + text.count("...") + text.count("…")
        if symbols / n > self.max_symbol_word_ratio:
            return False, "gopher_too_many_symbols"
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if lines:
            bullets = sum(ln.lstrip().startswith(_BULLETS) for ln in lines)
            if bullets / len(lines) > self.max_bullet_lines_ratio:
                return False, "gopher_too_many_bullets"
            ellipsis = sum(ln.rstrip().endswith(_ELLIPSIS) for ln in lines)
            if ellipsis / len(lines) > self.max_ellipsis_lines_ratio:
                return False, "gopher_too_many_end_ellipsis"
        alpha = n - sum(map(str.isdigit, words))  # a word of digits only has no letter
        if alpha / n < self.max_non_alpha_words_ratio:
            return False, "gopher_below_alpha_threshold"
        if self.min_stop_words:
            seen = 0
            for w in words:
                if w.lower() in GOPHER_STOP_WORDS:
                    seen += 1
                    if seen >= self.min_stop_words:
                        break
            else:
                return False, "gopher_too_few_stop_words"
        return True
