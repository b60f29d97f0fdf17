"""Readers: every format streams rows with the right locations; bad rows do not stop the stream."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from loopline.annotate.importing.readers import detect_format, read_rows
from loopline.core.errors import InputError


def _lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_rows_carry_one_based_line_numbers(tmp_path: Path) -> None:
    """JSONL rows are located by physical line, blank lines skipped but counted."""
    path = _lines(tmp_path / "a.jsonl", ['{"prompt": "a"}', "", '{"prompt": "b"}'])
    out = list(read_rows(path))
    assert [(loc.line, loc.unit, row) for loc, row in out] == [
        (1, "line", {"prompt": "a"}), (3, "line", {"prompt": "b"})]


def test_jsonl_broken_line_yields_error_and_stream_goes_on(tmp_path: Path) -> None:
    """A line of broken JSON becomes an InputError at that line, and later lines still come."""
    path = _lines(tmp_path / "a.jsonl", ['{"prompt": "a"}', '{"prompt": ', '{"prompt": "c"}'])
    out = list(read_rows(path))
    assert isinstance(out[1][1], InputError)
    assert out[1][1].location.line == 2 and out[1][1].location.file == str(path)
    assert out[2][1] == {"prompt": "c"}


def test_jsonl_non_object_line_is_an_error(tmp_path: Path) -> None:
    """A JSON value that is not an object is reported, naming what it is."""
    path = _lines(tmp_path / "a.jsonl", ["[1, 2]"])
    (_, row), = read_rows(path)
    assert isinstance(row, InputError) and "array" in row.message


def test_jsonl_with_byte_order_mark_reads(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark on the first line is ignored."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"prompt": "a"}\n')
    assert [row for _, row in read_rows(path)] == [{"prompt": "a"}]


def test_gzipped_jsonl_is_decompressed(tmp_path: Path) -> None:
    """`.jsonl.gz` is detected as JSONL and read through gzip."""
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt") as f:
        f.write('{"prompt": "a"}\n{"prompt": "b"}\n')
    assert [row["prompt"] for _, row in read_rows(path)] == ["a", "b"]


def test_corrupt_gzip_raises_input_error(tmp_path: Path) -> None:
    """A file that is not really gzip raises an InputError naming the file."""
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(b"not gzip at all\n")
    with pytest.raises(InputError) as err:
        list(read_rows(path))
    assert err.value.location.file == str(path)


def test_zst_jsonl_is_read_transparently(tmp_path: Path) -> None:
    """A zstd-compressed JSONL file reads like the plain one, with the same line numbers."""
    import zstandard

    path = tmp_path / "a.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(b'{"prompt": "a"}\n{"prompt": "b"}\n'))
    out = list(read_rows(path))
    assert [(loc.line, row) for loc, row in out] == [(1, {"prompt": "a"}), (2, {"prompt": "b"})]


def test_json_array_streams_items(tmp_path: Path) -> None:
    """A top-level JSON array yields one row per item, unit 'item', non-objects as errors."""
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"prompt": "a", "x": 1.5}, 3, {"prompt": "c"}]))
    out = list(read_rows(path))
    assert [(loc.line, loc.unit) for loc, _ in out] == [(1, "item"), (2, "item"), (3, "item")]
    assert out[0][1] == {"prompt": "a", "x": 1.5} and type(out[0][1]["x"]) is float
    assert isinstance(out[1][1], InputError)


def test_json_single_object_is_one_item(tmp_path: Path) -> None:
    """A top-level object is read as a single item."""
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"prompt": "a"}, indent=2))
    assert [row for _, row in read_rows(path)] == [{"prompt": "a"}]


def test_json_truncated_array_raises_at_the_item(tmp_path: Path) -> None:
    """An array cut off mid-way cannot be read on, so it raises, naming the item it reached."""
    path = tmp_path / "a.json"
    path.write_text('[{"prompt": "a"}, {"prompt": ')
    rows = read_rows(path)
    assert next(rows)[1] == {"prompt": "a"}
    with pytest.raises(InputError) as err:
        next(rows)
    assert err.value.location.line == 2


def test_csv_decodes_json_cells_and_counts_physical_lines(tmp_path: Path) -> None:
    """CSV JSON columns are decoded, and a row's line is where it starts, past multi-line cells."""
    path = tmp_path / "a.csv"
    path.write_text('prompt,responses,note\n"two\nlines","[""x"", ""y""]",n1\n[INST] hi,,n2\n')
    out = list(read_rows(path))
    assert [loc.line for loc, _ in out] == [2, 4]
    assert out[0][1] == {"prompt": "two\nlines", "responses": ["x", "y"], "note": "n1"}
    assert out[1][1]["prompt"] == "[INST] hi"


