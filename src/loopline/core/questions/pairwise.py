"""`pairwise`: which of two responses is better (A, B or tie), with an optional strength.

Answer: `{"choice": "a" | "b" | "tie", "strength": int | None}`; `strength` indexes
`strengths` and is allowed only when the question defines strengths and the choice is not a tie.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class PairwiseQuestion(QuestionBase):
    type: Literal["pairwise"] = "pairwise"
    responses: tuple[int, int] = Field(default=(0, 1), description="Indexes of responses A and B.")
    allow_tie: bool = Field(default=True, description="Offer 'tie'.")
    strengths: list[str] | None = Field(
        default=None, description="Named strengths of a preference, weakest first."
    )

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
