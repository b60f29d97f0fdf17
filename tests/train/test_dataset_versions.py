"""Content-addressed versions: ids, manifests, cards, listing and diffs."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest

from loopline import __version__
from loopline.core.errors import NotFoundError
from loopline.core.questions import RankingQuestion
from loopline.train.datasets import writer
from loopline.train.datasets.diff import diff_versions
from loopline.train.datasets.manifest import list_manifests, load_manifest
from loopline.train.datasets.writer import write_dataset_version

RANK = [RankingQuestion(name="rank")]


def _ranked(make_task, task_ids, order=(1, 2, 3)):  # type: ignore[no-untyped-def]
    return [make_task(t, [{"rank": list(order)}]) for t in task_ids]


def test_same_content_same_id_and_existed(make_task, export, tmp_path: Path) -> None:
    first = export("preference", _ranked(make_task, [1, 2]), RANK, projects=["a"])
    again = export("preference", _ranked(make_task, [1, 2]), RANK, projects=["b"])
    assert first.manifest.existed is False
    assert again.manifest.id == first.manifest.id and again.manifest.existed is True
    assert again.manifest.projects == ["a"]  # the stored manifest, not a new one
    root = tmp_path / "datasets"
    assert sorted(p.name for p in root.iterdir()) == [first.manifest.id]  # no temp folder left


def test_different_content_different_id(make_task, export) -> None:
    base = export("preference", _ranked(make_task, [1, 2]), RANK).manifest.id
    other_rows = export("preference", _ranked(make_task, [1, 2], (1, 3, 2)), RANK).manifest.id
    other_fmt = export("reward", _ranked(make_task, [1, 2]), RANK).manifest.id
    chat = export("preference", _ranked(make_task, [1, 2]), RANK, conversational=True).manifest.id
    assert len({base, other_rows, other_fmt, chat}) == 4


def test_id_is_the_hash_of_format_and_rows(make_task, export) -> None:
    out = export("reward", _ranked(make_task, [1, 2, 3]), RANK)
    digest = hashlib.sha256(b"reward\n")
    for row in out.rows:
        digest.update(orjson.dumps(row, option=orjson.OPT_SORT_KEYS) + b"\n")
    assert out.manifest.id == "ds-" + digest.hexdigest()[:16]
    blobs = [orjson.dumps(r, option=orjson.OPT_SORT_KEYS) for r in out.rows]
    assert [lin["row_hash"] for lin in out.lineage] == [
        hashlib.sha256(b).hexdigest()[:32] for b in blobs
    ]


def test_manifest_contents(make_task, export, tmp_path: Path) -> None:
    tasks = _ranked(make_task, [5, 6]) + [make_task(7, [{"rank": [1, 1, 1]}, {"rank": [1, 1, 1]}])]
    out = export("reward", tasks, RANK, projects=["alpha", "beta"], parent="ds-0123456789abcdef")
    m = out.manifest
    assert re.fullmatch(r"ds-[0-9a-f]{16}", m.id)
    assert (m.format, m.row_count, m.conversational) == ("reward", 6, False)
    assert m.columns == ["prompt", "chosen", "rejected", "margin"]
    assert (m.projects, m.questions) == (["alpha", "beta"], ["rank"])
    assert (m.task_count, m.task_ids) == (3, [5, 6, 7])
    assert (m.annotation_count, m.annotation_ids) == (4, [500, 600, 700, 701])
    assert m.policy == {"ranking": "mean_rank"}
    assert m.stats["excluded_rank_ties"] == 3 and m.stats["tasks_without_rows"] == 1
    assert m.parent == "ds-0123456789abcdef" and m.loopline_version == __version__
    created = datetime.fromisoformat(m.created_at)
    assert created.utcoffset() == timedelta(0)
    folder = tmp_path / "datasets" / m.id
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "data.parquet",
        "lineage.parquet",
        "manifest.json",
    ]
    assert pq.read_schema(folder / "data.parquet").names == m.columns  # nothing but TRL's columns
    on_disk = json.loads((folder / "manifest.json").read_text())
    assert "existed" not in on_disk and on_disk["id"] == m.id
    assert load_manifest(tmp_path / "datasets", m.id) == m


def test_dataset_card(make_task, export) -> None:
    out = export("reward", _ranked(make_task, [1]), RANK, projects=["alpha"])
    card = (out.folder / "README.md").read_text()
    assert out.manifest.id in card and "alpha" in card and "**Rows:** 3" in card
    assert 'load_dataset("parquet", data_files=' in card and "mean_rank" in card
    assert "`margin`" in card and "RewardTrainer" in card


def test_rows_stream_in_batches(make_task, export, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "BATCH_ROWS", 4)
    seen: list[int] = []
    out = export("preference", _ranked(make_task, range(5)), RANK, progress=seen.append)
    meta = pq.ParquetFile(out.folder / "data.parquet").metadata
    # A batch is flushed at the first task boundary at or past BATCH_ROWS: 3 rows per task.
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [6, 6, 3]
    assert [lin["row"] for lin in out.lineage] == list(range(15))
    assert [r["prompt"] for r in out.rows][::3] == [f"prompt {t}" for t in range(5)]
    assert seen[-1] == 5
    monkeypatch.setattr(writer, "BATCH_ROWS", 10_000)
    whole = export("preference", _ranked(make_task, range(5)), RANK)
    assert whole.manifest.id == out.manifest.id and whole.manifest.existed


def test_empty_version_is_valid(export) -> None:
    out = export("kto", [], RANK)
    assert out.rows == [] and out.manifest.row_count == 0 and out.manifest.task_count == 0
    assert any("no rating" in note for note in out.manifest.stats["notes"])


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown dataset format"):
        write_dataset_version(tmp_path, "dpo", [], RANK, projects=[], conversational=False)


def test_list_and_load_manifests(make_task, export, tmp_path: Path) -> None:
    root = tmp_path / "datasets"
    assert list_manifests(root) == []
    first = export("preference", _ranked(make_task, [1]), RANK).manifest
    second = export("raw", _ranked(make_task, [1]), RANK).manifest
    (root / ".tmp-leftover").mkdir()
    assert [m.id for m in list_manifests(root)] == [second.id, first.id]
    with pytest.raises(NotFoundError):
        load_manifest(root, "ds-0000000000000000")
    with pytest.raises(NotFoundError):
        load_manifest(root, ".tmp-leftover")


def test_diff_versions(make_task, export, tmp_path: Path) -> None:
    a = export("preference", _ranked(make_task, [1, 2, 3]), RANK).manifest
    b = export("preference", _ranked(make_task, [2, 3, 4]), RANK).manifest
    diff = diff_versions(tmp_path / "datasets", a.id, b.id)
    assert (diff.rows_a, diff.rows_b) == (9, 9)
    assert (diff.only_in_a, diff.only_in_b, diff.in_both) == (3, 3, 6)
    assert (diff.tasks_added, diff.tasks_removed) == ([4], [1])
    text = diff.summary()
    assert (
        a.id in text and b.id in text and "tasks added: 1 (4)" in text and "removed: 1 (1)" in text
    )
    same = diff_versions(tmp_path / "datasets", a.id, a.id)
    assert (same.only_in_a, same.only_in_b, same.in_both) == (0, 0, 9)
