"""The backends behind one interface: local Transformers, and the OpenAI-compatible client
talking to Loopline's own serve-model over a real socket."""

from __future__ import annotations

import time

import httpx
import pytest

from loopline.models.base import ModelUnavailableError, SamplingParams
from loopline.models.openai_backend import OpenAIBackend
from tests.models.conftest import free_port

CHAT = [{"role": "user", "content": "where is my order?"}]


def test_transformers_backend_samples_n_with_logprobs(tiny_backend):
    """n replies per conversation, with one log-probability per generated token."""
    out = tiny_backend.generate([CHAT, [{"role": "user", "content": "hi"}]], SamplingParams(max_new_tokens=6, seed=1, logprobs=True), n=3)
    assert [len(x) for x in out] == [3, 3]
    g = out[0][0]
    assert len(g.logprobs) == len(g.tokens) == g.completion_tokens > 0
    assert all(lp <= 0 for lp in g.logprobs)


def test_transformers_backend_seed_repeats(tiny_backend):
    """The same seed gives the same samples."""
    s = SamplingParams(max_new_tokens=8, seed=7)
    assert tiny_backend.generate([CHAT], s, n=2) == tiny_backend.generate([CHAT], s, n=2)


def test_transformers_backend_greedy_n(tiny_backend):
    """Greedy decoding with n > 1 gives n copies of the one greedy reply (Transformers refuses it)."""
    out = tiny_backend.generate([CHAT], SamplingParams(max_new_tokens=6, temperature=0), n=3)
    assert len(out[0]) == 3 and out[0][0] == out[0][1] == out[0][2]


def test_transformers_backend_streams(tiny_backend):
    """Streaming yields the reply piece by piece."""
    pieces = list(tiny_backend.stream(CHAT, SamplingParams(max_new_tokens=8, temperature=0)))
    greedy = tiny_backend.generate([CHAT], SamplingParams(max_new_tokens=8, temperature=0))[0][0].text
    assert "".join(pieces).strip() == greedy


def test_openai_backend_against_serve_model(served):
    """The OpenAI client gets n choices with logprobs, named after the serving model version."""
    backend = OpenAIBackend(served, "mv-tiny", timeout=30)
    out = backend.generate([CHAT], SamplingParams(max_new_tokens=6, seed=3, logprobs=True), n=2)
    assert len(out[0]) == 2 and out[0][0].logprobs and len(out[0][0].tokens) == len(out[0][0].logprobs)
    raw = backend.client.chat.completions.create(model="x", messages=CHAT, max_tokens=4)
    assert raw.model == "mv-tiny"


def test_openai_backend_streams_from_serve_model(served):
    """Streaming chat completions arrive as SSE chunks and join into the greedy reply."""
    backend = OpenAIBackend(served, "mv-tiny", timeout=30)
    greedy = backend.generate([CHAT], SamplingParams(max_new_tokens=8, temperature=0))[0][0].text
    streamed = "".join(backend.stream(CHAT, SamplingParams(max_new_tokens=8, temperature=0)))
    assert streamed.strip() == greedy


def test_serve_model_names_the_version_in_the_header(served):
    """Each reply carries the model version in a header too."""
    r = httpx.post(f"{served}/chat/completions", json={"messages": CHAT, "max_tokens": 3}, timeout=30)
    assert r.status_code == 200 and r.headers["x-loopline-model-version"] == "mv-tiny"
    bad = httpx.post(f"{served}/chat/completions", json={"messages": []}, timeout=30)
    assert bad.status_code == 422


def test_openai_backend_down_is_a_clear_error():
    """A closed port gives one ModelUnavailableError naming the URL, after the retries."""
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = OpenAIBackend(url, "m", timeout=2, max_retries=1)
    start = time.monotonic()
    with pytest.raises(ModelUnavailableError, match="127.0.0.1"):
        backend.generate([CHAT], SamplingParams(max_new_tokens=2))
    assert time.monotonic() - start < 15
