"""JSON Lines output (`.jsonl`, `.jsonl.gz`, `.jsonl.zst` by `suffix`)."""

from __future__ import annotations

from typing import IO

import orjson

from loopline.curate.document import Document
from loopline.curate.writers.base_writer import BaseWriter


class JsonlWriter(BaseWriter):
    type = "jsonl_writer"
    default_suffix = ".jsonl"

    def write(self, sink: IO[bytes], doc: Document) -> None:
        sink.write(orjson.dumps(doc.to_dict()) + b"\n")
