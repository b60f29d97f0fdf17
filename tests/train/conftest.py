"""Fixtures for dataset-version tests: toy annotated tasks and a one-call export.

The hub is switched off before anything from Hugging Face is imported, so a test that would
reach for a download fails instead of silently fetching.
"""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from loopline.core.questions.base import QuestionBase
from loopline.core.records import Message, Record, Response
from loopline.train.datasets.manifest import DatasetManifest
from loopline.train.datasets.tasks import AnnotatedTask, AnnotationRow
from loopline.train.datasets.writer import write_dataset_version

TaskFactory = Callable[..., AnnotatedTask]


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.setenv(name, "1")
    yield


def _make_task(
    task_id: int,
    answers: Sequence[dict[str, Any]],
    *,
    responses: Sequence[str] = ("resp A", "resp B", "resp C"),
    prompt: str | None = None,
    messages: Sequence[tuple[str, str]] | None = None,
    first_annotation_id: int | None = None,
) -> AnnotatedTask:
    """Task `task_id` on a record (prompt or chat) with one annotation per answers dict."""
    if messages is not None:
        record = Record(
            messages=tuple(Message(role=r, content=c) for r, c in messages),  # type: ignore[arg-type]
            responses=tuple(Response(content=t) for t in responses),
        )
    else:
        record = Record(
            prompt=prompt if prompt is not None else f"prompt {task_id}",
            responses=tuple(Response(content=t) for t in responses),
        )
    start = first_annotation_id if first_annotation_id is not None else task_id * 100
    annotations = [
        AnnotationRow(
            id=start + k, annotator=f"ann{k}", answers=dict(a), created_at=1_700_000_000.5 + k
        )
        for k, a in enumerate(answers)
    ]
    return AnnotatedTask(
        task_id=task_id, record_id=1000 + task_id, record=record, annotations=annotations
    )


@pytest.fixture
def make_task() -> TaskFactory:
    return _make_task


class Exported:
    """A written version, read back: manifest, data rows and lineage rows."""

    def __init__(self, root: Path, manifest: DatasetManifest) -> None:
        self.root = root
        self.manifest = manifest
        self.folder = root / manifest.id
        self.rows: list[dict[str, Any]] = pq.read_table(self.folder / "data.parquet").to_pylist()
        self.lineage: list[dict[str, Any]] = pq.read_table(
            self.folder / "lineage.parquet"
        ).to_pylist()


ExportFn = Callable[..., Exported]


@pytest.fixture
def export(tmp_path: Path) -> ExportFn:
    """Write a version under tmp_path/datasets and read it back."""

    def run(
        fmt: str,
        tasks: Sequence[AnnotatedTask],
        questions: Sequence[QuestionBase],
        *,
        conversational: bool = False,
        projects: Sequence[str] = ("demo",),
        **kwargs: Any,
    ) -> Exported:
        root = tmp_path / "datasets"
        manifest = write_dataset_version(
            root,
            fmt,
            iter(tasks),
            list(questions),
            projects=list(projects),
            conversational=conversational,
            **kwargs,
        )
        return Exported(root, manifest)

    return run
