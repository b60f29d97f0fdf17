"""`text` answers: a string, stripped, within the question's length bounds."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import TextQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

RECORD = Record(prompt="Write a haiku.", responses=({"content": "An old pond."},))
SPACE = st.text(alphabet=" \t\n", max_size=3)
BODY = st.text(min_size=1, max_size=30).map(str.strip).filter(bool)


def reject(question: TextQuestion, value: Any, record: Record = RECORD) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.validate_answer(value, record)
    return info.value


@FAST
@given(SPACE, BODY, SPACE)
def test_text_returned_stripped(before: str, body: str, after: str) -> None:
    """Surrounding whitespace is dropped from what is stored."""
    question = TextQuestion(name="q", max_length=30)
    assert question.validate_answer(before + body + after, RECORD) == body


@FAST
@given(BODY, SPACE)
def test_too_short_after_strip_rejected(body: str, pad: str) -> None:
    """Padding does not count towards min_length."""
    err = reject(TextQuestion(name="q", min_length=len(body) + 1), pad + body + pad)
    assert err.field is None and f"got {len(body)}" in err.message


@FAST
@given(SPACE)
def test_blank_rejected(blank: str) -> None:
    """Whitespace alone is no answer with the default min_length of 1."""
    err = reject(TextQuestion(name="q"), blank)
    assert err.message == "expected at least 1 character (after stripping); got 0"


@FAST
@given(BODY)
def test_too_long_rejected(body: str) -> None:
    """A text longer than max_length names both lengths."""
    err = reject(TextQuestion(name="q", max_length=len(body) - 1, min_length=0), body)
    assert err.message.startswith(f"expected at most {len(body) - 1} character")
    assert err.message.endswith(f"(after stripping); got {len(body)}")


@FAST
@given(st.one_of(st.integers(), st.booleans(), st.none(), st.lists(st.text()), st.floats()))
def test_non_string_rejected(value: Any) -> None:
    """Only a string is a text answer."""
    assert reject(TextQuestion(name="q", min_length=0), value).field is None


def test_edit_without_response_rejected() -> None:
    """Editing response 1 of a record with one response is an error about the record."""
    err = reject(TextQuestion(name="q", mode="edit", response=1), "Better.")
    assert err.message.startswith("record has no response 1")


def test_edit_with_response_accepted() -> None:
    """Editing an existing response returns the edited text."""
    assert TextQuestion(name="q", mode="edit").validate_answer(" Frog. ", RECORD) == "Frog."


@FAST
@given(st.integers(1, 50), st.integers(1, 50))
def test_max_below_min_in_definition_rejected(min_length: int, drop: int) -> None:
    """A definition no text can satisfy is rejected."""
    with pytest.raises(pydantic.ValidationError):
        TextQuestion(name="q", min_length=min_length, max_length=min_length - drop)
