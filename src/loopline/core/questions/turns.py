"""`turns`: one label per assistant turn of a conversation, in order.

Answer: a list of options, exactly one per assistant turn (`record.assistant_turns()`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from loopline.core.errors import AnswerError
from loopline.core.questions._checks import check_names, expect_list, expect_option
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class TurnsQuestion(QuestionBase):
    type: Literal["turns"] = "turns"
    options: list[str] = Field(min_length=1, description="Labels for a turn.")

    @model_validator(mode="after")
    def _check_options(self) -> "TurnsQuestion":
        check_names(self.options, "option")
        return self

    def validate_answer(self, value: Any, record: Record) -> Any:
        n = len(record.assistant_turns())
        if n == 0:
            raise AnswerError("record has no assistant turn to label")
        labels = expect_list(value, "a list of turn labels")
        if len(labels) != n:
            raise AnswerError(f"expected {n} labels, one per assistant turn; got {len(labels)}")
        return [expect_option(label, self.options, field=str(i)) for i, label in enumerate(labels)]
