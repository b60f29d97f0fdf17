"""A JSON file holding an array of objects, streamed item by item with ijson."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ijson

from loopline.curate.document import Document
from loopline.curate.readers.base_reader import BadRow, BaseReader
from loopline.curate.textio import open_binary


class JsonReader(BaseReader):
    type = "json_reader"
    suffixes = (".json",)

    def read_file(self, path: Path) -> Iterator[Document | BadRow]:
        with open_binary(path) as stream:
            item = 0
            try:
                for item, row in enumerate(ijson.items(stream, "item", use_float=True), 1):
                    if not isinstance(row, dict):
                        yield BadRow(item, "expected a JSON object")
                        continue
                    yield self.make_document(row, path, item)
            except (ijson.JSONError, UnicodeDecodeError) as exc:
                yield BadRow(item + 1, f"broken JSON after item {item}: {exc}")
