"""`turns` answers: one option per assistant turn of the conversation."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import TurnsQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

OPTIONS = ["good", "bad"]
QUESTION = TurnsQuestion(name="turns", options=OPTIONS)


def chat(turns: int) -> Record:
    """A conversation with `turns` user/assistant exchanges after a system prompt."""
    messages = [{"role": "system", "content": "Be brief."}]
    for i in range(turns):
        messages.append({"role": "user", "content": f"q{i}"})
        messages.append({"role": "assistant", "content": f"a{i}"})
    return Record(messages=messages)


def reject(value: Any, record: Record) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        QUESTION.validate_answer(value, record)
    return info.value


LABELLED = st.integers(1, 6).flatmap(
    lambda n: st.lists(st.sampled_from(OPTIONS), min_size=n, max_size=n)
)


@FAST
@given(LABELLED)
def test_one_label_per_turn_accepted(labels: list[str]) -> None:
    """A label for each assistant turn is its own normal form."""
    assert QUESTION.validate_answer(labels, chat(len(labels))) == labels


@FAST
@given(LABELLED, st.integers(1, 3))
def test_wrong_count_rejected(labels: list[str], extra: int) -> None:
    """Too few labels for the turns is an error on the whole answer."""
    n = len(labels) + extra
    err = reject(labels, chat(n))
    assert err.field is None
    assert err.message == f"expected {n} labels, one per assistant turn; got {len(labels)}"


@FAST
@given(LABELLED, st.data())
def test_unknown_label_rejected_at_index(labels: list[str], data: st.DataObject) -> None:
    """An unknown or non-string label is reported at its turn's index."""
    i = data.draw(st.integers(0, len(labels) - 1))
    bad = data.draw(st.text().filter(lambda s: s not in OPTIONS) | st.integers() | st.none())
    err = reject(labels[:i] + [bad] + labels[i + 1 :], chat(len(labels)))
    assert err.field == str(i) and err.message.startswith("expected one of 'good', 'bad'; got ")


@pytest.mark.parametrize(
    "record",
    [Record(prompt="Hi"), Record(messages=[{"role": "user", "content": "Hi"}])],
    ids=["prompt", "no-assistant"],
)
def test_record_without_assistant_turn_rejected(record: Record) -> None:
    """A record with no assistant turn has nothing to label."""
    assert "no assistant turn" in reject([], record).message


@FAST
@given(st.one_of(st.text(), st.dictionaries(st.text(), st.text()), st.none()))
def test_non_list_rejected(value: Any) -> None:
    """The answer must be a list of labels."""
    assert reject(value, chat(1)).field is None


def test_duplicate_options_in_definition_rejected() -> None:
    """A question cannot list the same option twice."""
    with pytest.raises(pydantic.ValidationError):
        TurnsQuestion(name="q", options=["good", "good"])
