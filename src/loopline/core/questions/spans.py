"""`spans`: labelled character ranges of a text, plus optional relations between them.

Answer: `{"spans": [{"start", "end", "label", "text"?}], "relations": [{"from", "to", "label"}]}`.
`target` names the text: `prompt` (the prompt, or the last user message), `response:N`,
or `message:N`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class SpansQuestion(QuestionBase):
    type: Literal["spans"] = "spans"
    labels: list[str] = Field(min_length=1, description="Span labels.")
    target: str = Field(default="prompt", pattern=r"^(prompt|response:\d+|message:\d+)$")
    relations: list[str] = Field(default_factory=list, description="Relation labels; empty = none.")
    allow_overlap: bool = Field(default=True, description="Let spans overlap.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
