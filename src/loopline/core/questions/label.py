"""`label`: pick one option (or several, with `multiple`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class LabelQuestion(QuestionBase):
    type: Literal["label"] = "label"
    options: list[str] = Field(min_length=1, description="The choices, in display order.")
    multiple: bool = Field(default=False, description="Allow choosing several options.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
