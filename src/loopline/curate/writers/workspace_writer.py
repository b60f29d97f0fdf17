"""Write documents straight into a workspace project as records (and queued tasks).

Workers write record rows (`prompt`, or `messages` when a segmenter made a conversation) to
shard files; `finalize` then imports each shard in the driver through the import service
(`loopline.annotate.imports`), so SQLite keeps its single writer and records stay
deduplicated by content. Metadata keeps the document id and its curation fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import orjson

from loopline.curate.document import Document
from loopline.curate.writers.base_writer import BaseWriter


class WorkspaceWriter(BaseWriter):
    type = "workspace_writer"

    def __init__(self, project: str, workspace: str = ".", database_url: str | None = None) -> None:
        super().__init__(output="")
        self.project = project
        self.workspace = workspace
        self.database_url = database_url
        self.reports: list[dict[str, int]] = []

    def path_for(self, rank: int) -> Path:
        assert self.folder is not None, "bind() the step to a folder first"
        return self.folder / f"records-{rank:05d}.jsonl"

    def write(self, sink: IO[bytes], doc: Document) -> None:
        metadata = {k: v for k, v in doc.metadata.items() if k != "messages"}
        metadata["curate_id"] = doc.id
        messages = doc.metadata.get("messages")
        row = {"messages": messages} if messages else {"prompt": doc.text}
        sink.write(orjson.dumps({**row, "metadata": metadata, "source": metadata.get("source")}) + b"\n")

    def finalize(self, world_size: int) -> None:
        from loopline.annotate.imports import import_file
        from loopline.annotate.workspace import open_workspace

        with open_workspace(Path(self.workspace), self.database_url) as ws:
            for rank in range(world_size):
                path = self.path_for(rank)
                if not path.exists() or path.stat().st_size == 0:
                    continue
                report = import_file(ws, path, self.project)
                self.stats.counters["records_new"] += report.records_new
                self.stats.counters["records_existing"] += report.records_existing
                self.stats.counters["tasks_new"] += report.tasks_new
