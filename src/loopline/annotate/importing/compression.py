"""Open a file for reading, decompressing `.gz` (and `.zst` when `zstandard` is installed).

Exports are often shipped compressed; reading them through a stream keeps memory flat and spares
the user an unpacking step.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
from pathlib import Path
from typing import IO

from loopline.core.errors import InputError, Location

COMPRESSED = (".gz", ".zst")
_BUFFER = 1 << 20


def strip_compression(path: Path) -> Path:
    """The name without its compression suffix, so `rows.jsonl.gz` reads as JSONL."""
    return path.with_suffix("") if path.suffix.lower() in COMPRESSED else path


def open_binary(path: Path) -> IO[bytes]:
    """A buffered binary stream of the (decompressed) content of `path`."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".gz":
            return io.BufferedReader(gzip.GzipFile(path, "rb"), _BUFFER)  # type: ignore[arg-type]
        if suffix == ".zst":
            return _open_zstd(path)
        return open(path, "rb", buffering=_BUFFER)
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc}", Location(file=str(path))) from exc


def _open_zstd(path: Path) -> IO[bytes]:
    if importlib.util.find_spec("zstandard") is None:
        raise InputError("reading .zst files needs the 'zstandard' package (pip install "
                         "zstandard)", Location(file=str(path)))
    import zstandard

    raw = open(path, "rb")
    reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
    return io.BufferedReader(reader, _BUFFER)  # type: ignore[arg-type]
