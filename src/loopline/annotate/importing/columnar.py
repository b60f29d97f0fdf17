"""Read Parquet files and folders written by `datasets.Dataset.save_to_disk`, batch by batch.

Both are Arrow underneath, so pyarrow reads them directly: the `datasets` package (slow to
import, heavy) is not needed at run time. Columnar files carry typed rows, so there are no
per-row parse errors here; a file pyarrow cannot read raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from loopline.core.errors import InputError, Location

_BATCH_ROWS = 4096


def read_parquet(path: Path) -> Iterator[tuple[Location, dict[str, Any] | InputError]]:
    """Stream a Parquet file's rows (unit "row", 1-based)."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read the Parquet file: {exc}", Location(file=str(path))) from exc
    return _rows(path, parquet.iter_batches(batch_size=_BATCH_ROWS))


def read_hf(folder: Path) -> Iterator[tuple[Location, dict[str, Any] | InputError]]:
    """Stream the rows of a dataset saved with `save_to_disk` (its Arrow stream shards in order)."""
    try:
        state = orjson.loads((folder / "state.json").read_bytes())
        files = [folder / entry["filename"] for entry in state["_data_files"]]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"not a saved dataset (bad state.json): {exc}",
                         Location(file=str(folder))) from exc
    return _rows(folder, _arrow_batches(folder, files))


def _arrow_batches(folder: Path, files: list[Path]) -> Iterator[pa.RecordBatch]:
    for file in files:
        try:
            with pa.memory_map(str(file)) as source:
                yield from pa.ipc.open_stream(source)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"cannot read the dataset shard {file.name}: {exc}",
                             Location(file=str(folder))) from exc


def _rows(path: Path, batches: Iterator[pa.RecordBatch]
          ) -> Iterator[tuple[Location, dict[str, Any] | InputError]]:
    name = str(path)
    n = 0
    try:
        for batch in batches:
            for row in batch.to_pylist():
                n += 1
                yield Location(file=name, line=n, unit="row"), row
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read on after row {n}: {exc}", Location(file=name)) from exc
