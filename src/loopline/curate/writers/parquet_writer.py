"""Parquet output (`id`, `text`, `metadata` as a JSON string), written in row groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from loopline.curate.document import Document
from loopline.curate.writers.base_writer import BaseWriter

_ROWS = 10_000


class _Sink:
    def __init__(self, path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("metadata", pa.string())])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict[str, Any]] = []

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []


class ParquetWriter(BaseWriter):
    type = "parquet_writer"
    default_suffix = ".parquet"

    def open(self, path: Path) -> _Sink:
        return _Sink(path)

    def write(self, sink: _Sink, doc: Document) -> None:
        sink.rows.append({"id": doc.id, "text": doc.text, "metadata": orjson.dumps(doc.metadata).decode()})
        if len(sink.rows) >= _ROWS:
            sink.flush()

    def close(self, sink: _Sink) -> None:
        sink.flush()
        sink.writer.close()
