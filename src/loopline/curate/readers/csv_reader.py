"""CSV with a header row; every other column becomes metadata."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from loopline.curate.document import Document
from loopline.curate.readers.base_reader import BadRow, BaseReader
from loopline.curate.textio import open_binary

csv.field_size_limit(1 << 30)


class CsvReader(BaseReader):
    type = "csv_reader"
    suffixes = (".csv", ".tsv")

    def read_file(self, path: Path) -> Iterator[Document | BadRow]:
        delimiter = "\t" if ".tsv" in path.name.lower() else ","
        with open_binary(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            rows = csv.DictReader(text, delimiter=delimiter)
            try:
                for row in rows:
                    line = rows.line_num
                    if None in row:
                        yield BadRow(line, "more values than header columns")
                        continue
                    yield self.make_document(dict(row), path, line)
            except UnicodeDecodeError as exc:
                yield BadRow(rows.line_num + 1, f"not UTF-8: {exc}")
