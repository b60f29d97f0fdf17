"""`spans` answers: labelled ranges of the target text and relations between them."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import SpansQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

LABELS = ["PER", "ORG"]
QUESTION = SpansQuestion(name="ents", labels=LABELS, relations=["works_for"])
TEXT = "Ada Lovelace worked with Charles Babbage."
RECORD = Record(prompt=TEXT, responses=({"content": "Noted."},))


def reject(question: SpansQuestion, value: Any, record: Record = RECORD) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.validate_answer(value, record)
    return info.value


def span(start: int, end: int, label: str = "PER", **extra: Any) -> dict[str, Any]:
    return {"start": start, "end": end, "label": label, **extra}


@st.composite
def annotations(draw: st.DrawFn, min_spans: int = 0) -> tuple[str, list[dict[str, Any]]]:
    """A text and distinct valid spans over it, in any order, `text` sometimes given."""
    text = draw(st.text(min_size=max(1, min_spans), max_size=20))
    bounds = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(
        lambda b: b[0] < b[1]
    )
    keyed = st.tuples(bounds, st.sampled_from(LABELS))
    keys = draw(st.lists(keyed, min_size=min_spans, max_size=5, unique=True))
    spans = []
    for (start, end), label in keys:
        extra = {"text": text[start:end]} if draw(st.booleans()) else {}
        spans.append(span(start, end, label, **extra))
    return text, spans


@FAST
@given(annotations())
def test_spans_sorted_with_text_filled_in(annotation: tuple[str, list[dict[str, Any]]]) -> None:
    """Spans come back sorted by (start, end, label), each with its text."""
    text, spans = annotation
    result = QUESTION.validate_answer({"spans": spans}, Record(prompt=text))
    expected = sorted((s["start"], s["end"], s["label"]) for s in spans)
    assert [(s["start"], s["end"], s["label"]) for s in result["spans"]] == expected
    assert all(s["text"] == text[s["start"] : s["end"]] for s in result["spans"])
    assert result["relations"] == []


@FAST
@given(annotations(min_spans=2), st.data())
def test_relations_follow_their_spans(
    annotation: tuple[str, list[dict[str, Any]]], data: st.DataObject
) -> None:
    """Relations are remapped to the sorted spans and still join the same spans."""
    text, spans = annotation
    pairs = st.permutations(range(len(spans))).map(lambda p: (p[0], p[1]))
    links = data.draw(st.lists(pairs, min_size=1, max_size=4, unique=True))
    relations = [{"from": a, "to": b, "label": "works_for"} for a, b in links]
    result = QUESTION.validate_answer({"spans": spans, "relations": relations}, Record(prompt=text))

    def key(s: dict[str, Any]) -> tuple[int, int, str]:
        return (s["start"], s["end"], s["label"])

    spans_out = result["spans"]
    got = {(key(spans_out[r["from"]]), key(spans_out[r["to"]])) for r in result["relations"]}
    assert got == {(key(spans[a]), key(spans[b])) for a, b in links}
    assert result["relations"] == sorted(result["relations"], key=lambda r: (r["from"], r["to"]))


@FAST
@given(annotations())
def test_normal_form_is_stable(annotation: tuple[str, list[dict[str, Any]]]) -> None:
    """Validating a normal form gives it back unchanged."""
    text, spans = annotation
    record = Record(prompt=text)
    normal = QUESTION.validate_answer({"spans": spans}, record)
    assert QUESTION.validate_answer(normal, record) == normal


@FAST
@given(st.integers(max_value=-1))
def test_negative_start_rejected(start: int) -> None:
    """A span cannot start before the text."""
    err = reject(QUESTION, {"spans": [span(0, 3), span(start, 3)]})
    assert err.field == "spans.1.start"


@FAST
@given(st.integers(min_value=len(TEXT) + 1))
def test_end_past_text_rejected(end: int) -> None:
    """A span cannot end after the text; the message gives the text length."""
    err = reject(QUESTION, {"spans": [span(0, end)]})
    assert err.field == "spans.0.end"
    assert err.message == f"end {end} is past the end of the text (length {len(TEXT)})"


@FAST
@given(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)))
def test_empty_or_reversed_span_rejected(start: int, end: int) -> None:
    """A span needs end > start."""
    assume(end <= start)
    assert reject(QUESTION, {"spans": [span(start, end)]}).field == "spans.0.end"


@FAST
@given(st.one_of(st.text().filter(lambda s: s not in LABELS), st.integers(), st.none()))
def test_unknown_label_rejected(label: Any) -> None:
    """A span label must be one of the question's labels."""
    err = reject(QUESTION, {"spans": [span(0, 3, label)]})
    assert err.field == "spans.0.label"


