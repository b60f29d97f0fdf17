"""Streams built rows into data.parquet and lineage.parquet while hashing them.

Rows are buffered as per-column Python lists and flushed every `batch_rows` rows, so memory stays
flat however many annotations are exported. Hashing happens on the same pass: each row's
canonical JSON feeds both the version digest and the row's own hash (kept in the lineage, which
is what `diff_versions` compares).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from loopline.train.datasets.manifest import DATA_FILE, LINEAGE_FILE
from loopline.train.datasets.rows import BuiltRow

LINEAGE_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64()),
        pa.field("task_id", pa.int64()),
        pa.field("record_id", pa.int64()),
        pa.field("annotation_ids", pa.list_(pa.int64())),
        pa.field("question", pa.string()),
        pa.field("row_hash", pa.string()),
    ]
)

_SORTED = orjson.OPT_SORT_KEYS


def _column(values: list[Any], field: pa.Field) -> pa.Array:
    """One Arrow column; timestamps arrive as float epoch seconds (the hashed form)."""
    if pa.types.is_timestamp(field.type):
        micros = pc.round(pc.multiply(pa.array(values, pa.float64()), 1_000_000.0))
        return micros.cast(pa.int64()).cast(field.type)
    return pa.array(values, type=field.type)


class RowSink:
    """Writes one version's rows; `hexdigest()` is sha256(fmt, then each row's canonical JSON)."""

    def __init__(self, folder: Path, fmt: str, schema: pa.Schema, batch_rows: int = 10_000) -> None:
        self.schema = schema
        self.names: list[str] = schema.names
        self.batch_rows = batch_rows
        self.data = pq.ParquetWriter(folder / DATA_FILE, schema, compression="zstd")
        self.lineage = pq.ParquetWriter(folder / LINEAGE_FILE, LINEAGE_SCHEMA, compression="zstd")
        self.digest = hashlib.sha256(fmt.encode() + b"\n")
        self.row_count = 0
        self._reset()

    def _reset(self) -> None:
        self.columns: list[list[Any]] = [[] for _ in self.names]
        self.tasks: list[int] = []
        self.records: list[int] = []
        self.annotations: list[list[int]] = []
        self.questions: list[str] = []
        self.hashes: list[str] = []

    def add(self, row: BuiltRow, task_id: int, record_id: int) -> None:
        data = row.data
        blob = orjson.dumps(data, option=_SORTED)
        self.digest.update(blob)
        self.digest.update(b"\n")
        self.hashes.append(hashlib.sha256(blob).hexdigest()[:32])
        for values, name in zip(self.columns, self.names):
            values.append(data[name])
        self.tasks.append(task_id)
        self.records.append(record_id)
        self.annotations.append(row.annotation_ids)
        self.questions.append(row.question)
        if len(self.hashes) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        n = len(self.hashes)
        if n == 0:
            return
        arrays = [_column(values, field) for values, field in zip(self.columns, self.schema)]
        self.data.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        lineage = [
            pa.array(range(self.row_count, self.row_count + n), pa.int64()),
            pa.array(self.tasks, pa.int64()),
            pa.array(self.records, pa.int64()),
            pa.array(self.annotations, pa.list_(pa.int64())),
            pa.array(self.questions, pa.string()),
            pa.array(self.hashes, pa.string()),
        ]
        self.lineage.write_table(pa.Table.from_arrays(lineage, schema=LINEAGE_SCHEMA))
        self.row_count += n
        self._reset()

    def close(self) -> None:
        """Flush what is left and finish both files (a version may have zero rows)."""
        self.flush()
        self.data.close()
        self.lineage.close()

    def hexdigest(self) -> str:
        return self.digest.hexdigest()
