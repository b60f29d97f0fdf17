"""`rating` answers: an int on the question's scale, never a bool, float or string."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import RatingQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

RECORD = Record(prompt="Rate this.", responses=({"content": "one"}, {"content": "two"}))
SCALES = st.tuples(st.integers(-10, 10), st.integers(1, 10)).map(lambda t: (t[0], t[0] + t[1]))


def reject(question: RatingQuestion, value: Any, record: Record = RECORD) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.validate_answer(value, record)
    return info.value


@FAST
@given(SCALES, st.data())
def test_score_on_scale_accepted(scale: tuple[int, int], data: st.DataObject) -> None:
    """Every int from min to max is its own normal form."""
    score = data.draw(st.integers(*scale))
    question = RatingQuestion(name="q", min=scale[0], max=scale[1])
    assert question.validate_answer(score, RECORD) == score


@FAST
@given(SCALES, st.integers(-100, 100))
def test_score_off_scale_rejected(scale: tuple[int, int], score: int) -> None:
    """A score outside min..max names the score and the range."""
    assume(not scale[0] <= score <= scale[1])
    err = reject(RatingQuestion(name="q", min=scale[0], max=scale[1]), score)
    assert err.field is None
    assert err.message == f"rating {score} is out of range {scale[0]}..{scale[1]}"


@FAST
@given(st.booleans())
def test_bool_rejected(value: bool) -> None:
    """True is not 1: a bool is not a score even when 0 and 1 are on the scale."""
    err = reject(RatingQuestion(name="q", min=0, max=1), value)
    assert f"got {value!r} (bool)" in err.message


@FAST
@given(st.one_of(st.floats(), st.integers(1, 5).map(str), st.none(), st.lists(st.integers())))
def test_non_int_rejected(value: Any) -> None:
    """Floats, numeric strings and other types are rejected, not coerced."""
    assert reject(RatingQuestion(name="q"), value).field is None


def test_missing_rated_response_rejected() -> None:
    """Rating response 2 of a record with two responses is an error about the record."""
    err = reject(RatingQuestion(name="q", response=2), 3)
    assert err.field is None and err.message.startswith("record has no response 2")


def test_present_rated_response_accepted() -> None:
    """Rating an existing response works like rating the record."""
    assert RatingQuestion(name="q", response=1).validate_answer(4, RECORD) == 4


@FAST
@given(st.integers(-5, 5), st.integers(0, 10))
def test_empty_scale_rejected(low: int, drop: int) -> None:
    """A definition with max <= min has no valid score."""
    with pytest.raises(pydantic.ValidationError):
        RatingQuestion(name="q", min=low, max=low - drop)


def test_label_off_scale_rejected() -> None:
    """A named score must be on the scale."""
    with pytest.raises(pydantic.ValidationError):
        RatingQuestion(name="q", min=1, max=5, labels={0: "awful", 5: "great"})


def test_negative_response_rejected() -> None:
    """A response index is never negative."""
    with pytest.raises(pydantic.ValidationError):
        RatingQuestion(name="q", response=-1)
