"""Tell a row's shape, and build records from the plain shapes: `prompt` and `messages`.

Detection is a short ordered list of key checks, most specific first, so it costs next to
nothing per row and a row that could be read two ways is always read the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loopline.annotate.importing.build import (
    Context,
    clean_messages,
    make_record,
    normalize_responses,
    split_metadata,
)
from loopline.annotate.importing.items import ImportedAnnotation
from loopline.annotate.importing.preference import build_preference
from loopline.core.errors import RecordError
from loopline.core.records import Record

SHAPES = ("answers", "oasst", "label_studio", "preference", "messages", "prompt")
RECORD_SHAPES = ("preference", "messages", "prompt")

Built = tuple[Record, list[ImportedAnnotation]]

_PROMPT_KEYS = frozenset({"prompt", "response", "responses", "completion"})
_MESSAGES_KEYS = frozenset({"messages", "responses"})


def detect_shape(row: dict[str, Any]) -> str:
    """The shape of `row` (one of `SHAPES`), or a `RecordError` saying what was expected."""
    if isinstance(row.get("record"), dict) and "answers" in row:
        return "answers"
    prompt = row.get("prompt")
    if "message_tree_id" in row or (isinstance(prompt, dict) and "replies" in prompt):
        return "oasst"
    if "chosen" in row and "rejected" in row:
        return "preference"
    if "messages" in row:
        return "messages"
    if "prompt" in row:
        return "prompt"
    if isinstance(row.get("data"), dict):
        return "label_studio"
    keys = ", ".join(sorted(map(str, row))[:8]) or "none"
    raise RecordError("cannot tell what this row is: expected 'prompt', 'messages', "
                      "'chosen'+'rejected', a Label Studio task ('data'), an Open-Assistant "
                      f"tree or an answers row ('record'+'answers'); its keys are: {keys}")


def detect_record_shape(row: dict[str, Any]) -> str:
    """Like `detect_shape`, for rows that must be a bare record (inside a task or answers row)."""
    shape = detect_shape(row)
    if shape not in RECORD_SHAPES:
        raise RecordError("expected a record: 'prompt', 'messages' or 'chosen'+'rejected'")
    return shape


def build_prompt(row: dict[str, Any], ctx: Context) -> Built:
    """A bare prompt (or TRL prompt-only / prompt-completion row) with optional responses."""
    prompt = row.get("prompt")
    aliases: dict[str, str] | None = None
    if type(prompt) is list:  # TRL conversational: the prompt is a list of messages
        data: dict[str, Any] = {"messages": clean_messages(prompt)}
        aliases = {"messages": "prompt"}
    elif prompt is None:
        raise RecordError("must be a string or a list of chat messages, not null", field="prompt")
    else:
        data = {"prompt": prompt}
    single = "response" if "response" in row else "completion" if "completion" in row else None
    if single is not None:
        if "responses" in row or ("response" in row and "completion" in row):
            raise RecordError("give either 'responses' or one of 'response'/'completion'",
                              field=single)
        data["responses"] = normalize_responses([_completion(row[single])], single)
        aliases = {**(aliases or {}), "responses.0": single}
    elif "responses" in row:
        data["responses"] = normalize_responses(row["responses"])
    data["metadata"] = split_metadata(row, _PROMPT_KEYS)
    return make_record(data, ctx, aliases), []


def _completion(value: Any) -> Any:
    """A TRL conversational completion (`[{"role": "assistant", ...}]`) as its text."""
    if (isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict)
            and value[0].get("role") == "assistant"):
        return value[0].get("content")
    return value


def build_messages(row: dict[str, Any], ctx: Context) -> Built:
    """An OpenAI-format chat, with optional candidate responses for the next turn."""
    messages = row["messages"]
    if messages == []:
        raise RecordError("must not be empty", field="messages")
    data: dict[str, Any] = {"messages": clean_messages(messages)}
    if "responses" in row:
        data["responses"] = normalize_responses(row["responses"])
    data["metadata"] = split_metadata(row, _MESSAGES_KEYS)
    return make_record(data, ctx), []


RECORD_BUILDERS: dict[str, Callable[[dict[str, Any], Context], Built]] = {
    "prompt": build_prompt,
    "messages": build_messages,
    "preference": build_preference,
}


def build_record_row(row: dict[str, Any], ctx: Context,
                     shape: str | None = None) -> tuple[str, Built]:
    """Detect (unless given) and build one of the record shapes."""
    shape = shape or detect_record_shape(row)
    return shape, RECORD_BUILDERS[shape](row, ctx)
