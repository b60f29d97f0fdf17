"""Field mapping: source columns renamed to canonical names before shape detection."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.mapping import FieldMapping, MappingError
from loopline.annotate.importing.stream import iter_items
from loopline.core.errors import InputError


def test_flat_columns_are_renamed_and_leave_metadata() -> None:
    """A renamed flat column moves to its canonical name and is not kept twice."""
    row = FieldMapping({"prompt": "question", "responses": "answers"})(
        {"question": "q", "answers": ["a"], "id": 1})
    assert row == {"prompt": "q", "responses": ["a"], "id": 1}


def test_dotted_source_reaches_into_nested_objects() -> None:
    """`data.q` reads the `q` key of the `data` object."""
    row = FieldMapping({"prompt": "data.q"})({"data": {"q": "deep"}})
    assert row["prompt"] == "deep"


def test_missing_mapped_column_names_the_source() -> None:
    """A row without the mapped column raises an error naming that column."""
    with pytest.raises(MappingError) as err:
        FieldMapping({"prompt": "question"})({"text": "q"})
    assert err.value.field == "question"


def test_swapped_columns_do_not_clobber_each_other() -> None:
    """Mapping two columns onto each other's names swaps them."""
    row = FieldMapping({"prompt": "response", "response": "prompt"})(
        {"prompt": "r", "response": "p"})
    assert row == {"prompt": "p", "response": "r"}


def test_mapping_applies_before_shape_detection(tmp_path: Path) -> None:
    """A mapped file imports as the shape its canonical names describe."""
    path = tmp_path / "rows.jsonl"
    path.write_bytes(orjson.dumps({"q": "p", "good": "c", "bad": "r"}) + b"\n")
    (item,) = iter_items(path, mapping={"prompt": "q", "chosen": "good", "rejected": "bad"})
    assert isinstance(item, ImportItem) and item.shape == "preference"


def test_missing_mapped_column_in_a_file_is_a_row_error(tmp_path: Path) -> None:
    """In a file, a missing mapped column is an InputError at the row, naming the field."""
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"question": "q"}\n{"text": "t"}\n')
    items = list(iter_items(path, mapping={"prompt": "question"}))
    assert isinstance(items[0], ImportItem)
    assert isinstance(items[1], InputError)
    assert (items[1].location.line, items[1].location.field) == (2, "question")


def test_csv_mapped_source_column_is_decoded_as_json(tmp_path: Path) -> None:
    """A CSV column mapped onto `responses` has its JSON cells decoded."""
    path = tmp_path / "rows.csv"
    path.write_text('q,outs\nhello,"[""a"", ""b""]"\n')
    (item,) = iter_items(path, mapping={"prompt": "q", "responses": "outs"})
    assert isinstance(item, ImportItem)
    assert [r.content for r in item.record.responses] == ["a", "b"]
