"""`validate_answers`: a whole submission, with error paths under the question name."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import QuestionBase, parse_question, validate_answers
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

RECORD = Record(
    prompt="Ada Lovelace wrote the first program.",
    responses=({"content": "True."}, {"content": "False."}, {"content": "Unsure."}),
)
QUESTIONS: list[QuestionBase] = [
    parse_question({"type": "label", "name": "topic", "options": ["history", "math"]}),
    parse_question({"type": "rating", "name": "score", "response": 0}),
    parse_question({"type": "ranking", "name": "rank"}),
    parse_question({"type": "pairwise", "name": "pref", "strengths": ["slightly", "much"]}),
    parse_question({"type": "text", "name": "note", "required": False}),
    parse_question({"type": "spans", "name": "ents", "labels": ["PER"]}),
]
VALID = {
    "topic": "history",
    "score": 4,
    "rank": [2, 1, 2],
    "pref": {"choice": "b", "strength": 1},
    "ents": {"spans": [{"start": 0, "end": 12, "label": "PER"}]},
}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def reject(answers: Any) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        validate_answers(QUESTIONS, answers, RECORD)
    return info.value


def test_valid_submission_normalized() -> None:
    """Each answer is stored in its question's normal form; unanswered optionals are left out."""
    assert validate_answers(QUESTIONS, VALID, RECORD) == {
        **VALID,
        "ents": {
            "spans": [{"start": 0, "end": 12, "label": "PER", "text": "Ada Lovelace"}],
            "relations": [],
        },
    }


def test_optional_answer_kept() -> None:
    """An optional question that is answered is validated and stored."""
    assert validate_answers(QUESTIONS, {**VALID, "note": " Fine. "}, RECORD)["note"] == "Fine."


@pytest.mark.parametrize("name", ["topic", "rank", "ents"])
def test_missing_required_answer_rejected(name: str) -> None:
    """A required question left out is reported at its name."""
    err = reject({k: v for k, v in VALID.items() if k != name})
    assert err.field == name and err.message == "an answer is required"


def test_null_required_answer_rejected() -> None:
    """null is no answer to a required question."""
    assert reject({**VALID, "score": None}).field == "score"


@FAST
@given(st.text().filter(lambda k: k not in {q.name for q in QUESTIONS}))
def test_unknown_question_rejected(name: str) -> None:
    """An answer to a question the project does not ask is reported at its key."""
    err = reject({**VALID, name: 1})
    assert err.field == name and "no such question" in err.message


def test_error_path_prefixed_with_question_name() -> None:
    """A bad rank is reported as `rank.<index>`."""
    err = reject({**VALID, "rank": [1, 2, 4]})
    assert err.field == "rank.2" and err.message == "rank 4 is out of range 1..3"


def test_nested_error_path_prefixed() -> None:
    """A bad span offset is reported as `ents.spans.0.end`."""
    err = reject({**VALID, "ents": {"spans": [{"start": 0, "end": 99, "label": "PER"}]}})
    assert err.field == "ents.spans.0.end"


def test_whole_answer_error_at_question_name() -> None:
    """An answer wrong as a whole is reported at the question name alone."""
    err = reject({**VALID, "score": "4"})
    assert err.field == "score" and err.message == "expected an integer score; got '4' (str)"


@FAST
@given(st.one_of(st.lists(st.integers()), st.text(), st.integers(), st.none()))
def test_non_object_submission_rejected(answers: Any) -> None:
    """A submission is an object keyed by question name."""
    assert reject(answers).field is None


@FAST
@given(st.sampled_from([q.name for q in QUESTIONS]), JSON)
def test_arbitrary_json_normalized_or_answer_error(name: str, value: Any) -> None:
    """Whatever JSON an annotator sends, the result is a normal form or an AnswerError."""
    try:
        validate_answers(QUESTIONS, {**VALID, name: value}, RECORD)
    except AnswerError as err:
        assert err.field is not None and err.field.split(".")[0] == name
