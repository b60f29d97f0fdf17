"""Normalization: Unicode repair, NFKC, invisible characters, whitespace, boilerplate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loopline.curate import BoilerplateRemover, Document, TextNormalizer
from loopline.curate.normalizers.text_normalizer import _INVISIBLE


def _norm(text: str) -> str:
    return TextNormalizer().normalize(text)


def test_mojibake_is_repaired() -> None:
    """UTF-8 read as Latin-1 is fixed by ftfy."""
    assert _norm("cafÃ© crÃ¨me") == "café crème"


def test_nfkc_fullwidth_and_ligatures() -> None:
    """Fullwidth letters and ligatures fold to their plain forms."""
    assert _norm("ＡＢＣ ﬁne") == "ABC fine"


def test_invisible_and_control_characters_removed() -> None:
    """Zero-width spaces, BOM, soft hyphens and C0 controls go; newlines stay."""
    assert _norm("\ufeffza\u200bhl\u00aden\x07 ok\nnext") == "zahlen ok\nnext"


def test_whitespace_collapsed() -> None:
    """Runs of spaces and tabs become one space; 3+ newlines become a blank line."""
    assert _norm("  a \t\u00a0 b  \r\n\r\n\r\n\n c  ") == "a b\n\nc"


def test_empty_after_normalization_is_dropped() -> None:
    """A document of only invisible characters is removed with its reason."""
    step = TextNormalizer()
    out = list(step.run([Document("\u200b\u200b ", "a"), Document("text", "b")]))
    assert [d.id for d in out] == ["b"]
    assert step.stats.removed == {"empty_after_normalization": 1}


@given(st.text())
def test_normalized_text_is_clean(text: str) -> None:
    """Whatever the input: no controls, no invisible characters, no double or edge spaces."""
    out = _norm(text)
    assert not _INVISIBLE.search(out)
    assert "  " not in out and out == out.strip() and "\n\n\n" not in out


def test_boilerplate_lines_removed() -> None:
    """Short cookie/share/navigation lines go; a long paragraph mentioning cookies stays."""
    long_line = "My grandmother baked cookies every winter and the whole street smelled of butter and sugar for days."
    doc = Document(f"Skip to content\n{long_line}\nWe use cookies.\nShare on Facebook\n© 2024 All rights reserved", "a")
    step = BoilerplateRemover()
    out = list(step.run([doc]))
    assert out[0].text == long_line
    assert step.stats.counters["lines_removed"] == 4
