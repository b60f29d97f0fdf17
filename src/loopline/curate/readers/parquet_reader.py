"""Parquet, read in record batches so a large file never sits in memory whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from loopline.curate.document import Document
from loopline.curate.readers.base_reader import BadRow, BaseReader


class ParquetReader(BaseReader):
    type = "parquet_reader"
    suffixes = (".parquet",)

    def read_file(self, path: Path) -> Iterator[Document | BadRow]:
        import pyarrow.parquet as pq

        row_no = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                row_no += 1
                yield self.make_document(row, path, row_no)
