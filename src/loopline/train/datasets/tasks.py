"""What a dataset builder reads: each finished task with its record and its annotations.

The store streams these out of the workspace (ordered by task id); builders turn them into
training rows without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopline.core.records import Record


@dataclass(frozen=True)
class AnnotationRow:
    """One annotator's validated answers to a task."""

    id: int
    annotator: str
    answers: dict[str, Any]
    created_at: float = 0.0
    trust: float = 1.0


@dataclass(frozen=True)
class AnnotatedTask:
    """A task, the record it shows, and every submitted annotation of it."""

    task_id: int
    record_id: int
    record: Record
    annotations: list[AnnotationRow] = field(default_factory=list)
