"""Exporting a project's annotations as dataset versions, from a real workspace."""

from __future__ import annotations

import datasets
import pytest

from loopline.annotate import queue
from loopline.annotate.export import diff_datasets, export_dataset, list_datasets, show_dataset
from loopline.core.errors import NotFoundError
from tests.utils.factories import make_annotators, make_project, make_record, queue_records


def _annotate_all(ws, p, annotators, answer):
    for a in annotators:
        while (lease := queue.claim(ws, p.id, a.id)) is not None:
            queue.submit(ws, p.id, a.id, lease.task_id, answer(lease.record, a))


def test_reward_export_from_queue_work(workspace):
    """Ranked tasks become ordered pairs with margins, loadable by `datasets`."""
    p = make_project(workspace, overlap=2)
    queue_records(workspace, p, [make_record(i, n_responses=3) for i in range(4)])
    _annotate_all(workspace, p, make_annotators(workspace, 2), lambda r, a: {"rank": [1, 2, 3]})
    manifest = export_dataset(workspace, p.name, "reward")
    assert manifest.row_count == 12 and manifest.task_count == 4 and manifest.annotation_count == 8
    ds = datasets.load_dataset("parquet", data_files=str(manifest.data_path(workspace.datasets_dir)), split="train")
    assert set(ds.column_names) == {"prompt", "chosen", "rejected", "margin"}
    assert sorted(set(ds["margin"])) == [1.0, 2.0]


def test_export_skips_unfinished_tasks(workspace):
    """Tasks short of their overlap stay out unless include_partial is set."""
    p = make_project(workspace, overlap=2)
    queue_records(workspace, p, [make_record(i) for i in range(3)])
    (a,) = make_annotators(workspace, 1)
    _annotate_all(workspace, p, [a], lambda r, _: {"rank": [1, 2]})
    assert export_dataset(workspace, p.name, "preference").row_count == 0
    assert export_dataset(workspace, p.name, "preference", include_partial=True).row_count == 3


def test_same_content_same_id(workspace):
    """Exporting unchanged annotations again returns the same version, marked as existing."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(i) for i in range(3)])
    _annotate_all(workspace, p, make_annotators(workspace, 1), lambda r, _: {"rank": [2, 1]})
    first = export_dataset(workspace, p.name, "preference")
    second = export_dataset(workspace, p.name, "preference")
    assert first.id == second.id and second.existed
    assert [m.id for m in list_datasets(workspace)] == [first.id]


def test_new_annotations_make_new_version_with_parent_and_diff(workspace):
    """More finished tasks give a new id whose parent is the previous version."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(i) for i in range(2)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    queue.submit(workspace, p.id, a.id, lease.task_id, {"rank": [1, 2]})
    v1 = export_dataset(workspace, p.name, "preference")
    _annotate_all(workspace, p, [a], lambda r, _: {"rank": [1, 2]})
    v2 = export_dataset(workspace, p.name, "preference")
    assert v2.id != v1.id and v2.parent == v1.id
    diff = diff_datasets(workspace, v1.id, v2.id)
    assert diff.summary()


def test_raw_export_has_one_row_per_annotation(workspace):
    """The raw format keeps every annotation with its annotator."""
    p = make_project(workspace, overlap=2)
    queue_records(workspace, p, [make_record(0)])
    _annotate_all(workspace, p, make_annotators(workspace, 2), lambda r, a: {"rank": [1, 2]})
    manifest = export_dataset(workspace, p.name, "raw")
    assert manifest.row_count == 2


def test_unknown_dataset_is_not_found(workspace):
    """Asking for a version that does not exist says so."""
    with pytest.raises(NotFoundError):
        show_dataset(workspace, "ds-0000000000000000")


def test_tasks_read_in_small_chunks_give_the_same_version(workspace, monkeypatch):
    """Tasks are read in a background thread and handed over in chunks; the chunk size
    changes nothing in the version (same rows, same id)."""
    from loopline.annotate import export

    p = make_project(workspace, overlap=2)
    queue_records(workspace, p, [make_record(i, n_responses=3) for i in range(7)])
    _annotate_all(workspace, p, make_annotators(workspace, 2), lambda r, a: {"rank": [1, 2, 3]})
    whole = export_dataset(workspace, p.name, "reward", qa_report=False)
    import shutil

    shutil.rmtree(workspace.datasets_dir / whole.id)
    monkeypatch.setattr(export, "READ_CHUNK", 2)
    chunked = export_dataset(workspace, p.name, "reward", qa_report=False)
    assert chunked.id == whole.id and chunked.task_count == 7 and chunked.row_count == 21


def test_a_failed_export_stops_its_reading_thread(workspace, monkeypatch):
    """When writing the version fails, the thread reading tasks has stopped (and let go of
    the database connection) before the export raises."""
    import threading

    from loopline.annotate import export

    p = make_project(workspace)
    queue_records(workspace, p, [make_record(i) for i in range(9)])
    _annotate_all(workspace, p, make_annotators(workspace, 1), lambda r, _: {"rank": [2, 1]})

    def failing_writer(root, fmt, tasks, *args, **kwargs):
        next(iter(tasks))
        raise OSError("disk full")

    monkeypatch.setattr(export, "READ_CHUNK", 2)
    monkeypatch.setattr(export, "write_dataset_version", failing_writer)
    with pytest.raises(OSError, match="disk full") as err:
        export_dataset(workspace, p.name, "preference")
    assert err.traceback and not [t for t in threading.enumerate() if t.name == "export-read"]
    monkeypatch.undo()
    assert export_dataset(workspace, p.name, "preference").row_count == 9
