"""An OpenAI-compatible `/v1/chat/completions` for one model version (streaming too).

A product talks to it with any OpenAI client; every reply names the model version that wrote
it (the `model` field and the `X-Loopline-Model-Version` header), so feedback sent to Loopline
later can be tied to the exact version. Generation runs in a worker thread, one at a time (a
CPU model gains nothing from running two at once).
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field

from loopline.models.base import ModelBackend, SamplingParams

HEADER = "X-Loopline-Model-Version"


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool"]
    content: str


class ChatCompletionRequest(BaseModel):
    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1)
    max_tokens: int | None = Field(default=None, ge=1, le=4096)
    max_completion_tokens: int | None = Field(default=None, ge=1, le=4096)
    temperature: float = Field(default=1.0, ge=0.0, le=2.0)
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    n: int = Field(default=1, ge=1, le=16)
    seed: int | None = None
    stream: bool = False
    logprobs: bool = False

    def sampling(self, default_max: int) -> SamplingParams:
        limit = self.max_completion_tokens or self.max_tokens or default_max
        return SamplingParams(max_new_tokens=limit, temperature=self.temperature, top_p=self.top_p, seed=self.seed, logprobs=self.logprobs)


def create_app(backend: ModelBackend, model_version: str, *, default_max_tokens: int = 128) -> Any:
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse, StreamingResponse

    app = FastAPI(title=f"Loopline model {model_version}")
    lock = threading.Lock()
    headers = {HEADER: model_version}

    @app.get("/v1/models")
    def list_models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model_version, "object": "model", "owned_by": "loopline"}]}

    @app.post("/v1/chat/completions")
    async def chat(request: ChatCompletionRequest) -> Any:
        messages = [m.model_dump() for m in request.messages]
        sampling = request.sampling(default_max_tokens)
        cid = "chatcmpl-" + uuid.uuid4().hex[:24]
        created = int(time.time())
        if request.stream:
            return StreamingResponse(
                _sse(backend, lock, messages, sampling, cid, created, model_version),
                media_type="text/event-stream", headers=headers,
            )

        def run() -> Any:
            with lock:
                return backend.generate([messages], sampling, n=request.n)[0]

        gens = await asyncio.to_thread(run)
        choices = []
        for i, g in enumerate(gens):
            choice: dict[str, Any] = {
                "index": i, "finish_reason": g.finish_reason,
                "message": {"role": "assistant", "content": g.text},
            }
            if request.logprobs:
                choice["logprobs"] = {"content": [
                    {"token": t, "logprob": lp, "bytes": list(t.encode()), "top_logprobs": []}
                    for t, lp in zip(g.tokens, g.logprobs)
                ]}
            choices.append(choice)
        tokens = sum(g.completion_tokens for g in gens)
        body = {
            "id": cid, "object": "chat.completion", "created": created, "model": model_version,
            "choices": choices, "usage": {"prompt_tokens": 0, "completion_tokens": tokens, "total_tokens": tokens},
        }
        return JSONResponse(body, headers=headers)

    return app


def _sse(backend: ModelBackend, lock: threading.Lock, messages: list[dict[str, str]], sampling: SamplingParams,
         cid: str, created: int, model_version: str) -> Iterator[bytes]:
    """Server-sent events in the OpenAI chunk format, ending with `data: [DONE]`."""
    def chunk(delta: dict[str, str], finish: str | None) -> bytes:
        body = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model_version,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return b"data: " + orjson.dumps(body) + b"\n\n"

    with lock:
        yield chunk({"role": "assistant", "content": ""}, None)
        for piece in backend.stream(messages, sampling):
            yield chunk({"content": piece}, None)
        yield chunk({}, "stop")
    yield b"data: [DONE]\n\n"


def serve(backend: ModelBackend, model_version: str, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run the server in the foreground (Uvicorn)."""
    import uvicorn

    uvicorn.run(create_app(backend, model_version), host=host, port=port, log_level="info")
