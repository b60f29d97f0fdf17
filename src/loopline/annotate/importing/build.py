"""Build `Record`s from loose row parts and report pydantic errors as precise field paths.

Every shape funnels through `make_record`, so a bad role is reported the same way everywhere
(`messages.2.role: Input should be ...`), named after the field the user wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pydantic

from loopline.core.errors import RecordError
from loopline.core.records import Message, Record

_MESSAGES = pydantic.TypeAdapter(list[Message])


@dataclass(frozen=True)
class Context:
    """What every shape needs besides the row: where records come from and who annotated."""

    source: str | None = None
    annotator: str | None = None  # None: each shape's own default ("import", "open-assistant")
    with_annotations: bool = True

    def annotator_or(self, default: str) -> str:
        return self.annotator or default


def error_path(loc: Iterable[int | str], aliases: dict[str, str] | None = None) -> str:
    """A pydantic `loc` as a dotted path, with record fields renamed to what the row called them."""
    path = ".".join(str(part) for part in loc)
    for internal, external in (aliases or {}).items():
        if path == internal or path.startswith(internal + "."):
            return external + path[len(internal):]
    return path


def record_error(exc: pydantic.ValidationError, aliases: dict[str, str] | None = None,
                 prefix: str | None = None) -> RecordError:
    """The first pydantic error as a `RecordError` with a dotted field path."""
    first = exc.errors(include_url=False)[0]
    message = first["msg"].removeprefix("Value error, ")
    field = error_path(first["loc"], aliases)
    if prefix:
        field = f"{prefix}.{field}" if field else prefix
    return RecordError(message, field=field or None)


def make_record(data: dict[str, Any], ctx: Context,
                aliases: dict[str, str] | None = None) -> Record:
    """Validate `data` into a `Record` stamped with the import's source."""
    if ctx.source is not None:
        data["source"] = ctx.source
    try:
        return Record.model_validate(data)
    except pydantic.ValidationError as exc:
        raise record_error(exc, aliases) from None


def parse_messages(value: Any, field: str) -> list[Message]:
    """Validate a chat message list up front, for shapes that need to look inside it."""
    if not isinstance(value, list):
        raise RecordError("must be a list of chat messages", field=field)
    try:
        return _MESSAGES.validate_python(clean_messages(value))
    except pydantic.ValidationError as exc:
        raise record_error(exc, prefix=field) from None


def drop_none(value: Any) -> Any:
    """Drop null keys: Arrow-backed rows pad every struct with the union of all keys as nulls."""
    if type(value) is dict and None in value.values():
        return {k: v for k, v in value.items() if v is not None}
    return value


def clean_messages(value: Any) -> Any:
    """Messages with null keys dropped; anything but a list is left for validation to reject."""
    return [drop_none(m) for m in value] if type(value) is list else value


def normalize_responses(value: Any, field: str = "responses") -> list[Any]:
    """Responses as dicts: a bare string is a response's content."""
    if not isinstance(value, list):
        raise RecordError("must be a list of responses (strings or objects)", field=field)
    return [{"content": r} if type(r) is str else drop_none(r) for r in value]


def split_metadata(row: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The row's unknown keys, merged with its `metadata` object (whose keys win)."""
    metadata = {k: v for k, v in row.items() if k not in known}
    given = metadata.pop("metadata", None)
    if given is not None:
        if not isinstance(given, dict):
            raise RecordError("must be an object", field="metadata")
        metadata.update(given)
    return metadata


def parse_timestamp(value: Any, field: str) -> float | None:
    """Seconds since the epoch, from a number or an ISO string (UTC unless it says otherwise)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return moment.timestamp()
    raise RecordError("must be a timestamp (seconds or ISO 8601)", field=field)
