"""Unpaired good/bad completions for KTO (`prompt, completion, label`).

Ratings are averaged across annotators and compared with the scale's midpoint (policy
`mean_vs_midpoint`); a label question counts only when its options are exactly a thumbs-up /
thumbs-down pair (policy `thumbs_majority`). A judgement that lands exactly in the middle says
nothing about the completion, so it is excluded and counted as `excluded_neutral`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

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


class KTOBuilder:
    """Rows `prompt, completion, label` from rating and thumbs label questions."""

    fmt = "kto"

    def __init__(self, questions: Sequence[QuestionBase], *, conversational: bool) -> None:
        self.conversational = conversational
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
        self.schema = pa.schema(
            [pa.field("prompt", kind), pa.field("completion", kind), pa.field("label", pa.bool_())]
        )

    def notes(self) -> list[str]:
        """Why a version may come out empty, for the stats."""
        if not self.questions:
            return ["the project has no rating or thumbs up/down label question: no kto rows"]
        return []

    def rows(self, task: AnnotatedTask, stats: Counter[str]) -> Iterator[BuiltRow]:
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
