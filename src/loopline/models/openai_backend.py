"""Any OpenAI-compatible server (vLLM, TGI, Ollama, a hosted API, Loopline's own serve-model).

The `openai` client does the HTTP work, with a timeout per request and retries with exponential
back-off on connection errors, 408/409/429 and 5xx. When the endpoint stays down the caller gets
one `ModelUnavailableError` naming the URL, not a stack of transport errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import openai

from loopline.models.base import Generation, Messages, ModelUnavailableError, SamplingParams


class OpenAIBackend:
    """Chat completions from a server that speaks the OpenAI API."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "not-needed",
        timeout: float = 60.0,
        max_retries: int = 3,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self.name = model
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=max_retries)

    def _request(self, messages: Messages, sampling: SamplingParams, **extra: Any) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "model": self.model, "messages": messages, "max_tokens": sampling.max_new_tokens,
            "temperature": sampling.temperature, "top_p": sampling.top_p, **extra,
        }
        if sampling.seed is not None:
            kw["seed"] = sampling.seed
        if sampling.logprobs:
            kw["logprobs"] = True
        return kw

    def generate(
        self, conversations: Sequence[Messages], sampling: SamplingParams, n: int = 1
    ) -> list[list[Generation]]:
        out = []
        for messages in conversations:
            try:
                response = self.client.chat.completions.create(**self._request(list(messages), sampling, n=n))
            except (openai.APIConnectionError, openai.APITimeoutError) as exc:
                raise ModelUnavailableError(f"model endpoint {self.base_url} is unreachable: {exc}") from exc
            except openai.APIStatusError as exc:
                raise ModelUnavailableError(f"model endpoint {self.base_url} answered {exc.status_code}: {exc.message}") from exc
            out.append([_generation(choice) for choice in response.choices])
        return out

    def stream(self, messages: Messages, sampling: SamplingParams) -> Iterator[str]:
        try:
            chunks = self.client.chat.completions.create(**self._request(list(messages), sampling, stream=True))
            for chunk in chunks:
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        yield choice.delta.content
        except (openai.APIConnectionError, openai.APITimeoutError) as exc:
            raise ModelUnavailableError(f"model endpoint {self.base_url} is unreachable: {exc}") from exc


def _generation(choice: Any) -> Generation:
    tokens: list[str] = []
    logprobs: list[float] = []
    content = getattr(choice.logprobs, "content", None) if choice.logprobs else None
    for item in content or []:
        tokens.append(item.token)
        logprobs.append(float(item.logprob))
    return Generation(
        text=choice.message.content or "", finish_reason=choice.finish_reason or "stop",
        tokens=tokens, logprobs=logprobs, completion_tokens=len(tokens),
    )
