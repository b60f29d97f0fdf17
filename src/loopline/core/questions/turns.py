"""`turns`: one label per assistant turn of a conversation, in order."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class TurnsQuestion(QuestionBase):
    type: Literal["turns"] = "turns"
    options: list[str] = Field(min_length=1, description="Labels for a turn.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
