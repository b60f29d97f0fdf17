"""Pieces every format builder shares: the row it emits, the column types, and prompt shaping.

TRL tells a conversational dataset from a standard one by the *value* of its columns (a list of
`{role, content}` dicts versus a string), so prompt and completion shaping lives in one place to
keep every format consistent with the `conversational` flag the caller chose.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from loopline.core.errors import LooplineError
from loopline.core.records import Record
from loopline.train.datasets.tasks import AnnotatedTask

MESSAGE_TYPE = pa.struct([pa.field("role", pa.string()), pa.field("content", pa.string())])
MESSAGES_TYPE = pa.list_(MESSAGE_TYPE)


# One training row plus what it came from: (data, question name, annotation ids). A plain tuple
# rather than a NamedTuple because a million of them are built per export.
BuiltRow = tuple[dict[str, Any], str, list[int]]


class ExportError(LooplineError):
    """The tasks cannot be written in the requested format."""


def text_type(conversational: bool) -> pa.DataType:
    """Arrow type of a prompt or completion column."""
    return MESSAGES_TYPE if conversational else pa.string()


def prompt_value(record: Record, conversational: bool) -> Any:
    """The prompt as TRL wants it: chat messages, or the bare prompt string."""
    if conversational:
        return record.prompt_messages()
    if record.prompt is not None:
        return record.prompt
    messages = record.messages or ()
    if len(messages) == 1 and messages[0].role == "user":
        # A one-turn chat is a plain prompt in disguise; anything longer would lose turns.
        return messages[0].content
    raise ExportError(
        "a multi-turn chat record cannot become a plain-text prompt; "
        "export with conversational=True"
    )


def completion_value(text: str, conversational: bool) -> Any:
    """A completion (chosen, rejected, completion) in the shape matching the prompt."""
    if conversational:
        return [{"role": "assistant", "content": text}]
    return text


def answers_to(task: AnnotatedTask, question: str) -> Iterator[tuple[int, Any]]:
    """(annotation id, answer) of every annotation that answered `question`."""
    for annotation in task.annotations:
        answer = annotation.answers.get(question)
        if answer is not None:
            yield annotation.id, answer


def response_text(record: Record, index: int | None) -> str | None:
    """Content of response `index` (None = the first), or None when the record lacks it."""
    i = 0 if index is None else index
    if 0 <= i < len(record.responses):
        return record.responses[i].content
    return None
