"""`pairwise`: which of two responses is better (A, B or tie), with an optional strength.

Answer: `{"choice": "a" | "b" | "tie", "strength": int | None}`; `strength` indexes
`strengths` and is allowed only when the question defines strengths and the choice is not a tie.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from loopline.core.errors import AnswerError
from loopline.core.questions._checks import STRICT, check_names, parse_answer, response_content
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class PairwiseAnswer(BaseModel):
    """The shape of a pairwise answer; the rules that need the question are checked after."""

    model_config = STRICT

    choice: Literal["a", "b", "tie"]
    strength: int | None = None


class PairwiseQuestion(QuestionBase):
    type: Literal["pairwise"] = "pairwise"
    responses: tuple[int, int] = Field(default=(0, 1), description="Indexes of responses A and B.")
    allow_tie: bool = Field(default=True, description="Offer 'tie'.")
    strengths: list[str] | None = Field(
        default=None, description="Named strengths of a preference, weakest first."
    )

    @model_validator(mode="after")
    def _check_definition(self) -> "PairwiseQuestion":
        a, b = self.responses
        if a < 0 or b < 0:
            raise ValueError(f"response indexes must be >= 0; got {list(self.responses)}")
        if a == b:
            raise ValueError(f"responses A and B must differ; both are {a}")
        if self.strengths is not None:
            if not self.strengths:
                raise ValueError("strengths must not be empty (leave it out for none)")
            check_names(self.strengths, "strength")
        return self

    def validate_answer(self, value: Any, record: Record) -> Any:
        for index in self.responses:
            response_content(record, index)
        answer = parse_answer(PairwiseAnswer, value)
        if answer.choice == "tie" and not self.allow_tie:
            raise AnswerError(
                "expected 'a' or 'b' (this question does not allow a tie); got 'tie'",
                field="choice",
            )
        if answer.strength is not None:
            self._check_strength(answer.choice, answer.strength)
        return {"choice": answer.choice, "strength": answer.strength}

    def _check_strength(self, choice: str, strength: int) -> None:
        if self.strengths is None:
            raise AnswerError(
                f"this question has no strengths; got strength {strength}", field="strength"
            )
        if choice == "tie":
            raise AnswerError("a tie has no strength; leave it out", field="strength")
        if not 0 <= strength < len(self.strengths):
            raise AnswerError(
                f"strength {strength} is out of range 0..{len(self.strengths) - 1}",
                field="strength",
            )
