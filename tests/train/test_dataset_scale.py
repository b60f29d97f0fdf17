"""A million annotations go through the dataset writers in bounded memory, every one counted
(run with `-m slow`; the time is measured by benchmarks/import_export.py, not here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loopline.core.questions import PairwiseQuestion, RankingQuestion, TextQuestion
from loopline.core.records import Record, Response
from loopline.train.datasets.tasks import AnnotatedTask, AnnotationRow
from loopline.train.datasets.writer import write_dataset_version

TASKS = 250_000
ANNOTATORS = 4  # -> 1,000,000 annotations
QUESTIONS = [RankingQuestion(name="rank"), PairwiseQuestion(name="ab"), TextQuestion(name="demo")]
ORDERS = [[1, 2, 3], [1, 3, 2], [2, 1, 3], [3, 2, 1]]
CHOICES = ["a", "b", "tie", "a"]


def _stream() -> Iterator[AnnotatedTask]:
    """Tasks made on the fly, as the store streams them (records from a small pool)."""
    records = [
        Record(
            prompt=f"Question {i}: explain it in a couple of sentences, please.",
            responses=tuple(
                Response(content=f"Candidate {k} for question {i}. " * 4) for k in range(3)
            ),
        )
        for i in range(1_000)
    ]
    annotation_id = 0
    for t in range(TASKS):
        annotations = []
        for a in range(ANNOTATORS):
            annotation_id += 1
            answers = {
                "rank": ORDERS[(t + a) % 4],
                "ab": {"choice": CHOICES[(t * a) % 4], "strength": None},
                "demo": f"A written answer {t}/{a}, short and to the point.",
            }
            annotations.append(AnnotationRow(annotation_id, f"annotator{a}", answers, 1.7e9 + t))
        yield AnnotatedTask(t, t % 1_000, records[t % 1_000], annotations)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["preference", "sft", "raw"])
def test_a_million_annotations_export(fmt: str, tmp_path: Path) -> None:
    """Every one of a million streamed annotations is counted in the version it builds."""
    manifest = write_dataset_version(
        tmp_path, fmt, _stream(), QUESTIONS, projects=["bench"], conversational=fmt == "sft"
    )
    assert manifest.annotation_count == TASKS * ANNOTATORS
    assert manifest.row_count > 500_000
