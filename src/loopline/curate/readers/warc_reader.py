"""WARC and WET files (Common Crawl), via warcio: one document per response/conversion record.

WET `conversion` records already hold extracted text; a WARC `response` holding HTML gets its
tags stripped crudely (use WET files for real crawls).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from loopline.curate.document import Document
from loopline.curate.readers.base_reader import BadRow, BaseReader

_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


class WarcReader(BaseReader):
    type = "warc_reader"
    suffixes = (".warc", ".wet", ".warc.wet")

    def read_file(self, path: Path) -> Iterator[Document | BadRow]:
        from warcio.archiveiterator import ArchiveIterator

        with open(path, "rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), 1):
                if record.rec_type not in ("conversion", "response"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or f"{path.name}:{number}"
                payload = record.content_stream().read()
                try:
                    text = payload.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield BadRow(number, f"record {url} is not UTF-8: {exc.reason}")
                    continue
                if record.rec_type == "response":
                    text = _TAGS.sub(" ", text)
                yield Document(text=text, id=url, metadata={
                    "source": path.name, "url": url,
                    "date": record.rec_headers.get_header("WARC-Date"),
                })
