"""Plain record shapes (prompt, messages), shape detection and precise record errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.shapes import detect_shape
from loopline.annotate.importing.stream import iter_items
from loopline.core.errors import InputError, RecordError


def _run(tmp_path: Path, *rows: Any, **kwargs: Any) -> list[ImportItem | InputError]:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return list(iter_items(path, **kwargs))


def _one(tmp_path: Path, row: Any, **kwargs: Any) -> ImportItem:
    (item,) = _run(tmp_path, row, **kwargs)
    assert isinstance(item, ImportItem), item
    return item


def _error(tmp_path: Path, row: Any, **kwargs: Any) -> InputError:
    (err,) = _run(tmp_path, row, **kwargs)
    assert isinstance(err, InputError), err
    return err


@pytest.mark.parametrize(("row", "shape"), [
    ({"record": {"prompt": "p"}, "annotator": "a", "answers": {}}, "answers"),
    ({"message_tree_id": "t", "prompt": {"text": "p", "role": "prompter"}}, "oasst"),
    ({"prompt": "p", "chosen": "c", "rejected": "r"}, "preference"),
    ({"messages": [], "prompt": "p"}, "messages"),
    ({"prompt": "p", "data": {}}, "prompt"),
    ({"data": {"text": "p"}}, "label_studio"),
])
def test_detect_shape_follows_the_documented_order(row: dict[str, Any], shape: str) -> None:
    """Detection picks the most specific shape whose keys are present."""
    assert detect_shape(row) == shape


def test_detect_shape_rejects_an_unknown_row() -> None:
    """A row with none of the known keys gets an error listing its keys."""
    with pytest.raises(RecordError, match="question"):
        detect_shape({"question": "q"})


def test_prompt_row_with_response_objects(tmp_path: Path) -> None:
    """Responses may be strings or objects with model and sampling."""
    item = _one(tmp_path, {"prompt": "p", "responses": [
        "a", {"content": "b", "model": "m", "sampling": {"temperature": 0.7}}]})
    assert [r.content for r in item.record.responses] == ["a", "b"]
    assert item.record.responses[1].model == "m" and item.shape == "prompt"


def test_prompt_row_extra_keys_and_metadata_merge(tmp_path: Path) -> None:
    """Unknown keys become metadata, merged with a given metadata object."""
    item = _one(tmp_path, {"prompt": "p", "id": 7, "metadata": {"topic": "x"}})
    assert item.record.metadata == {"id": 7, "topic": "x"}


def test_prompt_row_single_response(tmp_path: Path) -> None:
    """`response` is the record's one response."""
    item = _one(tmp_path, {"prompt": "p", "response": "r"})
    assert [r.content for r in item.record.responses] == ["r"]


def test_trl_conversational_prompt_completion(tmp_path: Path) -> None:
    """TRL's conversational prompt-completion row becomes messages plus one response."""
    item = _one(tmp_path, {"prompt": [{"role": "user", "content": "hi"}],
                           "completion": [{"role": "assistant", "content": "hello"}]})
    assert item.record.messages is not None and item.record.messages[0].content == "hi"
    assert item.record.responses[0].content == "hello"


def test_record_source_defaults_to_the_file_name(tmp_path: Path) -> None:
    """Records are stamped with the file's name unless a source is given."""
    assert _one(tmp_path, {"prompt": "p"}).record.source == "rows.jsonl"
    assert _one(tmp_path, {"prompt": "p"}, source="vendor-x").record.source == "vendor-x"


def test_messages_row_with_responses_and_metadata(tmp_path: Path) -> None:
    """A chat row keeps its messages, responses, and other keys as metadata."""
    item = _one(tmp_path, {"messages": [{"role": "system", "content": "s"},
                                        {"role": "user", "content": "u"}],
                           "responses": ["r1", "r2"], "lang": "en"})
    assert [m.role for m in item.record.messages or ()] == ["system", "user"]
    assert len(item.record.responses) == 2 and item.record.metadata == {"lang": "en"}
    assert item.shape == "messages"


def test_message_null_keys_are_dropped(tmp_path: Path) -> None:
    """Null keys in messages (Arrow pads structs with them) do not fail validation."""
    item = _one(tmp_path, {"messages": [{"role": "user", "content": "u", "tool_calls": None}]})
    assert item.record.messages is not None


def test_bad_role_names_the_message_field(tmp_path: Path) -> None:
    """An unknown role is reported at messages.N.role with the allowed roles."""
    err = _error(tmp_path, {"messages": [{"role": "robot", "content": "x"}]})
    assert err.location.field == "messages.0.role" and "assistant" in err.message
    assert err.location.line == 1


def test_messages_not_a_list_names_the_field(tmp_path: Path) -> None:
    """`messages` of the wrong type is reported on that field."""
    assert _error(tmp_path, {"messages": "hello"}).location.field == "messages"


def test_response_of_wrong_type_names_the_single_field(tmp_path: Path) -> None:
    """An error in `response` is reported under the name the row used."""
    err = _error(tmp_path, {"prompt": "p", "response": {"content": 3}})
    assert err.location.field == "response.content"


def test_metadata_that_is_not_an_object_is_an_error(tmp_path: Path) -> None:
    """A `metadata` value that is not an object is rejected on that field."""
    assert _error(tmp_path, {"prompt": "p", "metadata": [1]}).location.field == "metadata"


def test_forced_shape_reports_missing_key(tmp_path: Path) -> None:
    """With a forced shape, a row missing that shape's key is an error naming it."""
    err = _error(tmp_path, {"prompt": "p"}, shape="preference")
    assert err.location.field == "chosen"


def test_unknown_row_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """A row of unknown shape yields an InputError at its line."""
    err = _error(tmp_path, {"foo": 1})
    assert err.location.line == 1 and "foo" in err.message


def test_null_prompt_names_the_prompt_field(tmp_path: Path) -> None:
    """A null prompt (a gap in a columnar file) is reported on `prompt`."""
    assert _error(tmp_path, {"prompt": None}).location.field == "prompt"


def test_empty_messages_names_the_messages_field(tmp_path: Path) -> None:
    """An empty conversation is reported on `messages`."""
    assert _error(tmp_path, {"messages": []}).location.field == "messages"
