"""Writers: compressed JSONL and Parquet round trips; a shard file appears only when complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from loopline.curate import Document, JsonlReader, JsonlWriter, ParquetWriter


def _docs() -> list[Document]:
    return [Document("first text", "a", {"lang": "en"}), Document("second text", "b")]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_writer_round_trip(tmp_path: Path, suffix: str) -> None:
    """What a writer writes, a reader reads back, compressed or not."""
    writer = JsonlWriter(str(tmp_path), suffix=suffix)
    assert len(list(writer.run(_docs(), rank=2))) == 2
    path = tmp_path / f"00002{suffix}"
    back = list(JsonlReader(str(path), text_key="text").run([]))
    assert [(d.id, d.text) for d in back] == [("a", "first text"), ("b", "second text")]


def test_parquet_writer(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    list(ParquetWriter(str(tmp_path)).run(_docs()))
    table = pq.read_table(tmp_path / "00000.parquet")
    assert table.column("id").to_pylist() == ["a", "b"]


def test_interrupted_shard_leaves_no_final_file(tmp_path: Path) -> None:
    """A writer stopped mid-shard leaves only a .tmp file, never a final-looking one."""
    stream = JsonlWriter(str(tmp_path)).run(iter(_docs()))
    next(stream)
    stream.close()
    assert not (tmp_path / "00000.jsonl").exists() and (tmp_path / ".tmp-00000.jsonl").exists()