def test_unknown_label_message() -> None:
    """The label message lists the labels and echoes the bad one."""
    err = reject(QUESTION, {"spans": [span(0, 3, "LOC")]})
    assert err.message == "expected one of 'PER', 'ORG'; got 'LOC'"


@FAST
@given(st.text(max_size=5).filter(lambda t: t != "Ada"))
def test_wrong_text_rejected(text: str) -> None:
    """A given `text` must match the range it claims to cover."""
    err = reject(QUESTION, {"spans": [span(0, 3, text=text)]})
    assert err.field == "spans.0.text" and "'Ada'" in err.message


@FAST
@given(st.sampled_from(["start", "end"]), st.one_of(st.booleans(), st.floats(), st.text()))
def test_non_int_offset_rejected(key: str, bad: Any) -> None:
    """Offsets are ints: True, 1.0 and "1" are rejected at the offset."""
    err = reject(QUESTION, {"spans": [span(0, 3), {**span(4, 12), key: bad}]})
    assert err.field == f"spans.1.{key}"


def test_overlap_rejected_when_not_allowed() -> None:
    """Without allow_overlap, the later of two overlapping spans is reported."""
    question = SpansQuestion(name="ents", labels=LABELS, allow_overlap=False)
    err = reject(question, {"spans": [span(4, 12), span(0, 5)]})
    assert err.field == "spans.0" and "overlaps span 1" in err.message


def test_overlap_accepted_when_allowed() -> None:
    """By default spans may overlap."""
    result = QUESTION.validate_answer({"spans": [span(0, 12), span(4, 12, "ORG")]}, RECORD)
    assert len(result["spans"]) == 2


@FAST
@given(st.lists(st.integers(0, len(TEXT)), min_size=2, max_size=8, unique=True))
def test_touching_spans_accepted_without_overlap(cuts: list[int]) -> None:
    """Adjacent spans (one ends where the next starts) do not overlap."""
    cuts.sort()
    spans = [span(a, b) for a, b in zip(cuts, cuts[1:])][::-1]
    question = SpansQuestion(name="ents", labels=LABELS, allow_overlap=False)
    assert len(question.validate_answer({"spans": spans}, RECORD)["spans"]) == len(spans)


def test_repeated_span_rejected() -> None:
    """The same start, end and label twice is one span given twice."""
    err = reject(QUESTION, {"spans": [span(0, 3), span(4, 12), span(0, 3, text="Ada")]})
    assert err.field == "spans.2" and "repeats span 0" in err.message


def test_relations_rejected_without_relation_labels() -> None:
    """A question without relation labels takes no relations."""
    question = SpansQuestion(name="ents", labels=LABELS)
    relations = [{"from": 0, "to": 1, "label": "works_for"}]
    err = reject(question, {"spans": [span(0, 3), span(4, 12)], "relations": relations})
    assert err.field == "relations"


@FAST
@given(st.sampled_from(["from", "to"]), st.one_of(st.integers(max_value=-1), st.integers(2)))
def test_relation_to_missing_span_rejected(key: str, index: int) -> None:
    """A relation end must index an existing span."""
    relation = {"from": 0, "to": 1, "label": "works_for", key: index}
    err = reject(QUESTION, {"spans": [span(0, 3), span(4, 12)], "relations": [relation]})
    assert err.field == f"relations.0.{key}"


