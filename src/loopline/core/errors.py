"""Errors that carry *where* something went wrong, so every layer can report file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


class LooplineError(Exception):
    """Base class of every error Loopline raises on purpose."""


@dataclass(slots=True)
class Location:
    """Where a bad value sits: a file, a line (or row / item number) and a field path."""

    file: str | None = None
    line: int | None = None
    field: str | None = None
    unit: str = "line"  # "line" (JSONL, CSV), "item" (JSON array), "row" (Parquet, saved dataset)

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"{self.unit} {self.line}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class ValidationError(LooplineError):
    """A value that breaks a rule. `field` is a dotted path such as `answers.rank.2`."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)

    def at(self, prefix: str) -> "ValidationError":
        """The same error with its field path put under `prefix`."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return type(self)(self.message, field=field)


class AnswerError(ValidationError):
    """An annotator's answer does not fit its question."""


class RecordError(ValidationError):
    """A record (prompt, messages, responses) is malformed."""


class InputError(LooplineError):
    """Bad input in a file: names the file, the line and the field."""

    def __init__(self, message: str, location: Location) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if str(location) else message)


class NotFoundError(LooplineError):
    """A named thing (project, task, annotator, dataset version) does not exist."""


class ConflictError(LooplineError):
    """The request conflicts with the current state (a name taken, a lease gone)."""
