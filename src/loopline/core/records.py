"""Records: the immutable, content-hashed unit of data that tasks point at.

A record holds either a bare `prompt` or a chat `messages` list (OpenAI chat format), plus the
candidate `responses` a model (or a person) wrote for it. Its identity is the SHA-256 of its
canonical content, so importing the same content twice adds nothing. `source` says where it came
from and is deliberately *not* part of the hash: the same prompt from two files is one record.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, model_validator

Role = Literal["system", "user", "assistant", "tool"]


class Message(BaseModel):
    """One chat turn in OpenAI chat format."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    content: str
    name: str | None = None


class Response(BaseModel):
    """A candidate response, with the model version that wrote it and how it was sampled."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    content: str
    model: str | None = None
    sampling: dict[str, Any] | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class Record(BaseModel):
    """One piece of data to annotate or train on. Build it, then never change it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt: str | None = None
    messages: tuple[Message, ...] | None = None
    responses: tuple[Response, ...] = ()
    metadata: dict[str, Any] = Field(default_factory=dict)
    source: str | None = None

    @model_validator(mode="after")
    def _prompt_or_messages(self) -> "Record":
        if (self.prompt is None) == (self.messages is None):
            raise ValueError("a record needs exactly one of 'prompt' or 'messages'")
        if self.messages is not None and len(self.messages) == 0:
            raise ValueError("'messages' must not be empty")
        return self

    @property
    def is_conversational(self) -> bool:
        return self.messages is not None

    def prompt_messages(self) -> list[dict[str, str]]:
        """The context as chat messages, whatever form the record has."""
        if self.messages is not None:
            return [{"role": m.role, "content": m.content} for m in self.messages]
        return [{"role": "user", "content": self.prompt or ""}]

    def assistant_turns(self) -> list[int]:
        """Indexes into `messages` of the assistant turns (for the `turns` question)."""
        if self.messages is None:
            return []
        return [i for i, m in enumerate(self.messages) if m.role == "assistant"]

    def content_dict(self) -> dict[str, Any]:
        """The hashed part of the record, in a stable JSON-ready form."""
        return record_content(self.model_dump(mode="json", exclude_none=True))

    @property
    def content_hash(self) -> str:
        return content_hash(self.content_dict())


def record_from(data: str | bytes | dict[str, Any]) -> Record:
    """A stored record: validated straight from its JSON text (what the hot reads fetch, see
    `store.json_text`), or from a dict the driver decoded."""
    if isinstance(data, (str, bytes)):
        return Record.model_validate_json(data)
    return Record.model_validate(data)


def record_content(data: dict[str, Any]) -> dict[str, Any]:
    """Strip a dumped record to what its identity depends on (no source, no empty parts)."""
    out: dict[str, Any] = {}
    if data.get("prompt") is not None:
        out["prompt"] = data["prompt"]
    if data.get("messages") is not None:
        out["messages"] = data["messages"]
    if data.get("responses"):
        out["responses"] = data["responses"]
    if data.get("metadata"):
        out["metadata"] = data["metadata"]
    return out


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes (sorted keys, no whitespace): the input of every content hash."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def content_hash(value: Any) -> str:
    """SHA-256 hex digest of `value`'s canonical JSON."""
    return hash_canonical(canonical_json(value))


def hash_canonical(data: bytes) -> str:
    """`content_hash` of JSON that is canonical already (for callers that also keep the bytes)."""
    return hashlib.sha256(data).hexdigest()
