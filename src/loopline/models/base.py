"""The one interface every inference backend implements.

A backend takes chat conversations (OpenAI `messages` lists), samples `n` replies for each with
the given sampling settings, streams the tokens of one reply, and reports token
log-probabilities where the engine gives them. Candidate generation, evaluation and serving all
talk to this interface, so a local Transformers model and a remote vLLM server are exchangeable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from loopline.core.errors import LooplineError

Messages = list[dict[str, str]]


class ModelUnavailableError(LooplineError):
    """The model endpoint cannot be reached or keeps failing after its retries."""


@dataclass(frozen=True)
class SamplingParams:
    """How replies are sampled; stored with every candidate response it produced."""

    max_new_tokens: int = 64
    temperature: float = 1.0
    top_p: float = 1.0
    seed: int | None = None
    logprobs: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Generation:
    """One sampled reply: its text, why it stopped, and its tokens' log-probabilities."""

    text: str
    finish_reason: str = "stop"
    tokens: list[str] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    completion_tokens: int = 0

    @property
    def sum_logprob(self) -> float | None:
        return float(sum(self.logprobs)) if self.logprobs else None


@runtime_checkable
class ModelBackend(Protocol):
    """What Loopline needs from a model, wherever it runs."""

    name: str

    def generate(
        self, conversations: Sequence[Messages], sampling: SamplingParams, n: int = 1
    ) -> list[list[Generation]]:
        """`n` replies for each conversation, in order."""
        ...

    def stream(self, messages: Messages, sampling: SamplingParams) -> Iterator[str]:
        """The text of one reply, piece by piece as it is produced."""
        ...


def as_messages(prompt: str | Messages) -> Messages:
    """A bare prompt becomes one user turn; chat messages pass through."""
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    return [{"role": m["role"], "content": m["content"]} for m in prompt]
