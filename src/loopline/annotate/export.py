"""Export a project's annotations as an immutable dataset version.

The store streams annotations ordered by task; consecutive rows of one task become one
`AnnotatedTask` for the builders. Only finished tasks (all `overlap` annotations in) go in by
default, so a version never mixes half-annotated tasks in; `include_partial` changes that.
Gold and honeypot tasks never go in; rejected annotations never; a reviewer's correction
replaces the annotation's answers; `reviewed_only` keeps only reviewed (accepted or corrected)
annotations. The QA report is written beside the version as `qa.html`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

import orjson
from sqlalchemy import Connection, text

from loopline.annotate.projects import get_project
from loopline.annotate.workspace import Workspace
from loopline.core.errors import NotFoundError, ValidationError
from loopline.core.gc_pause import gc_paused
from loopline.core.prefetch import chunked, prefetched
from loopline.core.records import Record
from loopline.store import annotations as annotation_store
from loopline.store import datasets as dataset_store
from loopline.train.datasets.diff import DatasetDiff, diff_versions
from loopline.train.datasets.manifest import DatasetManifest, list_manifests, load_manifest
from loopline.train.datasets.tasks import AnnotatedTask, AnnotationRow
from loopline.train.datasets.writer import write_dataset_version

FORMATS = ("sft", "preference", "kto", "reward", "raw")
READ_CHUNK = 1000  # tasks handed over from the reading thread at a time

_ANY_CONVERSATIONAL = text(
    "SELECT 1 FROM task t JOIN record r ON r.id = t.record_id"
    " WHERE t.project_id = :p AND r.conversational LIMIT 1"
)


def export_dataset(
    ws: Workspace,
    project: str,
    fmt: str,
    *,
    include_partial: bool = False,
    progress: Callable[[int], None] | None = None,
    aggregation: str | None = None,
    trust_weighted: bool = False,
    reviewed_only: bool = False,
    qa_report: bool = True,
) -> DatasetManifest:
    """Write the project's finished tasks as a `fmt` dataset version.

    `aggregation` (majority, dawid-skene, mace, bradley-terry; see `loopline.quality.consensus`)
    fits that policy over all the tasks first (a second pass over the annotations), weighting
    annotators by their trust when `trust_weighted`; rows then carry `agreement` and
    `confidence`. None keeps each format's default policy and columns.
    """
    from loopline.annotate.export_review import ReviewFilter

    info = get_project(ws, project)
    consensus = None
    with ws.database.read() as conn, gc_paused():
        conversational = conn.execute(_ANY_CONVERSATIONAL, {"p": info.id}).first() is not None
        parent = _latest(conn, project, fmt)
        review = ReviewFilter.load(conn, info.id, reviewed_only=reviewed_only)
        if aggregation is not None:
            from loopline.quality.consensus import fit_consensus

            if fmt not in ("preference", "reward", "kto"):
                raise ValidationError(f"--aggregation applies to preference, reward and kto exports, not {fmt}", field="--aggregation")
            with _annotated_tasks(conn, info.id, only_done=not include_partial) as tasks:
                consensus = fit_consensus(review.apply(tasks), info.questions, aggregation, trust_weighted=trust_weighted)
        with _annotated_tasks(conn, info.id, only_done=not include_partial) as tasks:
            manifest = write_dataset_version(
                ws.datasets_dir, fmt, review.counting(tasks), info.questions, projects=[project],
                conversational=conversational, progress=progress, parent=parent, consensus=consensus,
            )
    review.record(ws.datasets_dir, manifest)
    if qa_report:
        from loopline.annotate.export_review import write_qa_report

        write_qa_report(ws, project, ws.datasets_dir / manifest.id)
    summary = manifest.model_dump(mode="json", exclude={"task_ids", "annotation_ids"})
    with ws.database.write() as conn:
        dataset_store.upsert_dataset_version(conn=conn, row={
            "id": manifest.id, "format": manifest.format, "projects": manifest.projects,
            "row_count": manifest.row_count, "path": str(ws.datasets_dir / manifest.id),
            "manifest": summary, "created_at": time.time(),
        })
    return manifest


def _latest(conn: Connection, project: str, fmt: str) -> str | None:
    for row in dataset_store.list_dataset_versions(conn=conn):
        if row["format"] == fmt and project in row["projects"]:
            return row["id"]
    return None


@contextlib.contextmanager
def _annotated_tasks(conn: Connection, project_id: int, *, only_done: bool) -> Iterator[Iterator[AnnotatedTask]]:
    """The project's tasks with their annotations. On PostgreSQL they are read and parsed in a
    background thread (see `loopline.core.prefetch`) while the caller builds and writes rows:
    the reading thread waits on the server, or runs while the other waits on Parquet. On
    SQLite the reading is Python work too (the library runs in-process), the two threads only
    take turns at the GIL, and the thread made a 300k-row export slower (6.1 s against 5.5 s
    without; PostgreSQL 6.0 s against 6.8 s), so it reads in this thread.

    A context manager, so the reading thread has stopped using `conn` when the block ends,
    even when the block ends by an exception (the caller then closes `conn`)."""
    tasks = _read_annotated_tasks(conn, project_id, only_done=only_done)
    if conn.dialect.name == "sqlite":
        with contextlib.closing(tasks):
            yield tasks
        return
    chunks = prefetched(lambda: chunked(tasks, READ_CHUNK), name="export-read")
    try:
        yield (task for chunk in chunks for task in chunk)
    finally:
        chunks.close()


def _read_annotated_tasks(conn: Connection, project_id: int, *, only_done: bool) -> Iterator[AnnotatedTask]:
    current: AnnotatedTask | None = None
    parse_record, loads = Record.model_validate_json, orjson.loads
    for task_id, record_id, data, ann_id, annotator, answers, created_at, trust in (
        annotation_store.stream_project_annotations(conn=conn, project_id=project_id, only_done=only_done)
    ):
        if current is None or current.task_id != task_id:
            if current is not None:
                yield current
            current = AnnotatedTask(task_id, record_id, parse_record(data), [])
        current.annotations.append(AnnotationRow(ann_id, annotator, loads(answers), created_at, trust))
    if current is not None:
        yield current


def list_datasets(ws: Workspace) -> list[DatasetManifest]:
    return list_manifests(ws.datasets_dir)


def show_dataset(ws: Workspace, dataset_id: str) -> DatasetManifest:
    if not (ws.datasets_dir / dataset_id).exists():
        raise NotFoundError(f"no dataset version '{dataset_id}' in {ws.datasets_dir}")
    return load_manifest(ws.datasets_dir, dataset_id)


def diff_datasets(ws: Workspace, a: str, b: str) -> DatasetDiff:
    for dataset_id in (a, b):
        show_dataset(ws, dataset_id)
    return diff_versions(ws.datasets_dir, a, b)
