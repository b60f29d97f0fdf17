"""Streams built rows into data.parquet and lineage.parquet while hashing them.

Each row is serialised once to canonical JSON; those bytes feed the version digest, the row's
own hash (kept in the lineage, which is what `diff_versions` compares) and, per batch, Arrow's
C++ JSON reader with the format's explicit schema. Buffering bytes and ints instead of nested
Python dicts keeps the garbage collector out of the hot path and memory flat however many
annotations are exported.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
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


def _json_schema(schema: pa.Schema) -> pa.Schema:
    """The schema to parse with: timestamps arrive as float epoch seconds (the hashed form)."""
    return pa.schema(
        [pa.field(f.name, pa.float64()) if pa.types.is_timestamp(f.type) else f for f in schema]
    )


def _to_timestamp(column: pa.ChunkedArray, kind: pa.DataType) -> pa.ChunkedArray:
    micros = pc.round(pc.multiply(column, 1_000_000.0))
    return micros.cast(pa.int64()).cast(kind)


class RowSink:
    """Writes one version's rows; `hexdigest()` is sha256 of fmt + "\\n" + each row's JSON + "\\n".

    Parsing, compressing and writing a batch happen on one background thread (Arrow and hashlib
    release the GIL), overlapping with building the next batch; at most one batch is in flight,
    so memory stays bounded and batches land in order.
    """

    def __init__(self, folder: Path, fmt: str, schema: pa.Schema, batch_rows: int = 10_000) -> None:
        self.schema = schema
        self.parse_schema = _json_schema(schema)
        self.batch_rows = batch_rows
        self.data = pq.ParquetWriter(folder / DATA_FILE, schema, compression="zstd")
        self.lineage = pq.ParquetWriter(folder / LINEAGE_FILE, LINEAGE_SCHEMA, compression="zstd")
        self.digest = hashlib.sha256(fmt.encode() + b"\n")
        self.row_count = 0
        self.per_question: Counter[str] = Counter()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loopline-sink")
        self._pending: Future[None] | None = None
        self._reset()

    def _reset(self) -> None:
        self.blobs: list[bytes] = []
        self.tasks: list[int] = []
        self.records: list[int] = []
        self.offsets: list[int] = [0]
        self.annotation_ids: list[int] = []
        self.questions: list[str] = []
        self.hashes: list[str] = []

    def add_rows(self, rows: Iterable[BuiltRow], task_id: int, record_id: int) -> int:
        """Buffer every row of one task; returns how many there were."""
        blobs, hashes, questions = self.blobs, self.hashes, self.questions
        ids, offsets = self.annotation_ids, self.offsets
        dumps, sha256 = orjson.dumps, hashlib.sha256
        start = len(blobs)
        for data, question, annotation_ids in rows:
            blob = dumps(data, option=_SORTED)
            blobs.append(blob)
            hashes.append(sha256(blob).hexdigest()[:32])
            ids.extend(annotation_ids)
            offsets.append(len(ids))
            questions.append(question)
        count = len(blobs) - start
        if count:
            self.tasks.extend([task_id] * count)
            self.records.extend([record_id] * count)
            if len(blobs) >= self.batch_rows:
                self.flush()
        return count

    def _data_table(self, payload: bytes, longest: int) -> pa.Table:
        # A row must fit in one parser block, or the reader cannot find its end.
        block = max(1 << 20, 2 * longest + 16)
        table = pa_json.read_json(
            io.BytesIO(payload),
            read_options=pa_json.ReadOptions(block_size=block),
            parse_options=pa_json.ParseOptions(
                explicit_schema=self.parse_schema, unexpected_field_behavior="error"
            ),
        )
        columns = []
        for field in self.schema:
            column = table.column(field.name)
            if pa.types.is_timestamp(field.type):
                column = _to_timestamp(column, field.type)
            columns.append(column)
        return pa.Table.from_arrays(columns, schema=self.schema)

    def _write(self, payload: bytes, longest: int, lineage: pa.Table) -> None:
        self.digest.update(payload)
        self.data.write_table(self._data_table(payload, longest))
        self.lineage.write_table(lineage)

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()  # re-raises a failure of the background write

    def flush(self) -> None:
        n = len(self.blobs)
        if n == 0:
            return
        payload = b"\n".join(self.blobs) + b"\n"
        longest = max(map(len, self.blobs))
        annotations = pa.ListArray.from_arrays(
            pa.array(self.offsets, pa.int32()), pa.array(self.annotation_ids, pa.int64())
        )
        lineage = [
            pa.array(range(self.row_count, self.row_count + n), pa.int64()),
            pa.array(self.tasks, pa.int64()),
            pa.array(self.records, pa.int64()),
            annotations,
            pa.array(self.questions, pa.string()),
            pa.array(self.hashes, pa.string()),
        ]
        table = pa.Table.from_arrays(lineage, schema=LINEAGE_SCHEMA)
        self.row_count += n
        self.per_question.update(self.questions)
        self._reset()
        self._wait()
        self._pending = self._pool.submit(self._write, payload, longest, table)

    def close(self) -> None:
        """Flush what is left and finish both files (a version may have zero rows)."""
        try:
            self.flush()
            self._wait()
        finally:
            self._pool.shutdown(wait=True)
            self.data.close()
            self.lineage.close()

    def hexdigest(self) -> str:
        """The version digest; only complete after `close()`."""
        return self.digest.hexdigest()