def test_relation_to_itself_rejected() -> None:
    """A relation joins two different spans."""
    relation = {"from": 1, "to": 1, "label": "works_for"}
    err = reject(QUESTION, {"spans": [span(0, 3), span(4, 12)], "relations": [relation]})
    assert err.field == "relations.0.to"


def test_unknown_relation_label_rejected() -> None:
    """A relation label must be one of the question's relations."""
    relation = {"from": 0, "to": 1, "label": "knows"}
    err = reject(QUESTION, {"spans": [span(0, 3), span(4, 12)], "relations": [relation]})
    assert err.field == "relations.0.label"


def test_repeated_relation_rejected() -> None:
    """The same relation twice is reported at the repeat."""
    relation = {"from": 0, "to": 1, "label": "works_for"}
    err = reject(QUESTION, {"spans": [span(0, 3), span(4, 12)], "relations": [relation] * 2})
    assert err.field == "relations.1"


def test_missing_spans_key_rejected() -> None:
    """The spans list is required, even if empty."""
    err = reject(QUESTION, {"relations": []})
    assert err.field == "spans" and err.message == "missing required key 'spans'"


@FAST
@given(st.one_of(st.lists(st.integers()), st.text(), st.none()))
def test_non_object_rejected(value: Any) -> None:
    """A bare list of spans is not an answer: the answer is an object."""
    assert reject(QUESTION, value).field is None


def test_offsets_are_code_points() -> None:
    """An emoji is one character: offsets index the Python string."""
    record = Record(prompt="I ❤️ 🐍 code")
    snake = record.prompt.index("🐍")
    result = QUESTION.validate_answer({"spans": [span(snake, snake + 1, "ORG")]}, record)
    assert result["spans"][0]["text"] == "🐍"


def test_prompt_of_chat_is_last_user_message() -> None:
    """In a conversation, target 'prompt' is the last user message."""
    record = Record(
        messages=[
            {"role": "user", "content": "Hello there"},
            {"role": "assistant", "content": "Hi"},
            {"role": "user", "content": "Grace Hopper"},
        ]
    )
    result = QUESTION.validate_answer({"spans": [span(0, 5)]}, record)
    assert result["spans"][0]["text"] == "Grace"


@pytest.mark.parametrize(
    ("target", "text"), [("response:0", "Noted"), ("prompt", "Ada L")], ids=["response", "prompt"]
)
def test_target_selects_text(target: str, text: str) -> None:
    """`target` picks which text the offsets index."""
    question = SpansQuestion(name="ents", labels=LABELS, target=target)
    assert question.validate_answer({"spans": [span(0, 5)]}, RECORD)["spans"][0]["text"] == text


def test_target_message_selects_text() -> None:
    """Target 'message:N' indexes the record's messages."""
    messages = [{"role": "system", "content": "Be kind"}, {"role": "user", "content": "x"}]
    record = Record(messages=messages)
    question = SpansQuestion(name="ents", labels=LABELS, target="message:0")
    assert question.validate_answer({"spans": [span(3, 7)]}, record)["spans"][0]["text"] == "kind"


@pytest.mark.parametrize("target", ["response:1", "message:0"])
def test_missing_target_rejected(target: str) -> None:
    """A target the record lacks is an error about the record, not a span."""
    question = SpansQuestion(name="ents", labels=LABELS, target=target)
    err = reject(question, {"spans": []})
    assert err.field is None and err.message.startswith("record has no ")


@pytest.mark.parametrize("field", ["labels", "relations"])
def test_duplicate_labels_in_definition_rejected(field: str) -> None:
    """Span and relation labels are each named once."""
    with pytest.raises(pydantic.ValidationError):
        SpansQuestion(name="ents", **{"labels": LABELS, field: ["X", "X"]})
