"""Property tests: content survives the import unchanged, and no input makes it crash."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loopline.annotate.importing.build import Context
from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.stream import build_items, iter_items
from loopline.core.errors import InputError, Location, ValidationError

LOC = Location(file="rows.jsonl", line=1)
CTX = Context(source="rows.jsonl")
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
json_leaf = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
             | st.floats(allow_nan=False, allow_infinity=False) | text)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(text, inner, max_size=4), max_leaves=12)
KEYS = ["prompt", "messages", "responses", "response", "completion", "chosen", "rejected",
        "metadata", "record", "answers", "annotator", "data", "annotations", "message_tree_id",
        "role", "content", "text", "rank", "replies", "result", "type", "from_name", "value"]
SAMPLES: list[dict[str, Any]] = [
    {"prompt": "p", "responses": ["a", {"content": "b", "model": "m"}], "metadata": {"k": 1}},
    {"messages": [{"role": "user", "content": "u"}], "responses": ["r"]},
    {"prompt": [{"role": "user", "content": "q"}],
     "chosen": [{"role": "assistant", "content": "c"}],
     "rejected": [{"role": "assistant", "content": "r"}]},
    {"id": 1, "data": {"text": "t", "answer1": "a", "answer2": "b"}, "annotations": [
        {"completed_by": {"email": "e"}, "created_at": "2024-01-01T00:00:00Z", "result": [
            {"type": "labels", "from_name": "n", "value": {"start": 0, "end": 1, "labels": ["X"]}},
            {"type": "pairwise", "from_name": "p", "value": {"selected": "left"}}]}]},
    {"message_tree_id": "t", "prompt": {"role": "prompter", "text": "q", "lang": "en", "replies": [
        {"role": "assistant", "text": "a", "rank": 0, "replies": []},
        {"role": "assistant", "text": "b", "rank": 1, "replies": []}]}},
    {"record": {"prompt": "p"}, "annotator": "v", "answers": {"q": 1}, "created_at": 5},
]


def _check(row: dict[str, Any]) -> list[ImportItem]:
    """Build a row the way the stream does; only ValidationError may escape the builders."""
    try:
        return build_items(row, LOC, CTX)
    except ValidationError:
        return []


@settings(max_examples=60, deadline=None)
@given(prompt=text, responses=st.lists(text, max_size=4),
       extra=st.dictionaries(text.filter(lambda k: k not in KEYS), json_leaf, max_size=3))
def test_prompt_rows_round_trip(prompt: str, responses: list[str], extra: dict[str, Any]) -> None:
    """A prompt row's prompt, responses and extra keys come back unchanged."""
    (item,) = build_items({"prompt": prompt, "responses": responses, **extra}, LOC, CTX)
    assert item.record.prompt == prompt
    assert [r.content for r in item.record.responses] == responses
    assert item.record.metadata == extra


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["system", "user", "assistant", "tool"]), text),
                min_size=1, max_size=5))
def test_messages_rows_round_trip(turns: list[tuple[str, str]]) -> None:
    """A chat row's messages come back with the same roles and contents."""
    row = {"messages": [{"role": r, "content": c} for r, c in turns]}
    (item,) = build_items(row, LOC, CTX)
    assert [(m.role, m.content) for m in item.record.messages or ()] == turns


@settings(max_examples=60, deadline=None)
@given(prompt=text, chosen=text, rejected=text)
def test_preference_rows_round_trip(prompt: str, chosen: str, rejected: str) -> None:
    """Both completions are kept, and the imported choice points at the chosen one."""
    (item,) = build_items({"prompt": prompt, "chosen": chosen, "rejected": rejected}, LOC, CTX)
    contents = [r.content for r in item.record.responses]
    assert item.record.prompt == prompt and sorted(contents) == sorted([chosen, rejected])
    choice = item.annotations[0].answers["preference"]["choice"]
    assert contents[0 if choice == "a" else 1] == chosen


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS) | text, json_value, max_size=6))
def test_random_dicts_never_crash(row: dict[str, Any]) -> None:
    """Any JSON object gives items or a ValidationError, never another exception."""
    assert all(isinstance(item, ImportItem) for item in _check(row))


@st.composite
def mutated_samples(draw: st.DrawFn) -> dict[str, Any]:
    """A valid row of some shape with one nested value replaced by garbage."""
    row = copy.deepcopy(draw(st.sampled_from(SAMPLES)))
    node: Any = row
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return row
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            node = child
            continue
        node[key] = draw(json_value)
        return row


@settings(max_examples=200, deadline=None)
@given(mutated_samples())
def test_mutated_rows_never_crash(row: dict[str, Any]) -> None:
    """Valid rows of every shape with one part broken give items or a ValidationError."""
    assert all(isinstance(item, ImportItem) for item in _check(row))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(json_value.map(orjson.dumps)
                | st.binary(max_size=20).filter(lambda b: b"\n" not in b), max_size=6))
def test_random_lines_yield_items_or_errors(lines: list[bytes]) -> None:
    """Any JSONL file content streams to items and InputErrors only."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "garbage.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        assert all(isinstance(x, (ImportItem, InputError)) for x in iter_items(path))
