"""Publish annotated tasks as an immutable, content-addressed dataset version.

Rows stream into a temp folder under `root`; only once the content hash is known is the folder
renamed to `root/<id>/`. A rename within one filesystem is atomic, so readers never see a half
written version, and exporting the same content twice (even concurrently) yields one folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loopline import __version__
from loopline.core.questions.base import QuestionBase
from loopline.train.datasets.builders import RowBuilder, make_builder
from loopline.train.datasets.card import render_card
from loopline.train.datasets.manifest import (
    CARD_FILE,
    DatasetManifest,
    load_manifest,
    save_manifest,
)
from loopline.train.datasets.sink import RowSink
from loopline.train.datasets.tasks import AnnotatedTask

if TYPE_CHECKING:
    from loopline.quality.consensus import Consensus

PROGRESS_EVERY = 1_000  # tasks between progress callbacks
BATCH_ROWS = 10_000  # rows per Parquet row group (and per buffered batch)

# Exclusion counters reported even when zero, so "none excluded" is visible in the manifest.
REPORTED: dict[str, tuple[str, ...]] = {
    "preference": ("excluded_ties", "excluded_rank_ties"),
    "reward": ("excluded_ties", "excluded_rank_ties"),
    "kto": ("excluded_neutral",),
}


class _Run:
    """What one pass over the tasks collected besides the rows themselves."""

    def __init__(self) -> None:
        self.task_ids: list[int] = []
        self.annotation_ids: list[int] = []
        self.stats: Counter[str] = Counter()


def _stream(
    builder: RowBuilder,
    tasks: Iterable[AnnotatedTask],
    sink: RowSink,
    progress: Callable[[int], None] | None,
) -> _Run:
    run = _Run()
    every = PROGRESS_EVERY if progress is not None else 0
    for task in tasks:
        run.task_ids.append(task.task_id)
        run.annotation_ids.extend([a.id for a in task.annotations])
        if not sink.add_rows(builder.rows(task, run.stats), task.task_id, task.record_id):
            run.stats["tasks_without_rows"] += 1
        if every and len(run.task_ids) % every == 0:
            progress(len(run.task_ids))  # type: ignore[misc]
    if progress is not None:
        progress(len(run.task_ids))
    return run


def _stats(builder: RowBuilder, run: _Run, sink: RowSink) -> dict[str, Any]:
    stats: dict[str, Any] = dict.fromkeys(REPORTED.get(builder.fmt, ()), 0)
    stats["tasks_without_rows"] = 0
    stats.update(run.stats)
    stats["rows_per_question"] = dict(sink.per_question)
    notes = builder.notes()
    if notes:
        stats["notes"] = notes
    return stats


def write_dataset_version(
    root: Path,
    fmt: str,
    tasks: Iterable[AnnotatedTask],
    questions: Sequence[QuestionBase],
    *,
    projects: list[str],
    conversational: bool,
    progress: Callable[[int], None] | None = None,
    parent: str | None = None,
    consensus: "Consensus | None" = None,
) -> DatasetManifest:
    """Write `tasks` as a `fmt` dataset version under `root` and return its manifest.

    The id is "ds-" + the first 16 hex digits of sha256(fmt + canonical JSON of every row, in
    order). If that version already exists its manifest is returned with `existed=True`.
    `progress` receives the number of tasks read so far. A `consensus` (see
    `loopline.quality.consensus.fit_consensus`) replaces the default aggregation, adds the
    `agreement` and `confidence` columns, and is recorded as the manifest's `aggregation`.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    builder = make_builder(fmt, questions, conversational=conversational, consensus=consensus)
    temp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    try:
        sink = RowSink(temp, builder.fmt, builder.schema, batch_rows=BATCH_ROWS)
        try:
            run = _stream(builder, tasks, sink, progress)
        finally:
            sink.close()
        dataset_id = "ds-" + sink.hexdigest()[:16]
        if (root / dataset_id).exists():
            return _existing(root, dataset_id)
        manifest = DatasetManifest(
            id=dataset_id,
            format=builder.fmt,
            conversational=builder.conversational,
            row_count=sink.row_count,
            columns=list(builder.schema.names),
            projects=list(projects),
            questions=list(builder.questions),
            task_count=len(run.task_ids),
            annotation_count=len(run.annotation_ids),
            task_ids=run.task_ids,
            annotation_ids=run.annotation_ids,
            policy=dict(builder.policy),
            stats=_stats(builder, run, sink),
            created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
            loopline_version=__version__,
            parent=parent,
            aggregation=consensus.manifest_entry() if consensus is not None else None,
        )
        save_manifest(temp, manifest)
        (temp / CARD_FILE).write_text(render_card(manifest), encoding="utf-8")
        try:
            os.rename(temp, root / dataset_id)
        except OSError:
            if (root / dataset_id).exists():  # another export of the same content won the race
                return _existing(root, dataset_id)
            raise
        return manifest
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def _existing(root: Path, dataset_id: str) -> DatasetManifest:
    manifest = load_manifest(root, dataset_id)
    manifest.existed = True
    return manifest
