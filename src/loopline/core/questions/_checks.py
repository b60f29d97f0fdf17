"""Small checks shared by the question types.

Answers arrive as parsed JSON from annotators, so every check is strict (True is not 1, "3" is
not 3) and every failure becomes an `AnswerError` whose message says what was expected and what
was got, and whose `field` points inside the answer. Pydantic answer models are used for the
structured answers; `parse_answer` turns their errors into the same kind of `AnswerError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import pydantic
from pydantic_core import ErrorDetails

from loopline.core.errors import AnswerError
from loopline.core.records import Record

M = TypeVar("M", bound=pydantic.BaseModel)

STRICT = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)
"""Config of every answer model: unknown keys and loose types are annotator mistakes."""

_KINDS = {
    "int_type": "an integer",
    "string_type": "a string",
    "list_type": "a list",
    "model_type": "an object",
    "dict_type": "an object",
}


def show(value: Any, limit: int = 60) -> str:
    """A short repr, so a pasted essay does not swamp the message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def got(value: Any) -> str:
    """The value with its type: in a type error the type is the point (`True (bool)`)."""
    return f"{show(value)} ({type(value).__name__})"


def one_of(options: Iterable[str]) -> str:
    return ", ".join(repr(o) for o in options)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def path(*parts: str | int) -> str:
    return ".".join(str(p) for p in parts)


def expect_int(value: Any, what: str, field: str | None = None) -> int:
    """An int and only an int: JSON true and 1.0 are annotator mistakes, not 1.

    `what` is the noun phrase of the message, e.g. "an integer rank".
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError(f"expected {what}; got {got(value)}", field=field)
    return value


def expect_str(value: Any, what: str, field: str | None = None) -> str:
    if not isinstance(value, str):
        raise AnswerError(f"expected {what}; got {got(value)}", field=field)
    return value


def expect_list(value: Any, what: str, field: str | None = None) -> list[Any]:
    """A JSON array; a string is rejected even though it is iterable."""
    if not isinstance(value, list):
        raise AnswerError(f"expected {what}; got {got(value)}", field=field)
    return value


def expect_option(value: Any, options: Sequence[str], field: str | None = None) -> str:
    if not isinstance(value, str) or value not in options:
        raise AnswerError(f"expected one of {one_of(options)}; got {show(value)}", field=field)
    return value


def response_content(record: Record, index: int) -> str:
    """The text of response `index`, or the error a question on a missing response gives."""
    if not 0 <= index < len(record.responses):
        raise AnswerError(f"record has no response {index} (it has {len(record.responses)})")
    return record.responses[index].content


def check_names(values: Sequence[str], what: str) -> None:
    """Option and label lists of a definition: each a non-empty name, each named once."""
    seen: set[str] = set()
    for value in values:
        if not value.strip():
            raise ValueError(f"{what} must not be empty or blank")
        if value in seen:
            raise ValueError(f"{what} {value!r} is listed twice")
        seen.add(value)


def parse_answer(model: type[M], value: Any) -> M:
    """Validate `value` with an answer model, reporting its first error as an `AnswerError`."""
    try:
        return model.model_validate(value)
    except pydantic.ValidationError as exc:
        raise _answer_error(exc.errors()[0]) from None


def _answer_error(error: ErrorDetails) -> AnswerError:
    loc = error["loc"]
    field = path(*loc) or None
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        message = f"missing required key {str(loc[-1])!r}"
    elif kind == "extra_forbidden":
        message = f"unexpected key {str(loc[-1])!r}"
    elif kind == "literal_error":
        message = f"expected {error.get('ctx', {}).get('expected')}; got {show(value)}"
    elif kind in _KINDS:
        message = f"expected {_KINDS[kind]}; got {got(value)}"
    elif kind == "string_too_short":
        message = "must not be empty"
    else:  # pragma: no cover - a constraint no answer model uses yet
        message = f"{error['msg'][0].lower()}{error['msg'][1:]}; got {show(value)}"
    return AnswerError(message, field=field)
