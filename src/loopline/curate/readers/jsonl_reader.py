"""JSON Lines, one document per line (`.jsonl`, `.jsonl.gz`, `.jsonl.zst`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from loopline.curate.document import Document
from loopline.curate.readers.base_reader import BadRow, BaseReader
from loopline.curate.textio import open_binary


class JsonlReader(BaseReader):
    type = "jsonl_reader"
    suffixes = (".jsonl", ".ndjson", ".json")

    def read_file(self, path: Path) -> Iterator[Document | BadRow]:
        with open_binary(path) as stream:
            for line_no, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    row = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    yield BadRow(line_no, f"not valid JSON (or not UTF-8): {exc}")
                    continue
                if not isinstance(row, dict):
                    yield BadRow(line_no, "expected a JSON object")
                    continue
                yield self.make_document(row, path, line_no)
