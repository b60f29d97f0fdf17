"""The question types a project can ask, and validation of a whole set of answers."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.questions.chat import ChatAnswer, ChatNode, ChatQuestion
from loopline.core.questions.label import LabelQuestion
from loopline.core.questions.pairwise import PairwiseAnswer, PairwiseQuestion
from loopline.core.questions.ranking import RankingQuestion
from loopline.core.questions.rating import RatingQuestion
from loopline.core.questions.spans import SpansAnswer, SpansQuestion
from loopline.core.questions.text import TextQuestion
from loopline.core.questions.turns import TurnsQuestion
from loopline.core.records import Record

Question = Annotated[
    Union[
        LabelQuestion,
        RatingQuestion,
        RankingQuestion,
        PairwiseQuestion,
        TextQuestion,
        SpansQuestion,
        TurnsQuestion,
        ChatQuestion,
    ],
    Field(discriminator="type"),
]

_question_adapter: TypeAdapter[Question] = TypeAdapter(Question)


def parse_question(data: dict[str, Any]) -> QuestionBase:
    """Build a question from its definition dict (as in a project file)."""
    return _question_adapter.validate_python(data)


def validate_answers(
    questions: list[QuestionBase], answers: Any, record: Record
) -> dict[str, Any]:
    """Check a whole submission: every required question answered, no unknown keys.

    Returns the answers in normal form; raises `AnswerError` with the field path
    `<question name>.<path inside the answer>`.
    """
    if not isinstance(answers, dict):
        raise AnswerError("answers must be an object keyed by question name")
    by_name = {q.name: q for q in questions}
    unknown = sorted(set(answers) - set(by_name))
    if unknown:
        raise AnswerError(
            f"no such question (the project asks: {', '.join(by_name) or 'nothing'})",
            field=unknown[0],
        )
    normal: dict[str, Any] = {}
    for q in questions:
        if q.name not in answers or answers[q.name] is None:
            if q.required:
                raise AnswerError("an answer is required", field=q.name)
            continue
        try:
            normal[q.name] = q.validate_answer(answers[q.name], record)
        except AnswerError as exc:
            raise exc.at(q.name) from None
    return normal


__all__ = [
    "ChatAnswer",
    "ChatNode",
    "ChatQuestion",
    "LabelQuestion",
    "PairwiseAnswer",
    "PairwiseQuestion",
    "Question",
    "QuestionBase",
    "RankingQuestion",
    "RatingQuestion",
    "SpansAnswer",
    "SpansQuestion",
    "TextQuestion",
    "TurnsQuestion",
    "parse_question",
    "validate_answers",
]
