"""`label` answers: one option, or with `multiple` a set stored in options order."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import LabelQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

RECORD = Record(prompt="Is this good?")
OPTIONS = st.lists(st.text(min_size=1).filter(str.strip), min_size=1, max_size=6, unique=True)
NOT_STR = st.one_of(st.integers(), st.booleans(), st.none(), st.floats(), st.lists(st.text()))


def reject(question: LabelQuestion, value: Any) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.validate_answer(value, RECORD)
    return info.value


@FAST
@given(st.data(), OPTIONS)
def test_single_option_accepted(data: st.DataObject, options: list[str]) -> None:
    """Any listed option is its own normal form."""
    choice = data.draw(st.sampled_from(options))
    assert LabelQuestion(name="q", options=options).validate_answer(choice, RECORD) == choice


@FAST
@given(OPTIONS, st.text())
def test_single_unknown_option_rejected(options: list[str], value: str) -> None:
    """A string that is not an option is rejected as a whole."""
    if value in options:
        return
    err = reject(LabelQuestion(name="q", options=options), value)
    assert err.field is None and err.message.startswith("expected one of ")


def test_single_unknown_option_message() -> None:
    """The message lists the options and echoes what was given."""
    err = reject(LabelQuestion(name="q", options=["good", "bad"]), "ok")
    assert err.message == "expected one of 'good', 'bad'; got 'ok'"


@FAST
@given(NOT_STR)
def test_single_non_string_rejected(value: Any) -> None:
    """A non-string answer is rejected, never coerced."""
    assert reject(LabelQuestion(name="q", options=["1", "True", "None"]), value).field is None


@FAST
@given(st.data(), OPTIONS)
def test_multiple_returned_in_options_order(data: st.DataObject, options: list[str]) -> None:
    """A chosen set in any order is stored in options order."""
    chosen = data.draw(st.permutations(options).map(lambda p: p[: max(1, len(p) // 2)]))
    question = LabelQuestion(name="q", options=options, multiple=True)
    assert question.validate_answer(chosen, RECORD) == [o for o in options if o in chosen]


def test_multiple_empty_rejected_when_required() -> None:
    """A required multi-label question needs at least one option."""
    err = reject(LabelQuestion(name="q", options=["a", "b"], multiple=True), [])
    assert err.field is None and "at least one" in err.message


def test_multiple_empty_accepted_when_optional() -> None:
    """An optional multi-label question may be answered with no option."""
    question = LabelQuestion(name="q", options=["a"], multiple=True, required=False)
    assert question.validate_answer([], RECORD) == []


@FAST
@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True), st.data())
def test_multiple_duplicate_rejected_at_repeat(chosen: list[str], data: st.DataObject) -> None:
    """A repeated option is reported at its second occurrence."""
    repeat = data.draw(st.sampled_from(chosen))
    err = reject(LabelQuestion(name="q", options=["a", "b", "c"], multiple=True), [*chosen, repeat])
    assert err.field == str(len(chosen)) and "twice" in err.message


@FAST
@given(st.integers(0, 2), st.one_of(st.text().filter(lambda s: s not in "ab"), NOT_STR))
def test_multiple_unknown_option_rejected_at_index(index: int, bad: Any) -> None:
    """An unknown or non-string entry is reported at its index."""
    chosen = ["a", "b"][: min(index, 2)] + [bad]
    err = reject(LabelQuestion(name="q", options=["a", "b"], multiple=True), chosen)
    assert err.field == str(len(chosen) - 1)


@FAST
@given(st.one_of(st.text(), st.integers(), st.none(), st.dictionaries(st.text(), st.text())))
def test_multiple_non_list_rejected(value: Any) -> None:
    """A multi-label answer must be a list, even a bare valid option is not."""
    assert reject(LabelQuestion(name="q", options=["a"], multiple=True), value).field is None


@FAST
@given(OPTIONS, st.data())
def test_duplicate_options_in_definition_rejected(options: list[str], data: st.DataObject) -> None:
    """A question cannot list the same option twice."""
    with pytest.raises(pydantic.ValidationError):
        LabelQuestion(name="q", options=[*options, data.draw(st.sampled_from(options))])


@FAST
@given(st.text(alphabet=" \t\n", max_size=3))
def test_blank_option_in_definition_rejected(blank: str) -> None:
    """An empty or blank option cannot be shown to annotators."""
    with pytest.raises(pydantic.ValidationError):
        LabelQuestion(name="q", options=["a", blank])
