"""A folder of plain text files, one document per file (id = the relative path)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from loopline.curate.document import Document
from loopline.curate.readers.base_reader import BadRow, BaseReader
from loopline.curate.textio import open_binary


class TextFolderReader(BaseReader):
    type = "text_reader"
    suffixes = (".txt", ".md", ".text")

    def read_file(self, path: Path) -> Iterator[Document | BadRow]:
        with open_binary(path) as stream:
            data = stream.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            yield BadRow(line, f"not UTF-8 (byte {exc.start}): {exc.reason}")
            return
        yield Document(text=text, id=str(path), metadata={"source": path.name})
