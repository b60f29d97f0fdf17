"""`rating`: a whole number on a scale, of the record or of one of its responses."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class RatingQuestion(QuestionBase):
    type: Literal["rating"] = "rating"
    min: int = Field(default=1, description="Lowest score.")
    max: int = Field(default=5, description="Highest score.")
    response: int | None = Field(
        default=None, description="Index of the rated response; None rates the record's only response."
    )
    labels: dict[int, str] | None = Field(default=None, description="Names of some scores.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
