"""The iter_items facade: errors are yielded with locations, unreadable files raise."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.stream import iter_items
from loopline.core.errors import InputError, ValidationError


def test_good_and_bad_rows_interleave_in_file_order(tmp_path: Path) -> None:
    """Each line gives an item or an error, in order, so the caller can skip or abort."""
    path = tmp_path / "mixed.jsonl.gz"
    with gzip.open(path, "wt") as f:
        f.write('{"prompt": "a"}\n{oops\n{"messages": 5}\n{"prompt": "d"}\n')
    out = list(iter_items(path))
    assert [type(x) for x in out] == [ImportItem, InputError, InputError, ImportItem]
    assert [x.location.line for x in out] == [1, 2, 3, 4]
    assert out[2].location.field == "messages"  # type: ignore[union-attr]
    assert out[0].record.source == "mixed.jsonl.gz"  # type: ignore[union-attr]


def test_error_location_names_file_line_and_field(tmp_path: Path) -> None:
    """An error's text reads `file, line N, field 'x': message`."""
    path = tmp_path / "rows.jsonl"
    path.write_text('{"prompt": "a"}\n{"messages": [{"role": "robot", "content": "x"}]}\n')
    err = list(iter_items(path))[1]
    assert isinstance(err, InputError)
    assert str(err).startswith(f"{path}, line 2, field 'messages.0.role': ")


def test_unreadable_file_raises(tmp_path: Path) -> None:
    """A file that does not exist raises instead of yielding."""
    with pytest.raises(InputError):
        iter_items(tmp_path / "missing.jsonl")


def test_unknown_shape_raises(tmp_path: Path) -> None:
    """A forced shape that does not exist is rejected before reading."""
    path = tmp_path / "rows.jsonl"
    path.write_text("{}\n")
    with pytest.raises(ValidationError, match="shape"):
        iter_items(path, shape="sft")


def test_parquet_preference_rows_import(tmp_path: Path) -> None:
    """A TRL preference dataset in Parquet imports end to end."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "pref.parquet"
    pq.write_table(pa.Table.from_pylist([
        {"prompt": [{"role": "user", "content": "q"}],
         "chosen": [{"role": "assistant", "content": "good"}],
         "rejected": [{"role": "assistant", "content": "bad"}]}]), path)
    (item,) = iter_items(path)
    assert isinstance(item, ImportItem) and item.shape == "preference"
    assert item.location.unit == "row"
