"""Writers stream documents to one file per shard and pass them on (so a writer can sit in
the middle of a pipeline, as a checkpoint). The file appears under its final name only when
the shard finished: a killed run leaves a hidden `.tmp-` file (readers skip hidden files),
never a half file that looks whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from loopline.curate.base import PipelineStep
from loopline.curate.document import Document
from loopline.curate.textio import open_write


class BaseWriter(PipelineStep):
    kind = "writer"
    default_suffix = ".jsonl"

    def __init__(self, output: str, suffix: str | None = None) -> None:
        super().__init__()
        self.output = output
        self.suffix = suffix or self.default_suffix

    def path_for(self, rank: int) -> Path:
        return Path(self.output) / f"{rank:05d}{self.suffix}"

    def open(self, path: Path) -> Any:
        return open_write(path)

    def write(self, sink: Any, doc: Document) -> None:
        raise NotImplementedError

    def close(self, sink: Any) -> None:
        sink.close()

    def run(self, docs: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        final = self.path_for(rank)
        tmp = final.with_name(".tmp-" + final.name)  # keeps the suffix that picks the compression
        sink: IO[bytes] = self.open(tmp)
        stats = self.stats
        done = False
        try:
            for doc in docs:
                stats.docs_in += 1
                self.write(sink, doc)
                stats.docs_out += 1
                yield doc
            done = True
        finally:
            self.close(sink)
            if done:
                os.replace(tmp, final)
                stats.counters["files"] += 1
