"""Unicode repair (ftfy), NFKC, control characters and whitespace.

ASCII text cannot hold mojibake nor change under NFKC, so it skips both: on web text that
fast path spares most of ftfy's cost, the slowest part of normalization.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from loopline.curate.base import PipelineStep
from loopline.curate.document import Document

# C0/C1 controls except tab and newline, plus invisible format characters (zero-width, BOM,
# soft hyphen, bidi overrides) that break word counts and hashes.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_EDGE_SPACES = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")


class TextNormalizer(PipelineStep):
    type = "text_normalizer"

    def __init__(
        self, fix_unicode: bool = True, nfkc: bool = True, remove_control: bool = True,
        whitespace: bool = True,
    ) -> None:
        super().__init__()
        self.fix_unicode = fix_unicode
        self.nfkc = nfkc
        self.remove_control = remove_control
        self.whitespace = whitespace

    def normalize(self, text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.isascii():
            if self.fix_unicode:
                import ftfy

                text = ftfy.fix_text(text, normalization=None)
            if self.nfkc:
                text = unicodedata.normalize("NFKC", text)
        if self.remove_control:
            text = _INVISIBLE.sub("", text)
        if self.whitespace:
            text = _SPACES.sub(" ", text)
            text = _EDGE_SPACES.sub("\n", text)
            text = _BLANK_LINES.sub("\n\n", text).strip()
        return text

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        stats = self.stats
        for doc in docs:
            stats.docs_in += 1
            before = doc.text
            doc.text = self.normalize(before)
            if doc.text != before:
                stats.counters["changed"] += 1
            if not doc.text:
                stats.drop("empty_after_normalization", doc.id, before)
                continue
            stats.docs_out += 1
            yield doc
