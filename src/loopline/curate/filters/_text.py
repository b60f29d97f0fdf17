"""Word splitting shared by the filters: one C-level regex instead of a tokenizer model.

datatrove tokenizes with spaCy, which its own measurements show dominates its filter cost;
`\\w+` with punctuation kept as separate tokens gives the same counts on English web text.
"""

from __future__ import annotations

import re

WORDS = re.compile(r"\w+(?:['’]\w+)*")
TOKENS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]+")
TERMINAL_PUNCTUATION = (".", "!", "?", '"', "'", "”", "’", "…", ":", ";", ")")

# The Gopher paper's stop words: a document must contain a few of them.
GOPHER_STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})


def words(text: str) -> list[str]:
    return WORDS.findall(text)
