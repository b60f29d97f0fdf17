"""Split chat logs into conversations (OpenAI `messages`), one document per conversation.

A log is text with one turn per line, `[timestamp] speaker: text` (the timestamp optional;
lines that do not start a turn continue the previous one). A new conversation starts when the
gap between two turns exceeds `max_gap_seconds`, or after `max_turns` turns. Speakers map to
roles through `roles`; an unknown speaker makes the line a continuation. Conversations with
fewer than `min_turns` turns are dropped (counted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from loopline.curate.base import PipelineStep
from loopline.curate.document import Document

DEFAULT_ROLES = {
    "user": ["user", "human", "customer", "client", "visitor"],
    "assistant": ["assistant", "agent", "bot", "ai", "support", "gpt"],
    "system": ["system"],
}
_TURN = re.compile(r"^\s*(?:\[(?P<ts>[^\]]+)\]\s*)?(?P<who>[A-Za-z][\w .-]{0,30}?)\s*:\s?(?P<text>.*)$")


def _time(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class ConversationSegmenter(PipelineStep):
    type = "conversation_segmenter"

    def __init__(
        self, roles: dict[str, list[str]] | None = None, max_gap_seconds: float = 1800,
        max_turns: int | None = None, min_turns: int = 2,
    ) -> None:
        super().__init__()
        self.roles = roles or DEFAULT_ROLES
        self._speaker = {name.lower(): role for role, names in self.roles.items() for name in names}
        self.max_gap_seconds, self.max_turns, self.min_turns = max_gap_seconds, max_turns, min_turns

    def segment(self, text: str) -> list[list[dict[str, Any]]]:
        conversations: list[list[dict[str, Any]]] = []
        current: list[dict[str, Any]] = []
        last: float | None = None
        for line in text.split("\n"):
            match = _TURN.match(line)
            role = self._speaker.get(match.group("who").strip().lower()) if match else None
            if match is None or role is None:
                if current and line.strip():
                    current[-1]["content"] += "\n" + line.strip()
                continue
            when = _time(match.group("ts"))
            gap = when is not None and last is not None and when - last > self.max_gap_seconds
            full = self.max_turns is not None and len(current) >= self.max_turns
            if current and (gap or full):
                conversations.append(current)
                current = []
            current.append({"role": role, "content": match.group("text").strip()})
            last = when if when is not None else last
        if current:
            conversations.append(current)
        return conversations

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        stats = self.stats
        for doc in docs:
            stats.docs_in += 1
            found = self.segment(doc.text)
            kept = [c for c in found if len(c) >= self.min_turns]
            stats.counters["short_conversations_dropped"] += len(found) - len(kept)
            if not kept:
                stats.drop("no_conversation", doc.id, doc.text)
                continue
            stats.created += len(kept) - 1
            for k, messages in enumerate(kept):
                stats.docs_out += 1
                text = "\n".join(f"{m['role']}: {m['content']}" for m in messages)
                yield Document(
                    text=text, id=f"{doc.id}#{k}",
                    metadata={**doc.metadata, "messages": messages, "conversation_index": k},
                )
