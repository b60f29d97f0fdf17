"""Open files for reading or writing, compressed or not, by their suffix (.gz, .zst)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import IO

from loopline.annotate.importing.compression import open_binary, strip_compression

__all__ = ["open_binary", "open_write", "strip_compression"]


def open_write(path: Path) -> IO[bytes]:
    """A binary stream that compresses by suffix: `.gz` (level 1, speed first), `.zst`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return gzip.open(path, "wb", compresslevel=1)  # type: ignore[return-value]
    if suffix == ".zst":
        import zstandard

        raw = open(path, "wb")
        return zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=True)  # type: ignore[return-value]
    return io.BufferedWriter(open(path, "wb", buffering=0), 1 << 20)
