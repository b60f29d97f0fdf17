"""Drop short boilerplate lines (cookie notices, share buttons, navigation) from web text.

Only lines of at most `max_line_words` words are tested, so a real paragraph that happens to
mention cookies survives. Counts the lines it removed; drops a document left empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from loopline.curate.base import PipelineStep
from loopline.curate.document import Document

DEFAULT_PATTERNS = [
    r"\bcookies?\b", r"all rights reserved", r"^copyright\b|©", r"click here", r"skip to (main )?content",
    r"share (this|on)", r"(sign up|subscribe) (for|to) (our|the) newsletter", r"^(log ?in|sign ?in|sign up|register)$",
    r"javascript", r"terms (of use|and conditions|of service)", r"privacy policy", r"^(home|menu|search|next|previous|back to top)$",
    r"^(facebook|twitter|instagram|linkedin|pinterest|whatsapp|email|print)( \| .*)?$", r"read more\W*$",
]


class BoilerplateRemover(PipelineStep):
    type = "boilerplate_remover"

    def __init__(self, patterns: list[str] | None = None, max_line_words: int = 12) -> None:
        super().__init__()
        self.patterns = DEFAULT_PATTERNS if patterns is None else patterns
        self.max_line_words = max_line_words
        self._regex = re.compile("|".join(f"(?:{p})" for p in self.patterns), re.I)

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        stats = self.stats
        search = self._regex.search
        for doc in docs:
            stats.docs_in += 1
            lines = doc.text.split("\n")
            kept = [ln for ln in lines if len(ln.split()) > self.max_line_words or not search(ln.strip())]
            if len(kept) != len(lines):
                stats.counters["lines_removed"] += len(lines) - len(kept)
                text = "\n".join(kept).strip()
                if not text:
                    stats.drop("only_boilerplate", doc.id, doc.text)
                    continue
                doc.text = text
            stats.docs_out += 1
            yield doc
