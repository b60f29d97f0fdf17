"""Stream rows out of JSONL, JSON, CSV, Parquet and saved Hugging Face datasets.

Rows come out one at a time so a file of millions of rows never sits in memory. A row that
cannot be parsed is yielded as an `InputError` in place of its dict, so one bad line costs one
row and the caller decides whether to abort or skip; only a file that cannot be read at all
(missing, undecodable, unknown format) raises.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import ijson
import orjson

from loopline.annotate.importing.columnar import read_hf, read_parquet
from loopline.annotate.importing.compression import open_binary, strip_compression
from loopline.core.errors import InputError, Location

Row = dict[str, Any] | InputError
FORMATS = ("jsonl", "json", "csv", "parquet", "hf")
# CSV cells in these columns that look like JSON are decoded, since CSV cannot nest.
JSON_COLUMNS = frozenset({"messages", "responses", "chosen", "rejected", "metadata", "prompt"})
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}
_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}


def detect_format(path: Path) -> str:
    """Tell the format from the name, so users rarely need `--format`."""
    if path.is_dir():
        if (path / "state.json").is_file():
            return "hf"
        if (path / "dataset_dict.json").is_file():
            raise InputError("this folder holds a DatasetDict: point at one split folder "
                             f"(e.g. {path / 'train'})", Location(file=str(path)))
        raise InputError("a folder must be a dataset saved with save_to_disk (no state.json)",
                         Location(file=str(path)))
    fmt = _SUFFIXES.get(strip_compression(path).suffix.lower())
    if fmt is None:
        raise InputError("cannot tell the format from the file name; pass one of "
                         f"{', '.join(FORMATS)}", Location(file=str(path)))
    return fmt


def read_rows(path: Path, fmt: str | None = None,
              json_columns: Iterable[str] = JSON_COLUMNS) -> Iterator[tuple[Location, Row]]:
    """Yield `(location, row-or-error)` for every row of `path`, streaming.

    `json_columns` only matters for CSV: the columns whose JSON-looking cells are decoded
    (callers with a field mapping add their source columns).
    """
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})",
                         Location(file=str(path)))
    if not path.exists():
        raise InputError("no such file", Location(file=str(path)))
    if fmt == "parquet":
        return read_parquet(path)
    if fmt == "hf":
        return read_hf(path)
    if fmt == "csv":
        return _guard(path, _read_csv(path, frozenset(json_columns)))
    return _guard(path, _read_jsonl(path) if fmt == "jsonl" else _read_json(path))


def _guard(path: Path, rows: Iterator[tuple[Location, Row]]) -> Iterator[tuple[Location, Row]]:
    """Turn low-level read failures (bad gzip, bad encoding) into an `InputError` on the file."""
    try:
        yield from rows
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read the file: {exc}", Location(file=str(path))) from exc


def _not_object(value: Any) -> str:
    return f"expected a JSON object, got {_JSON_TYPES.get(type(value), type(value).__name__)}"


def _read_jsonl(path: Path) -> Iterator[tuple[Location, Row]]:
    name = str(path)
    with open_binary(path) as f:
        for n, line in enumerate(f, 1):
            loc = Location(file=name, line=n, unit="line")
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                if n == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]  # a UTF-8 byte-order mark, as some editors write
                if not line.strip():
                    continue
                try:
                    row = orjson.loads(line)
                except orjson.JSONDecodeError:
                    yield loc, InputError(f"invalid JSON: {exc}", loc)
                    continue
            yield loc, (row if type(row) is dict else InputError(_not_object(row), loc))


def _first_char(path: Path) -> bytes:
    """The first significant byte, to tell a top-level array from object(s) before parsing."""
    with open_binary(path) as f:
        while chunk := f.read(65536):
            stripped = chunk.lstrip(b" \t\r\n\xef\xbb\xbf")
            if stripped:
                return stripped[:1]
    return b""


def _read_json(path: Path) -> Iterator[tuple[Location, Row]]:
    name = str(path)
    first = _first_char(path)
    if not first:
        return
    n = 0
    with open_binary(path) as f:
        # An array streams item by item; otherwise accept one object or several in a row.
        items = (ijson.items(f, "item", use_float=True) if first == b"[" else
                 ijson.items(f, "", multiple_values=True, use_float=True))
        try:
            for n, value in enumerate(items, 1):
                loc = Location(file=name, line=n, unit="item")
                yield loc, (value if type(value) is dict else InputError(_not_object(value), loc))
        except ijson.JSONError as exc:
            loc = Location(file=name, line=n + 1, unit="item")
            raise InputError(f"invalid JSON, cannot read on: {exc}", loc) from exc


def _read_csv(path: Path, json_columns: frozenset[str]) -> Iterator[tuple[Location, Row]]:
    name = str(path)
    # The default cap (128 KiB per cell) is below a long chat transcript; lift it (process-wide).
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    with open_binary(path) as raw:
        text: IO[str] = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        header: list[str] | None = None
        decode: list[int] = []
        end = 0
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not cells:
                continue
            if header is None:
                header = cells
                decode = [i for i, col in enumerate(header) if col in json_columns]
                continue
            loc = Location(file=name, line=start, unit="line")
            if len(cells) != len(header):
                yield loc, InputError(
                    f"the row has {len(cells)} cells but the header has {len(header)}", loc)
                continue
            yield loc, _csv_row(header, cells, decode, loc)


def _csv_row(header: list[str], cells: list[str], decode: list[int], loc: Location) -> Row:
    row: dict[str, Any] = dict(zip(header, cells))
    for i in decode:
        cell = cells[i]
        if cell[:1] in ("[", "{"):
            try:
                row[header[i]] = orjson.loads(cell)
            except orjson.JSONDecodeError as exc:
                if header[i] != "prompt":  # a prompt may simply start with a bracket
                    return InputError(f"invalid JSON in column '{header[i]}': {exc}",
                                      Location(loc.file, loc.line, header[i], loc.unit))
    return row
