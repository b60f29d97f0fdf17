"""`parse_question`: definitions from project files, bad ones rejected by pydantic."""

from __future__ import annotations

import re

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopline.core.questions import LabelQuestion, parse_question
from loopline.core.questions.base import NAME_PATTERN

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

TYPES = {"label", "rating", "ranking", "pairwise", "text", "spans", "turns", "chat"}
MINIMAL = {
    "label": {"options": ["yes", "no"]},
    "spans": {"labels": ["PER"]},
    "turns": {"options": ["ok"]},
}


@pytest.mark.parametrize("type_", sorted(TYPES))
def test_each_type_parsed(type_: str) -> None:
    """Every question type builds from a minimal definition."""
    question = parse_question({"type": type_, "name": "q", **MINIMAL.get(type_, {})})
    assert question.type == type_  # type: ignore[attr-defined]


@FAST
@given(st.from_regex(NAME_PATTERN, fullmatch=True))
def test_valid_name_accepted(name: str) -> None:
    """Any name matching the pattern is accepted."""
    assert parse_question({"type": "label", "name": name, "options": ["a"]}).name == name


@FAST
@given(st.text().filter(lambda t: t not in TYPES))
def test_unknown_type_rejected(type_: str) -> None:
    """A type outside the known eight is a definition error."""
    with pytest.raises(pydantic.ValidationError):
        parse_question({"type": type_, "name": "q"})


@FAST
@given(st.text(max_size=70).filter(lambda n: not re.fullmatch(NAME_PATTERN, n)))
def test_bad_name_rejected(name: str) -> None:
    """A name that cannot be an answer key is a definition error."""
    with pytest.raises(pydantic.ValidationError):
        parse_question({"type": "rating", "name": name})


def test_missing_type_rejected() -> None:
    """The type is required to pick the question class."""
    with pytest.raises(pydantic.ValidationError):
        parse_question({"name": "q"})


@FAST
@given(st.text(min_size=1).filter(lambda k: k not in LabelQuestion.model_fields))
def test_unknown_key_rejected(key: str) -> None:
    """A misspelt definition key is an error, not silently ignored."""
    with pytest.raises(pydantic.ValidationError):
        parse_question({"type": "label", "name": "q", "options": ["a"], key: 1})


def test_definition_rule_reported_by_pydantic() -> None:
    """Model-level rules (here rating min < max) surface as a pydantic ValidationError."""
    with pytest.raises(pydantic.ValidationError, match="min"):
        parse_question({"type": "rating", "name": "q", "min": 5, "max": 5})
