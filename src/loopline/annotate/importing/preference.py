"""TRL preference rows (`prompt`, `chosen`, `rejected`) as a two-response record plus its answer.

Both of TRL's forms are read: an explicit `prompt`, and the implicit one where `chosen` and
`rejected` are whole conversations (or texts) sharing their beginning. The two completions are
stored in an order fixed by their content hash, so the record does not reveal which was chosen
(position bias in a later pairwise task would otherwise be baked in); the choice lives only in
the imported annotation.
"""

from __future__ import annotations

import hashlib
import os.path
from typing import Any

from loopline.annotate.importing.build import Context, make_record, parse_messages, split_metadata
from loopline.annotate.importing.items import ImportedAnnotation
from loopline.core.errors import RecordError
from loopline.core.records import Message, Record

QUESTION = "preference"
DEFAULT_ANNOTATOR = "import"
_KNOWN = frozenset({"prompt", "chosen", "rejected"})


def build_preference(row: dict[str, Any], ctx: Context
                     ) -> tuple[Record, list[ImportedAnnotation]]:
    """The record (prompt or messages + two responses) and the imported preference."""
    chosen, rejected = row["chosen"], row["rejected"]
    prompt = row.get("prompt")
    data: dict[str, Any] = {}
    if prompt is None:
        context, good, bad = _implicit(chosen, rejected)
    elif isinstance(prompt, str):
        context, good, bad = _explicit(chosen, rejected)
        if context:
            context = [Message(role="user", content=prompt), *context]
        else:
            context = prompt
    elif isinstance(prompt, list):
        extra, good, bad = _explicit(chosen, rejected)
        context = [*parse_messages(prompt, "prompt"), *extra]
    else:
        raise RecordError("must be a string or a list of chat messages", field="prompt")
    data["prompt" if isinstance(context, str) else "messages"] = context
    chosen_first = _digest(good) <= _digest(bad)
    pair = (good, bad) if chosen_first else (bad, good)
    data["responses"] = [{"content": pair[0]}, {"content": pair[1]}]
    data["metadata"] = split_metadata(row, _KNOWN)
    record = make_record(data, ctx, {"messages": "prompt"})
    if not ctx.with_annotations:
        return record, []
    answer = {QUESTION: {"choice": "a" if chosen_first else "b", "strength": None}}
    return record, [ImportedAnnotation(ctx.annotator_or(DEFAULT_ANNOTATOR), answer)]


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _explicit(chosen: Any, rejected: Any) -> tuple[list[Message], str, str]:
    """Completions after an explicit prompt: texts, or message lists ending in the response."""
    if isinstance(chosen, str) and isinstance(rejected, str):
        return [], chosen, rejected
    return _split(_as_conversation(chosen, "chosen"), _as_conversation(rejected, "rejected"))


def _implicit(chosen: Any, rejected: Any) -> tuple[list[Message] | str, str, str]:
    """TRL's implicit prompt: the shared beginning of `chosen` and `rejected` is the prompt."""
    if isinstance(chosen, str) and isinstance(rejected, str):
        if chosen == rejected:
            raise RecordError("'chosen' and 'rejected' are identical", field="rejected")
        n = len(os.path.commonprefix([chosen, rejected]))
        if n > 0 and chosen[n - 1] == " ":  # as TRL: the space starts the completion
            n -= 1
        if n == 0:
            raise RecordError("no 'prompt' and no shared beginning to take as the prompt",
                              field="prompt")
        return chosen[:n], chosen[n:], rejected[n:]
    context, good, bad = _split(_as_conversation(chosen, "chosen"),
                                _as_conversation(rejected, "rejected"))
    if not context:
        raise RecordError("no 'prompt', and 'chosen'/'rejected' hold only the responses",
                          field="prompt")
    return context, good, bad


def _as_conversation(value: Any, field: str) -> list[Message]:
    if isinstance(value, str):
        return [Message(role="assistant", content=value)]
    return parse_messages(value, field)


def _split(chosen: list[Message], rejected: list[Message]) -> tuple[list[Message], str, str]:
    """Shared context and the two final assistant messages; anything else is ambiguous."""
    for conv, field in ((chosen, "chosen"), (rejected, "rejected")):
        if not conv:
            raise RecordError("must not be empty", field=field)
        if conv[-1].role != "assistant":
            raise RecordError("the last message must be the assistant's response",
                              field=f"{field}.{len(conv) - 1}.role")
    if chosen[:-1] != rejected[:-1]:
        raise RecordError("'chosen' and 'rejected' must differ only in their last "
                          "(assistant) message", field="rejected")
    return chosen[:-1], chosen[-1].content, rejected[-1].content
