"""Unpaired good/bad completions for KTO (`prompt, completion, label`).

Ratings are averaged across annotators and compared with the scale's midpoint (policy
`mean_vs_midpoint`); a label question counts only when its options are exactly a thumbs-up /
thumbs-down pair (policy `thumbs_majority`). A judgement that lands exactly in the middle says
nothing about the completion, so it is excluded and counted as `excluded_neutral`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from loopline.core.questions.base import QuestionBase
from loopline.train.datasets.aggregate import midpoint_label, thumbs_label, thumbs_options
from loopline.train.datasets.rows import (
    BuiltRow,
    answers_to,
    completion_value,
    prompt_value,
    response_text,
    text_type,
)
from loopline.train.datasets.tasks import AnnotatedTask

if TYPE_CHECKING:
    from loopline.quality.consensus import Consensus


class KTOBuilder:
    """Rows `prompt, completion, label` from rating and thumbs label questions.

    With a `consensus` the rating (or label) is the aggregated one, compared with the midpoint
    (or the thumbs pair), and rows also carry `agreement` and `confidence`.
    """

    fmt = "kto"

    def __init__(self, questions: Sequence[QuestionBase], *, conversational: bool, consensus: "Consensus | None" = None) -> None:
        self.conversational = conversational
        self.consensus = consensus
        self.ratings = [q for q in questions if getattr(q, "type", None) == "rating"]
        self.thumbs: list[tuple[QuestionBase, str, str]] = []
        for q in questions:
            if getattr(q, "type", None) == "label":
                pair = thumbs_options(q.options)  # type: ignore[attr-defined]
                if pair is not None:
                    self.thumbs.append((q, *pair))
        self.questions = [q.name for q in self.ratings] + [q.name for q, _, _ in self.thumbs]
        self.policy: dict[str, str] = {}
        if self.ratings:
            self.policy["rating"] = "mean_vs_midpoint"
        if self.thumbs:
            self.policy["label"] = "thumbs_majority"
        kind = text_type(conversational)
        fields = [pa.field("prompt", kind), pa.field("completion", kind), pa.field("label", pa.bool_())]
        if consensus is not None:
            self.policy = {k: consensus.policy.get(k, v) for k, v in self.policy.items()}
            fields += [pa.field("agreement", pa.float64()), pa.field("confidence", pa.float64())]
        self.schema = pa.schema(fields)

    def notes(self) -> list[str]:
        """Why a version may come out empty, for the stats."""
        if not self.questions:
            return ["the project has no rating or thumbs up/down label question: no kto rows"]
        return []

    def rows(self, task: AnnotatedTask, stats: Counter[str]) -> Iterator[BuiltRow]:
        if self.consensus is not None:
            yield from self._consensus_rows(task, stats, self.consensus)
            return
        for q in self.ratings:
            given = [(i, a) for i, a in answers_to(task, q.name) if isinstance(a, int)]
            if given:
                label = midpoint_label([a for _, a in given], q.min, q.max)  # type: ignore[attr-defined]
                row = self._row(task, q.response, label, stats)  # type: ignore[attr-defined]
                if row is not None:
                    yield (row, q.name, [i for i, _ in given])
        for q, positive, negative in self.thumbs:
            given = list(answers_to(task, q.name))
            if given:
                label = thumbs_label((a for _, a in given), positive, negative)
                row = self._row(task, None, label, stats)
                if row is not None:
                    yield (row, q.name, [i for i, _ in given])

    def _consensus_rows(self, task: AnnotatedTask, stats: Counter[str], consensus: "Consensus") -> Iterator[BuiltRow]:
        for q in self.ratings:
            given = [(i, a) for i, a in answers_to(task, q.name) if isinstance(a, int)]
            judgement = consensus.judgement(q.name, task.task_id)
            if given and judgement is not None:
                label = midpoint_label([judgement.value], q.min, q.max) if judgement.value is not None else None  # type: ignore[attr-defined]
                row = self._row(task, q.response, label, stats)  # type: ignore[attr-defined]
                if row is not None:
                    row.update(agreement=judgement.agreement, confidence=judgement.confidence)
                    yield (row, q.name, [i for i, _ in given])
        for q, positive, negative in self.thumbs:
            given = list(answers_to(task, q.name))
            judgement = consensus.judgement(q.name, task.task_id)
            if given and judgement is not None:
                label = {positive: True, negative: False}.get(judgement.value)
                row = self._row(task, None, label, stats)
                if row is not None:
                    row.update(agreement=judgement.agreement, confidence=judgement.confidence)
                    yield (row, q.name, [i for i, _ in given])

    def _row(
        self, task: AnnotatedTask, response: int | None, label: bool | None, stats: Counter[str]
    ) -> dict[str, object] | None:
        if label is None:
            stats["excluded_neutral"] += 1
            return None
        text = response_text(task.record, response)
        if text is None:
            stats["skipped_missing_response"] += 1
            return None
        return {
            "prompt": prompt_value(task.record, self.conversational),
            "completion": completion_value(text, self.conversational),
            "label": label,
        }
