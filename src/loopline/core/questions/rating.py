"""`rating`: a whole number on a scale, of the record or of one of its responses.

Answer: the score, an int in `min..max`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from loopline.core.errors import AnswerError
from loopline.core.questions._checks import expect_int, response_content
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

    @model_validator(mode="after")
    def _check_scale(self) -> "RatingQuestion":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        if self.response is not None and self.response < 0:
            raise ValueError(f"response must be >= 0; got {self.response}")
        for score in self.labels or {}:
            if not self.min <= score <= self.max:
                raise ValueError(f"label for {score} is outside the scale {self.min}..{self.max}")
        return self

    def validate_answer(self, value: Any, record: Record) -> Any:
        if self.response is not None:
            response_content(record, self.response)
        score = expect_int(value, "an integer score")
        if not self.min <= score <= self.max:
            raise AnswerError(f"rating {score} is out of range {self.min}..{self.max}")
        return score
