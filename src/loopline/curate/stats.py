"""Per-step counts for the funnel report: documents in and out, and why the rest went.

Each worker fills a `StepStats` per step for its shard; the executor merges them, so the
report of a run is the same whatever the number of workers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_EXAMPLES = 3
MAX_ERRORS = 50
EXAMPLE_CHARS = 300


@dataclass
class StepStats:
    name: str
    docs_in: int = 0
    docs_out: int = 0
    created: int = 0  # documents a step makes (a segmenter splitting one log into many)
    removed: Counter[str] = field(default_factory=Counter)
    counters: Counter[str] = field(default_factory=Counter)  # e.g. pii_email, chars_removed
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)  # bad input: file, line, error
    seconds: float = 0.0

    def drop(self, reason: str, doc_id: str, text: str) -> None:
        self.removed[reason] += 1
        kept = self.examples.setdefault(reason, [])
        if len(kept) < MAX_EXAMPLES:
            kept.append({"id": doc_id, "text": text[:EXAMPLE_CHARS]})

    def bad_input(self, file: str, line: int | None, error: str) -> None:
        """A row that could not be read; counted as removed with reason `bad_input`."""
        self.removed["bad_input"] += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"file": file, "line": line, "error": error})

    def merge(self, other: "StepStats") -> None:
        self.docs_in += other.docs_in
        self.docs_out += other.docs_out
        self.created += other.created
        self.removed.update(other.removed)
        self.counters.update(other.counters)
        for reason, rows in other.examples.items():
            kept = self.examples.setdefault(reason, [])
            kept.extend(rows[: MAX_EXAMPLES - len(kept)])
        self.errors.extend(other.errors[: MAX_ERRORS - len(self.errors)])
        self.seconds += other.seconds

    @property
    def balanced(self) -> bool:
        """In + created - removed == out: the funnel adds up."""
        return self.docs_in + self.created - sum(self.removed.values()) == self.docs_out

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "docs_in": self.docs_in, "docs_out": self.docs_out,
            "created": self.created, "removed": dict(self.removed), "counters": dict(self.counters),
            "examples": self.examples, "errors": self.errors, "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> "StepStats":
        return cls(
            name=row["name"], docs_in=row["docs_in"], docs_out=row["docs_out"],
            created=row.get("created", 0), removed=Counter(row["removed"]),
            counters=Counter(row["counters"]), examples=row["examples"], errors=row["errors"],
            seconds=row.get("seconds", 0.0),
        )
