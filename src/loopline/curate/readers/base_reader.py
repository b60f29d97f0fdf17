"""Readers turn files into documents. Files are split across shards (`files[rank::world_size]`),
each file is streamed, and a row that cannot be read is counted and reported with its file
and line, never silently skipped: under `strict` it stops the run instead.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loopline.core.errors import InputError, Location
from loopline.curate.base import PipelineStep
from loopline.curate.document import Document


@dataclass(slots=True)
class BadRow:
    line: int | None
    error: str


class BaseReader(PipelineStep):
    kind = "reader"
    suffixes: tuple[str, ...] = ()

    def __init__(
        self, paths: str | list[str], text_key: str = "text", id_key: str | None = "id",
        limit: int | None = None, strict: bool = False,
    ) -> None:
        super().__init__()
        self.paths = [paths] if isinstance(paths, str) else list(paths)
        self.text_key = text_key
        self.id_key = id_key
        self.limit = limit
        self.strict = strict

    def files(self) -> list[Path]:
        """Every input file, sorted, so shard k gets the same files on every run."""
        found: list[Path] = []
        for pattern in self.paths:
            path = Path(pattern)
            if path.is_dir():
                found.extend(p for p in sorted(path.rglob("*"))
                             if p.is_file() and not p.name.startswith(".") and self._accepts(p))
            elif any(ch in pattern for ch in "*?["):
                found.extend(Path(p) for p in sorted(glob.glob(pattern, recursive=True)) if Path(p).is_file())
            elif path.exists():
                found.append(path)
            else:
                raise InputError("no such file or folder", Location(file=pattern))
        return sorted(dict.fromkeys(found))

    def _accepts(self, path: Path) -> bool:
        name = path.name.lower().removesuffix(".gz").removesuffix(".zst")
        return not self.suffixes or name.endswith(self.suffixes)

    def read_file(self, path: Path) -> Iterator[Document | BadRow]:
        raise NotImplementedError

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        yield from docs  # a reader later in a pipeline adds its documents to the stream
        stats = self.stats
        count = 0
        for path in self.files()[rank::world_size]:
            try:
                rows = self.read_file(path)
                for row in rows:
                    stats.docs_in += 1
                    if isinstance(row, BadRow):
                        self._bad(path, row.line, row.error)
                        continue
                    stats.docs_out += 1
                    yield row
                    count += 1
                    if self.limit is not None and count >= self.limit:
                        return
            except (OSError, EOFError, InputError, ValueError) as exc:  # unreadable / truncated file
                stats.docs_in += 1
                self._bad(path, None, f"unreadable file: {exc}")

    def _bad(self, path: Path, line: int | None, error: str) -> None:
        if self.strict:
            raise InputError(error, Location(file=str(path), line=line))
        self.stats.bad_input(str(path), line, error)

    def make_document(self, row: dict[str, Any], path: Path, line: int) -> Document | BadRow:
        text = row.get(self.text_key)
        if not isinstance(text, str):
            return BadRow(line, f"field '{self.text_key}' is missing or not a string")
        raw_id = row.get(self.id_key) if self.id_key else None
        doc_id = str(raw_id) if raw_id is not None else f"{path.name}:{line}"
        metadata = {k: v for k, v in row.items() if k != self.text_key and k != self.id_key}
        metadata["source"] = path.name
        return Document(text=text, id=doc_id, metadata=metadata)
