"""Answers rows: a record in any shape plus one annotator's answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.stream import iter_items
from loopline.core.errors import InputError


def _items(tmp_path: Path, *rows: Any) -> list[ImportItem | InputError]:
    path = tmp_path / "delivery.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return list(iter_items(path))


def test_answers_row_gives_record_and_one_annotation(tmp_path: Path) -> None:
    """The nested record is built and the answers are attributed to the named annotator."""
    (item,) = _items(tmp_path, {"record": {"prompt": "p", "responses": ["a", "b"]},
                                "annotator": "vendor-7", "answers": {"rank": [2, 1]},
                                "created_at": "2024-01-01T00:00:00+00:00"})
    assert isinstance(item, ImportItem) and item.shape == "answers"
    assert item.record.prompt == "p" and len(item.record.responses) == 2
    (annotation,) = item.annotations
    assert (annotation.annotator, annotation.answers) == ("vendor-7", {"rank": [2, 1]})
    assert annotation.created_at == 1704067200.0


def test_preference_record_keeps_only_the_delivered_answers(tmp_path: Path) -> None:
    """A preference-shaped record does not add its own implied annotation."""
    (item,) = _items(tmp_path, {"record": {"prompt": "p", "chosen": "c", "rejected": "r"},
                                "annotator": "v", "answers": {"ok": True}})
    assert isinstance(item, ImportItem) and [a.annotator for a in item.annotations] == ["v"]


def test_record_errors_are_prefixed_with_record(tmp_path: Path) -> None:
    """A bad nested record is reported at record.<field>."""
    (err,) = _items(tmp_path, {"record": {"messages": [{"role": "robot", "content": "x"}]},
                               "annotator": "v", "answers": {}})
    assert isinstance(err, InputError) and err.location.field == "record.messages.0.role"


def test_missing_annotator_is_an_error(tmp_path: Path) -> None:
    """Answers without an annotator name cannot be attributed, so the row is rejected."""
    (err,) = _items(tmp_path, {"record": {"prompt": "p"}, "answers": {"q": 1}})
    assert isinstance(err, InputError) and err.location.field == "annotator"


def test_answers_not_an_object_is_an_error(tmp_path: Path) -> None:
    """`answers` must be keyed by question name."""
    (err,) = _items(tmp_path, {"record": {"prompt": "p"}, "annotator": "v", "answers": [1]})
    assert isinstance(err, InputError) and err.location.field == "answers"
