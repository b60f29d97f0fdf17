"""`ranking`: a full order of the record's responses, ties allowed.

The answer is a list of ranks, one per response in record order, 1 = best, dense
(`[2, 1, 2]` is valid with ties; `[1, 3, 3]` is not: ranks must be 1..k with no gap).
Dense ranks make the answer canonical: one ordering has exactly one spelling.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions._checks import expect_int, expect_list
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class RankingQuestion(QuestionBase):
    type: Literal["ranking"] = "ranking"
    allow_ties: bool = Field(default=True, description="Let two responses share a rank.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        n = len(record.responses)
        if n < 2:
            raise AnswerError(f"a ranking needs at least 2 responses; the record has {n}")
        ranks = expect_list(value, "a list of ranks")
        if len(ranks) != n:
            raise AnswerError(f"expected {n} ranks, one per response; got {len(ranks)}")
        first_at: dict[int, int] = {}
        for i, rank in enumerate(ranks):
            expect_int(rank, "an integer rank", field=str(i))
            if not 1 <= rank <= n:
                raise AnswerError(f"rank {rank} is out of range 1..{n}", field=str(i))
            if rank in first_at and not self.allow_ties:
                raise AnswerError(
                    f"rank {rank} is already given to response {first_at[rank]} "
                    "(this ranking does not allow ties)",
                    field=str(i),
                )
            first_at.setdefault(rank, i)
        missing = min(set(range(1, max(ranks) + 1)) - set(ranks), default=None)
        if missing is not None:
            above = next(i for i, rank in enumerate(ranks) if rank > missing)
            raise AnswerError(
                f"rank {ranks[above]} leaves a gap: no response is ranked {missing} "
                "(ranks must be 1..k with no gap)",
                field=str(above),
            )
        return list(ranks)
