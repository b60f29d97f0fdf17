"""What every question type shares: a name, a title, and `validate_answer`.

A question validates an annotator's answer *against the record it was asked about* (a ranking
needs one rank per response, a span must lie inside the text), so `validate_answer` takes the
record. It returns the answer in normal form (what is stored) or raises `AnswerError` whose
`field` is the path inside the answer (`"2"`, `"spans.0.end"`); callers prefix the question name.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from loopline.core.records import Record

NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$"


class QuestionBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=NAME_PATTERN, description="Key of this question's answer.")
    title: str | None = Field(default=None, description="What the annotator reads.")
    description: str | None = Field(default=None, description="Help shown beside the question.")
    required: bool = Field(default=True, description="Whether an answer is needed to submit.")

    def validate_answer(self, value: Any, record: Record) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError
