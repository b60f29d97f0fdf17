"""FineWeb line rules (Penedo et al. 2024), defaults from its release: at least 12% of lines
end in punctuation, at most 67% of lines are under 30 characters, at most 1% of characters sit
in duplicated lines, and at most 0.3 newlines per word (list-like pages).
"""

from __future__ import annotations

from loopline.curate.base import BaseFilter
from loopline.curate.document import Document
from loopline.curate.filters._text import TERMINAL_PUNCTUATION, WORDS


class FineWebQualityFilter(BaseFilter):
    type = "fineweb_quality"

    def __init__(
        self, line_punct_thr: float = 0.12, short_line_thr: float = 0.67, short_line_length: int = 30,
        char_duplicates_ratio: float = 0.01, new_line_ratio: float = 0.3, rejects: str | None = None,
    ) -> None:
        super().__init__(rejects)
        self.line_punct_thr, self.short_line_thr = line_punct_thr, short_line_thr
        self.short_line_length = short_line_length
        self.char_duplicates_ratio, self.new_line_ratio = char_duplicates_ratio, new_line_ratio

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
        if not lines:
            return False, "empty"
        if sum(ln.endswith(TERMINAL_PUNCTUATION) for ln in lines) / len(lines) < self.line_punct_thr:
            return False, "line_punct_ratio"
        if sum(len(ln) <= self.short_line_length for ln in lines) / len(lines) > self.short_line_thr:
            return False, "short_line_ratio"
        seen: set[str] = set()
        dup_chars = 0
        for ln in lines:
            if ln in seen:
                dup_chars += len(ln)
            seen.add(ln)
        if dup_chars / max(sum(map(len, lines)), 1) > self.char_duplicates_ratio:
            return False, "char_dup_ratio"
        words = len(WORDS.findall(doc.text))
        if words and doc.text.count("\n") / words > self.new_line_ratio:
            return False, "list_ratio"
        return True
