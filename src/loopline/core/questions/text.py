"""`text`: write a demonstration, or edit a candidate response (mode `edit`).

Answer: the text, stripped (leading and trailing whitespace is an editor artefact, not content).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from loopline.core.errors import AnswerError
from loopline.core.questions._checks import expect_str, plural, response_content
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class TextQuestion(QuestionBase):
    type: Literal["text"] = "text"
    mode: Literal["write", "edit"] = Field(default="write", description="Write anew or edit a response.")
    response: int = Field(default=0, description="In edit mode, the response that is pre-filled.")
    min_length: int = Field(default=1, ge=0, description="Fewest characters after stripping.")
    max_length: int | None = Field(default=None, description="Most characters.")

    @model_validator(mode="after")
    def _check_lengths(self) -> "TextQuestion":
        if self.response < 0:
            raise ValueError(f"response must be >= 0; got {self.response}")
        if self.max_length is not None and self.max_length < self.min_length:
            raise ValueError(
                f"max_length ({self.max_length}) must be >= min_length ({self.min_length})"
            )
        return self

    def validate_answer(self, value: Any, record: Record) -> Any:
        if self.mode == "edit":
            response_content(record, self.response)
        text = expect_str(value, "a string").strip()
        if len(text) < self.min_length:
            raise AnswerError(
                f"expected at least {plural(self.min_length, 'character')} (after stripping); "
                f"got {len(text)}"
            )
        if self.max_length is not None and len(text) > self.max_length:
            raise AnswerError(
                f"expected at most {plural(self.max_length, 'character')} (after stripping); "
                f"got {len(text)}"
            )
        return text
