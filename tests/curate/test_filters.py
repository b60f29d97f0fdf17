"""Each filter's exact drop reason on small hand-made documents."""

from __future__ import annotations

from loopline.curate import (
    C4QualityFilter, Document, FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter,
    LanguageFilter, LengthFilter, RelevanceFilter,
)

PROSE = (
    "The river runs past the old mill and the village wakes early to the sound of the water. "
    "Farmers bring their goods to the market that opens on the square every Saturday morning. "
    "Children walk to the school with their friends and talk about the games they will play. "
    "In the evening the families gather to share a meal and to tell stories of the day.\n"
    "Visitors often say that the place has a calm that is hard to find in the busy cities. "
    "The baker is known for bread that is still warm when the first customers arrive at dawn."
)


def _reason(step, text: str):  # type: ignore[no-untyped-def]
    result = step.filter(Document(text, "x"))
    return result if isinstance(result, bool) else result[1]


def test_good_prose_passes_every_quality_filter() -> None:
    """Plain prose passes Gopher, C4 and FineWeb rules."""
    for step in (GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter()):
        assert _reason(step, PROSE) is True, step.type


def test_length_filter_reasons() -> None:
    assert _reason(LengthFilter(min_chars=10), "short") == "too_short"
    assert _reason(LengthFilter(max_chars=3), "too long") == "too_long"
    assert _reason(LengthFilter(min_words=3), "two words") == "too_few_words"


def test_gopher_quality_reasons() -> None:
    f = GopherQualityFilter()
    assert _reason(f, "the cat and the dog") == "gopher_short_doc"
    assert _reason(f, " ".join(["the", "of", "x"] * 30)) == "gopher_below_avg_word_length"
    assert _reason(f, " ".join(["and", "the"] + ["incomprehensibilities"] * 60)) == "gopher_above_avg_word_length"
    assert _reason(f, PROSE + " #tag" * 40) == "gopher_too_many_symbols"
    assert _reason(f, "\n".join(f"- item number {i} with the words" for i in range(60))) == "gopher_too_many_bullets"
    assert _reason(f, "\n".join(f"and the story went on and on for a long long time here {i}..." for i in range(60))) == "gopher_too_many_end_ellipsis"
    assert _reason(f, " ".join(["1234"] * 60 + ["the", "and"] * 3)) == "gopher_below_alpha_threshold"
    assert _reason(f, " ".join(["river", "stone", "green"] * 30)) == "gopher_too_few_stop_words"


def test_gopher_repetition_reasons() -> None:
    f = GopherRepetitionFilter()
    assert _reason(f, "\n\n".join(["Same paragraph here."] * 5 + ["other"])) == "dup_para_frac"
    assert _reason(f, "\n".join(["the same line again"] * 5 + ["one", "two"])) == "dup_line_frac"
    assert _reason(f, "buy now " * 40 + PROSE) == "top_2_gram"
    repeated = "the river runs past the old mill and the village " * 3
    assert _reason(f, repeated + PROSE) == "duplicated_5_n_grams"


def test_c4_reasons_and_line_removal() -> None:
    f = C4QualityFilter()
    assert _reason(f, PROSE + "\nlorem ipsum dolor.") == "lorem_ipsum"
    assert _reason(f, PROSE + "\nfunction() { return 1; }") == "curly_bracket"
    assert _reason(f, "One sentence here.") == "too_few_sentences"
    doc = Document(PROSE + "\nPlease enable JavaScript to view this page.\nMenu\nRead our privacy policy today.", "x")
    assert f.filter(doc) is True
    assert doc.text == PROSE.replace("\n", "\n")
    assert f.stats.counters["line_javascript"] == 1 and f.stats.counters["line_policy"] == 1


def test_fineweb_reasons() -> None:
    f = FineWebQualityFilter()
    assert _reason(f, "no punctuation here\nnone here either\nor here") == "line_punct_ratio"
    assert _reason(f, "Short.\nTiny.\nSmall.\n" + PROSE.split("\n")[0]) == "short_line_ratio"
    assert _reason(f, PROSE + "\n" + PROSE.split("\n")[1]) == "char_dup_ratio"
    assert _reason(f, "\n".join(f"Internationalization considerations {i}." for i in range(30))) == "list_ratio"


def test_language_filter() -> None:
    """English passes with its score in metadata; German is dropped as wrong_language."""
    f = LanguageFilter(languages=["en"])
    doc = Document(PROSE, "x")
    assert f.filter(doc) is True
    assert doc.metadata["language"] == "en" and doc.metadata["language_score"] > 0.9
    german = "Der Fluss fließt an der alten Mühle vorbei und das Dorf erwacht früh am Morgen mit dem Geräusch des Wassers."
    assert _reason(f, german) == "wrong_language"


def test_relevance_keywords() -> None:
    """Keyword relevance keeps on-topic documents and drops the rest as no_keywords."""
    f = RelevanceFilter(keywords=["refund", "shipping"], min_keyword_hits=1)
    out = list(f.run([Document("Where is my shipping label?", "a"), Document("Solve x^2 = 4.", "b")]))
    assert [d.id for d in out] == ["a"]
    assert f.stats.removed == {"no_keywords": 1}
