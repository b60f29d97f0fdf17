"""Every annotation as it was stored, one row each: the lossless export.

Answers and the record are kept as canonical JSON strings rather than nested Arrow columns
because every question type has its own answer shape; a single string column keeps one schema
for all projects and survives any future question type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import orjson
import pyarrow as pa

from loopline.core.questions.base import QuestionBase
from loopline.train.datasets.rows import BuiltRow
from loopline.train.datasets.tasks import AnnotatedTask

_SORTED = orjson.OPT_SORT_KEYS


class RawBuilder:
    """Rows `task_id, record_id, annotator, answers, record, created_at`."""

    fmt = "raw"

    def __init__(self, questions: Sequence[QuestionBase], *, conversational: bool = False) -> None:
        self.conversational = False
        self.questions = [q.name for q in questions]
        self.policy: dict[str, str] = {"all": "one_row_per_annotation"}
        self.schema = pa.schema(
            [
                pa.field("task_id", pa.int64()),
                pa.field("record_id", pa.int64()),
                pa.field("annotator", pa.string()),
                pa.field("answers", pa.string()),
                pa.field("record", pa.string()),
                # Seconds since the epoch in the row (and its hash); a UTC timestamp in Parquet.
                pa.field("created_at", pa.timestamp("us", tz="UTC")),
            ]
        )

    def notes(self) -> list[str]:
        return []

    def rows(self, task: AnnotatedTask, stats: Counter[str]) -> Iterator[BuiltRow]:
        if not task.annotations:
            return
        record = orjson.dumps(
            task.record.model_dump(mode="json", exclude_none=True), option=_SORTED
        )
        record_json = record.decode()
        for annotation in task.annotations:
            row = {
                "task_id": task.task_id,
                "record_id": task.record_id,
                "annotator": annotation.annotator,
                "answers": orjson.dumps(annotation.answers, option=_SORTED).decode(),
                "record": record_json,
                "created_at": float(annotation.created_at),
            }
            yield (row, "*", [annotation.id])
