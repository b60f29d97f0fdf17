"""Paired preferences for DPO (`preference`) and for reward modelling (`reward`, with a margin).

Rankings give every strictly ordered pair of mean ranks (policy `mean_rank`); pairwise questions
give one pair per task by majority vote (policy `majority_vote`). The reward margin is the mean
rank gap for rankings and, for pairwise, 1.0 plus the mean strength index of the winning voters
(1.0 without strengths), so a "much better" vote pushes the two rewards further apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import pyarrow as pa

from loopline.core.questions.base import QuestionBase
from loopline.train.datasets.aggregate import (
    majority_vote,
    pairwise_margin,
    rank_sums,
    ranked_pairs,
)
from loopline.train.datasets.rows import (
    BuiltRow,
    answers_to,
    completion_value,
    prompt_value,
    response_text,
    text_type,
)
from loopline.train.datasets.tasks import AnnotatedTask


class PreferenceBuilder:
    """Rows `prompt, chosen, rejected` (+ `margin` when `with_margin`)."""

    def __init__(
        self, questions: Sequence[QuestionBase], *, conversational: bool, with_margin: bool
    ) -> None:
        self.conversational = conversational
        self.with_margin = with_margin
        self.fmt = "reward" if with_margin else "preference"
        self.rankings = [q for q in questions if getattr(q, "type", None) == "ranking"]
        self.pairwise = [q for q in questions if getattr(q, "type", None) == "pairwise"]
        self.questions = [q.name for q in [*self.rankings, *self.pairwise]]
        self.policy: dict[str, str] = {}
        if self.rankings:
            self.policy["ranking"] = "mean_rank"
        if self.pairwise:
            self.policy["pairwise"] = "majority_vote"
        kind = text_type(conversational)
        fields = [pa.field("prompt", kind), pa.field("chosen", kind), pa.field("rejected", kind)]
        if with_margin:
            fields.append(pa.field("margin", pa.float64()))
        self.schema = pa.schema(fields)

    def notes(self) -> list[str]:
        """Why a version may come out empty, for the stats."""
        if not self.questions:
            return ["the project has no ranking or pairwise question: no preference rows"]
        return []

    def rows(self, task: AnnotatedTask, stats: Counter[str]) -> Iterator[BuiltRow]:
        record = task.record
        responses = [r.content for r in record.responses]
        prompt = None
        for q in self.rankings:
            given = list(answers_to(task, q.name))
            if not given:
                continue
            sums, count = rank_sums((a for _, a in given), len(responses))
            if count < len(given):
                stats["skipped_invalid_rankings"] += len(given) - count
            pairs, ties = ranked_pairs(sums, count)
            if ties:
                stats["excluded_rank_ties"] += ties
            ids = [i for i, _ in given]
            for better, worse, margin in pairs:
                if prompt is None:
                    prompt = prompt_value(record, self.conversational)
                row = self._row(prompt, responses[better], responses[worse], margin)
                yield (row, q.name, ids)
        for q in self.pairwise:
            given = list(answers_to(task, q.name))
            if not given:
                continue
            choice, strength = majority_vote(a for _, a in given)
            if choice == "tie":
                stats["excluded_ties"] += 1
                continue
            index_a, index_b = q.responses  # type: ignore[attr-defined]
            text_a, text_b = response_text(record, index_a), response_text(record, index_b)
            if text_a is None or text_b is None:
                stats["skipped_missing_response"] += 1
                continue
            chosen, rejected = (text_a, text_b) if choice == "a" else (text_b, text_a)
            if prompt is None:
                prompt = prompt_value(record, self.conversational)
            row = self._row(prompt, chosen, rejected, pairwise_margin(strength))
            yield (row, q.name, [i for i, _ in given])

    def _row(self, prompt: object, chosen: str, rejected: str, margin: float) -> dict[str, object]:
        row: dict[str, object] = {
            "prompt": prompt,
            "chosen": completion_value(chosen, self.conversational),
            "rejected": completion_value(rejected, self.conversational),
        }
        if self.with_margin:
            row["margin"] = margin
        return row
