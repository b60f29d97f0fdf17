"""TRL preference rows: both prompt forms, a blind response order, and the imported choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.stream import iter_items
from loopline.core.errors import InputError


def _items(tmp_path: Path, *rows: Any, **kwargs: Any) -> list[ImportItem | InputError]:
    path = tmp_path / "pref.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return list(iter_items(path, **kwargs))


def _one(tmp_path: Path, row: Any, **kwargs: Any) -> ImportItem:
    (item,) = _items(tmp_path, row, **kwargs)
    assert isinstance(item, ImportItem), item
    return item


def _chosen(item: ImportItem) -> str:
    choice = item.annotations[0].answers["preference"]["choice"]
    return item.record.responses[0 if choice == "a" else 1].content


def test_explicit_text_preference(tmp_path: Path) -> None:
    """prompt/chosen/rejected strings give a prompt record, two responses and the choice."""
    item = _one(tmp_path, {"prompt": "p", "chosen": "good", "rejected": "bad"})
    assert item.record.prompt == "p" and item.shape == "preference"
    assert {r.content for r in item.record.responses} == {"good", "bad"}
    assert _chosen(item) == "good"
    assert item.annotations[0].annotator == "import"
    assert item.annotations[0].answers["preference"]["strength"] is None


def test_order_is_deterministic_and_does_not_leak_the_choice(tmp_path: Path) -> None:
    """The chosen response is first about half the time, the same way on every import."""
    rows = [{"prompt": f"p{i}", "chosen": f"good {i}", "rejected": f"bad {i}"} for i in range(200)]
    first = _items(tmp_path, *rows)
    again = _items(tmp_path, *rows)
    assert all(isinstance(item, ImportItem) for item in first)
    choices = [item.annotations[0].answers["preference"]["choice"]  # type: ignore[union-attr]
               for item in first]
    assert 60 < choices.count("a") < 140
    assert [i.record for i in first] == [i.record for i in again]  # type: ignore[union-attr]


def test_conversational_explicit_prompt(tmp_path: Path) -> None:
    """A message-list prompt with one-message completions gives a messages record."""
    item = _one(tmp_path, {"prompt": [{"role": "user", "content": "hi"}],
                           "chosen": [{"role": "assistant", "content": "hello"}],
                           "rejected": [{"role": "assistant", "content": "go away"}]})
    assert [m.content for m in item.record.messages or ()] == ["hi"]
    assert _chosen(item) == "hello"


def test_implicit_prompt_conversations(tmp_path: Path) -> None:
    """Without a prompt, the shared beginning of the conversations is the context."""
    shared = [{"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"},
              {"role": "user", "content": "q2"}]
    item = _one(tmp_path, {"chosen": [*shared, {"role": "assistant", "content": "yes"}],
                           "rejected": [*shared, {"role": "assistant", "content": "no"}]})
    assert [m.content for m in item.record.messages or ()] == ["q1", "a1", "q2"]
    assert _chosen(item) == "yes"


def test_implicit_prompt_text(tmp_path: Path) -> None:
    """Without a prompt, text pairs split at their shared prefix, as TRL does."""
    item = _one(tmp_path, {"chosen": "Human: hi Assistant: hello",
                           "rejected": "Human: hi Assistant: bye"})
    assert item.record.prompt == "Human: hi Assistant:"
    assert _chosen(item) == " hello"


def test_extra_columns_go_to_metadata(tmp_path: Path) -> None:
    """Scores and margins are kept as record metadata."""
    item = _one(tmp_path, {"prompt": "p", "chosen": "c", "rejected": "r", "margin": 0.5,
                           "score_chosen": 8})
    assert item.record.metadata == {"margin": 0.5, "score_chosen": 8}


def test_annotations_off_and_custom_annotator(tmp_path: Path) -> None:
    """The choice can be left out, or attributed to a named annotator."""
    row = {"prompt": "p", "chosen": "c", "rejected": "r"}
    assert _one(tmp_path, row, with_annotations=False).annotations == []
    named = _one(tmp_path, row, annotator="ultrafeedback")
    assert named.annotations[0].annotator == "ultrafeedback"


def test_conversations_differing_before_the_end_are_an_error(tmp_path: Path) -> None:
    """Chosen and rejected that diverge before their last message cannot be one record."""
    (err,) = _items(tmp_path, {
        "chosen": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "x"}],
        "rejected": [{"role": "user", "content": "b"}, {"role": "assistant", "content": "y"}]})
    assert isinstance(err, InputError) and err.location.field == "rejected"


def test_completion_not_ending_with_assistant_is_an_error(tmp_path: Path) -> None:
    """A completion whose last message is not the assistant's is reported at its role."""
    (err,) = _items(tmp_path, {"prompt": "p", "chosen": [{"role": "user", "content": "x"}],
                               "rejected": "y"})
    assert isinstance(err, InputError) and err.location.field == "chosen.0.role"


def test_bad_role_in_prompt_messages_names_the_prompt_field(tmp_path: Path) -> None:
    """An invalid message in a list prompt is reported under `prompt`."""
    (err,) = _items(tmp_path, {"prompt": [{"role": "robot", "content": "x"}],
                               "chosen": "c", "rejected": "r"})
    assert isinstance(err, InputError) and err.location.field == "prompt.0.role"
