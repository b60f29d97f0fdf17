"""Demonstrations for supervised fine-tuning (`messages`).

Only text answers become SFT rows (policy `all_demonstrations`: every submitted text answer is
one row, so two annotators' rewrites are two examples). A top-ranked or well-rated *model*
response is deliberately not promoted to a demonstration: that would train on model output a
person only compared, never wrote or approved as a target.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import pyarrow as pa

from loopline.core.questions.base import QuestionBase
from loopline.train.datasets.rows import MESSAGES_TYPE, BuiltRow, answers_to
from loopline.train.datasets.tasks import AnnotatedTask


class SFTBuilder:
    """Rows `messages` = the record's context + the written answer as the assistant turn."""

    fmt = "sft"

    def __init__(self, questions: Sequence[QuestionBase], *, conversational: bool = True) -> None:
        # SFT is always conversational (TRL applies the chat template to `messages`).
        self.conversational = True
        self.texts = [q for q in questions if getattr(q, "type", None) == "text"]
        self.questions = [q.name for q in self.texts]
        self.policy: dict[str, str] = {"text": "all_demonstrations"} if self.texts else {}
        self.schema = pa.schema([pa.field("messages", MESSAGES_TYPE)])

    def notes(self) -> list[str]:
        """Why a version may come out empty, for the stats."""
        if not self.texts:
            return ["the project has no text question: sft rows come from text answers only"]
        return []

    def rows(self, task: AnnotatedTask, stats: Counter[str]) -> Iterator[BuiltRow]:
        context: list[dict[str, str]] | None = None
        for q in self.texts:
            for annotation_id, answer in answers_to(task, q.name):
                if not isinstance(answer, str) or not answer.strip():
                    stats["skipped_empty_text"] += 1
                    continue
                if context is None:
                    context = task.record.prompt_messages()
                messages = [*context, {"role": "assistant", "content": answer}]
                yield ({"messages": messages}, q.name, [annotation_id])