def test_csv_bad_json_cell_is_a_row_error(tmp_path: Path) -> None:
    """Broken JSON in a JSON column is an error on that row's field."""
    path = tmp_path / "a.csv"
    path.write_text('prompt,messages\nhi,[{"role"\n')
    (_, row), = read_rows(path)
    assert isinstance(row, InputError) and row.location.field == "messages"


def test_csv_row_with_wrong_cell_count_is_an_error(tmp_path: Path) -> None:
    """A row with more cells than the header is reported, not silently shifted."""
    path = tmp_path / "a.csv"
    path.write_text("prompt,note\na,b,c\nd,e\n")
    out = [row for _, row in read_rows(path)]
    assert isinstance(out[0], InputError) and out[1] == {"prompt": "d", "note": "e"}


def test_parquet_rows_stream_with_nested_values(tmp_path: Path) -> None:
    """Parquet rows come out as dicts (nested lists of structs included), unit 'row'."""
    path = tmp_path / "a.parquet"
    table = pa.Table.from_pylist([{"messages": [{"role": "user", "content": "hi"}], "n": i}
                                  for i in range(3)])
    pq.write_table(table, path)
    out = list(read_rows(path))
    assert [(loc.line, loc.unit) for loc, _ in out] == [(1, "row"), (2, "row"), (3, "row")]
    assert out[2][1] == {"messages": [{"role": "user", "content": "hi"}], "n": 2}


def test_saved_hf_dataset_folder_is_read_without_datasets(tmp_path: Path) -> None:
    """A `save_to_disk` folder is detected and its rows read in order."""
    datasets = pytest.importorskip("datasets")
    folder = tmp_path / "ds"
    datasets.Dataset.from_list([{"prompt": f"p{i}", "chosen": "c", "rejected": "r"}
                                for i in range(5)]).save_to_disk(str(folder))
    assert detect_format(folder) == "hf"
    out = list(read_rows(folder))
    assert [row["prompt"] for _, row in out] == [f"p{i}" for i in range(5)]
    assert out[4][0].unit == "row" and out[4][0].line == 5


def test_dataset_dict_folder_asks_for_a_split(tmp_path: Path) -> None:
    """A DatasetDict folder raises an error pointing at its split folders."""
    (tmp_path / "dataset_dict.json").write_text('{"splits": ["train"]}')
    with pytest.raises(InputError, match="split"):
        read_rows(tmp_path)


def test_unknown_suffix_raises(tmp_path: Path) -> None:
    """A name that says nothing about the format raises at once."""
    path = tmp_path / "rows.txt"
    path.write_text("x")
    with pytest.raises(InputError, match="format"):
        read_rows(path)


def test_missing_file_raises(tmp_path: Path) -> None:
    """A missing file raises an InputError naming it."""
    with pytest.raises(InputError, match="no such file"):
        read_rows(tmp_path / "nope.jsonl")


def test_explicit_format_overrides_suffix(tmp_path: Path) -> None:
    """`fmt` reads a file whatever its name."""
    path = _lines(tmp_path / "rows.txt", ['{"prompt": "a"}'])
    assert [row for _, row in read_rows(path, "jsonl")] == [{"prompt": "a"}]
