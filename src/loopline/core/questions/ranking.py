"""`ranking`: a full order of the record's responses, ties allowed.

The answer is a list of ranks, one per response in record order, 1 = best, dense
(`[2, 1, 2]` is valid with ties; `[1, 3, 3]` is not: ranks must be 1..k with no gap).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class RankingQuestion(QuestionBase):
    type: Literal["ranking"] = "ranking"
    allow_ties: bool = Field(default=True, description="Let two responses share a rank.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
