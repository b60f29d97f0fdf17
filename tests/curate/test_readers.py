"""Readers: every format, compression, and bad input reported with file and line."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import zstandard

from loopline.core.errors import InputError
from loopline.curate import CsvReader, JsonlReader, JsonReader, ParquetReader, TextFolderReader, WarcReader


def _jsonl(rows: list[dict]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in rows)


def test_jsonl_plain_gzip_and_zstd(tmp_path: Path) -> None:
    """The same rows read the same from .jsonl, .jsonl.gz and .jsonl.zst."""
    data = _jsonl([{"id": "a", "text": "one", "lang": "en"}, {"id": "b", "text": "two"}])
    (tmp_path / "x.jsonl").write_bytes(data)
    (tmp_path / "y.jsonl.gz").write_bytes(gzip.compress(data))
    (tmp_path / "z.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    for name in ("x.jsonl", "y.jsonl.gz", "z.jsonl.zst"):
        docs = list(JsonlReader(str(tmp_path / name)).run([]))
        assert [(d.id, d.text) for d in docs] == [("a", "one"), ("b", "two")]
        assert docs[0].metadata["lang"] == "en"


def test_broken_line_is_counted_with_file_and_line(tmp_path: Path) -> None:
    """A broken line is skipped, counted as bad_input, and reported with its line number."""
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{broken\n{"text": 3}\n\xff\xfe\n{"text": "fine"}\n')
    reader = JsonlReader(str(path))
    assert [d.text for d in reader.run([])] == ["ok", "fine"]
    assert reader.stats.removed["bad_input"] == 3
    assert [e["line"] for e in reader.stats.errors] == [2, 3, 4]
    assert reader.stats.errors[0]["file"] == str(path)
    assert reader.stats.balanced


def test_strict_stops_at_first_bad_line(tmp_path: Path) -> None:
    """With strict, the first bad row raises an InputError naming file and line."""
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{broken\n')
    with pytest.raises(InputError, match=r"x.jsonl, line 2"):
        list(JsonlReader(str(path), strict=True).run([]))


def test_truncated_gzip_is_reported_not_fatal(tmp_path: Path) -> None:
    """An unreadable (truncated) file counts as bad input instead of stopping the run."""
    good = tmp_path / "a.jsonl"
    good.write_bytes(_jsonl([{"text": "fine"}]))
    bad = tmp_path / "b.jsonl.gz"
    bad.write_bytes(gzip.compress(_jsonl([{"text": "x" * 5000}] * 50))[:200])
    reader = JsonlReader(str(tmp_path))
    assert [d.text for d in reader.run([])] == ["fine"]
    assert reader.stats.removed["bad_input"] == 1
    assert "unreadable" in reader.stats.errors[0]["error"] or reader.stats.errors[0]["line"]


def test_csv_json_parquet_text(tmp_path: Path) -> None:
    """CSV, JSON arrays, Parquet and text folders all give documents with metadata."""
    (tmp_path / "a.csv").write_text("id,text,topic\n1,hello there,greeting\n2,bye,farewell\n")
    assert [(d.id, d.text, d.metadata["topic"]) for d in CsvReader(str(tmp_path / "a.csv")).run([])] == [
        ("1", "hello there", "greeting"), ("2", "bye", "farewell")]
    (tmp_path / "b.json").write_bytes(orjson.dumps([{"text": "x"}, {"text": "y"}]))
    assert [d.text for d in JsonReader(str(tmp_path / "b.json")).run([])] == ["x", "y"]
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": ["p", "q"], "id": ["1", "2"]}), tmp_path / "c.parquet")
    assert [d.text for d in ParquetReader(str(tmp_path / "c.parquet")).run([])] == ["p", "q"]
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "one.txt").write_text("first file")
    (folder / "bad.txt").write_bytes(b"ok\nnot utf8 \xff here")
    reader = TextFolderReader(str(folder))
    assert [d.text for d in reader.run([])] == ["first file"]
    assert reader.stats.errors[0]["line"] == 2


def test_warc_wet_reader(tmp_path: Path) -> None:
    """WET conversion records become documents with their URL."""
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "x.warc.wet.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, text in [("http://a.example/", "Page one text."), ("http://b.example/", "Page two text.")]:
            record = writer.create_warc_record(url, "conversion", payload=io.BytesIO(text.encode()),
                                               warc_content_type="text/plain")
            writer.write_record(record)
    docs = list(WarcReader(str(path)).run([]))
    assert [(d.id, d.text) for d in docs] == [("http://a.example/", "Page one text."), ("http://b.example/", "Page two text.")]


def test_files_split_across_shards(tmp_path: Path) -> None:
    """Each file goes to exactly one shard."""
    for k in range(5):
        (tmp_path / f"{k}.jsonl").write_bytes(_jsonl([{"text": f"f{k}"}]))
    seen = [d.text for r in range(2) for d in JsonlReader(str(tmp_path)).run([], r, 2)]
    assert sorted(seen) == [f"f{k}" for k in range(5)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b), max_size=12))
def test_any_bytes_never_crash_and_counts_add_up(tmp_path: Path, lines: list[bytes]) -> None:
    """Whatever the bytes, each non-blank line is a document or a counted bad_input."""
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines))
    reader = JsonlReader(str(path))
    docs = list(reader.run([]))
    assert reader.stats.docs_out == len(docs) and reader.stats.balanced
    assert reader.stats.docs_in == sum(1 for line in lines if line.strip())
