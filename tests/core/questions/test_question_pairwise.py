"""`pairwise` answers: {"choice", "strength"} checked against the question and the record."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import PairwiseQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

RECORD = Record(prompt="Which is better?", responses=({"content": "A"}, {"content": "B"}))
STRENGTHS = ["slightly", "clearly", "much"]
QUESTION = PairwiseQuestion(name="pref", strengths=STRENGTHS)
NOT_INT = st.one_of(st.booleans(), st.floats(), st.text(), st.lists(st.integers()))


def reject(question: PairwiseQuestion, value: Any, record: Record = RECORD) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.validate_answer(value, record)
    return info.value


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    """Valid answers to QUESTION, the strength key sometimes left out."""
    choice = draw(st.sampled_from(["a", "b", "tie"]))
    if choice == "tie" or draw(st.booleans()):
        return {"choice": choice, **draw(st.sampled_from([{}, {"strength": None}]))}
    return {"choice": choice, "strength": draw(st.integers(0, len(STRENGTHS) - 1))}


@FAST
@given(answers())
def test_valid_answer_normalized(answer: dict[str, Any]) -> None:
    """A valid answer comes back with both keys, strength None when absent."""
    expected = {"choice": answer["choice"], "strength": answer.get("strength")}
    assert QUESTION.validate_answer(answer, RECORD) == expected


@FAST
@given(answers())
def test_normal_form_is_stable(answer: dict[str, Any]) -> None:
    """Validating a normal form gives it back unchanged."""
    normal = QUESTION.validate_answer(answer, RECORD)
    assert QUESTION.validate_answer(normal, RECORD) == normal


def test_tie_rejected_when_not_allowed() -> None:
    """Without allow_tie, 'tie' is reported at 'choice'."""
    err = reject(PairwiseQuestion(name="pref", allow_tie=False), {"choice": "tie"})
    assert err.field == "choice" and "got 'tie'" in err.message


@FAST
@given(st.one_of(st.text().filter(lambda s: s not in ("a", "b", "tie")), st.integers(), st.none()))
def test_unknown_choice_rejected(choice: Any) -> None:
    """A choice other than a, b or tie is reported at 'choice'."""
    err = reject(QUESTION, {"choice": choice})
    assert err.field == "choice" and err.message.startswith("expected ")


@FAST
@given(st.integers(0, 5))
def test_strength_without_strengths_rejected(strength: int) -> None:
    """A question without strengths takes no strength."""
    err = reject(PairwiseQuestion(name="pref"), {"choice": "a", "strength": strength})
    assert err.field == "strength" and "no strengths" in err.message


@FAST
@given(st.integers(0, 2))
def test_strength_on_tie_rejected(strength: int) -> None:
    """A tie has no strength."""
    assert reject(QUESTION, {"choice": "tie", "strength": strength}).field == "strength"


@FAST
@given(st.sampled_from(["a", "b"]), st.one_of(st.integers(max_value=-1), st.integers(min_value=3)))
def test_strength_out_of_range_rejected(choice: str, strength: int) -> None:
    """A strength must index the question's strengths."""
    err = reject(QUESTION, {"choice": choice, "strength": strength})
    assert err.field == "strength" and err.message == f"strength {strength} is out of range 0..2"


@FAST
@given(NOT_INT)
def test_non_int_strength_rejected(strength: Any) -> None:
    """True is not strength 1: the strength must be an int."""
    assert reject(QUESTION, {"choice": "a", "strength": strength}).field == "strength"


@FAST
@given(st.text(min_size=1).filter(lambda k: k not in ("choice", "strength")))
def test_unknown_key_rejected(key: str) -> None:
    """An unexpected key is reported at that key."""
    err = reject(QUESTION, {"choice": "a", key: 1})
    assert err.field == key and err.message == f"unexpected key {key!r}"


def test_missing_choice_rejected() -> None:
    """The choice is required."""
    err = reject(QUESTION, {"strength": 1})
    assert err.field == "choice" and err.message == "missing required key 'choice'"


@FAST
@given(st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text())))
def test_non_object_rejected(value: Any) -> None:
    """A bare 'a' is not an answer: the answer is an object."""
    err = reject(QUESTION, value)
    assert err.field is None and err.message.startswith("expected an object; got ")


def test_missing_response_rejected() -> None:
    """Comparing responses 0 and 2 of a two-response record is an error about the record."""
    err = reject(PairwiseQuestion(name="pref", responses=(0, 2)), {"choice": "a"})
    assert err.field is None and err.message.startswith("record has no response 2")


@FAST
@given(st.integers(0, 9))
def test_same_responses_in_definition_rejected(index: int) -> None:
    """A response cannot be compared with itself."""
    with pytest.raises(pydantic.ValidationError):
        PairwiseQuestion(name="pref", responses=(index, index))


@FAST
@given(st.integers(max_value=-1), st.integers(0, 9))
def test_negative_response_in_definition_rejected(negative: int, other: int) -> None:
    """Response indexes are never negative."""
    with pytest.raises(pydantic.ValidationError):
        PairwiseQuestion(name="pref", responses=(other, negative))


def test_duplicate_strengths_in_definition_rejected() -> None:
    """Each strength is named once."""
    with pytest.raises(pydantic.ValidationError):
        PairwiseQuestion(name="pref", strengths=["slightly", "slightly"])
