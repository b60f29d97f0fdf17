"""The unit a curation pipeline moves: a text with an id and free metadata.

A plain slotted dataclass rather than a pydantic model: millions pass through every step, so
building one must cost next to nothing. `loopline.core.records.Record` is made only at the end,
by the workspace writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Document:
    text: str
    id: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "metadata": self.metadata}

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> "Document":
        return cls(text=row["text"], id=row["id"], metadata=row.get("metadata") or {})
