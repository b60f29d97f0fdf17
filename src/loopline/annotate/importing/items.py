"""What an importer yields per input row: a record plus any annotations that came with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopline.core.errors import Location
from loopline.core.records import Record


@dataclass(slots=True)
class ImportedAnnotation:
    """An existing answer from another tool or a vendor, keyed by question name."""

    annotator: str
    answers: dict[str, Any]
    created_at: float | None = None


@dataclass(slots=True)
class ImportItem:
    """One record to import, where it came from, and its existing annotations (maybe none)."""

    record: Record
    location: Location
    annotations: list[ImportedAnnotation] = field(default_factory=list)
    shape: str = "prompt"
