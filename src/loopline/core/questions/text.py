"""`text`: write a demonstration, or edit a candidate response (mode `edit`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class TextQuestion(QuestionBase):
    type: Literal["text"] = "text"
    mode: Literal["write", "edit"] = Field(default="write", description="Write anew or edit a response.")
    response: int = Field(default=0, description="In edit mode, the response that is pre-filled.")
    min_length: int = Field(default=1, ge=0, description="Fewest characters after stripping.")
    max_length: int | None = Field(default=None, description="Most characters.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
