"""What quality control changes in an export: probes out, rejected answers out, corrections
in, optionally only reviewed answers; and the QA report written beside the version."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from loopline.annotate.workspace import Workspace
from loopline.store import probes as probe_store
from loopline.store import reviews as review_store
from loopline.train.datasets.manifest import DatasetManifest, load_manifest, save_manifest
from loopline.train.datasets.tasks import AnnotatedTask

log = logging.getLogger(__name__)
QA_FILE = "qa.html"


@dataclass
class ReviewFilter:
    """Applies reviews to the task stream of an export and counts what it did."""

    probes: set[int]
    overrides: dict[int, tuple[str, Any]]
    reviewed_only: bool
    corrected: int = 0
    rejected: int = 0
    unreviewed: int = 0
    corrections: list[int] = field(default_factory=list)  # annotation ids whose correction was used

    @classmethod
    def load(cls, conn: Connection, project_id: int, *, reviewed_only: bool) -> ReviewFilter:
        return cls(probe_store.probe_task_ids(conn=conn, project_id=project_id), review_store.review_overrides(conn=conn, project_id=project_id), reviewed_only)

    def apply(self, tasks: Iterable[AnnotatedTask], *, count: bool = False) -> Iterator[AnnotatedTask]:
        for task in tasks:
            if task.task_id in self.probes:
                continue
            if not self.overrides and not self.reviewed_only:
                yield task  # nothing to drop or correct (the common case): no copy per task
                continue
            kept = []
            for row in task.annotations:
                status, correction = self.overrides.get(row.id, (None, None))
                if status == "rejected":
                    self.rejected += count
                    continue
                if self.reviewed_only and status not in ("accepted", "corrected"):
                    self.unreviewed += count
                    continue
                if status == "corrected" and correction is not None:
                    if count:
                        self.corrected += 1
                        self.corrections.append(row.id)
                    row = replace(row, answers=correction)
                kept.append(row)
            if kept:
                yield replace(task, annotations=kept)

    def counting(self, tasks: Iterable[AnnotatedTask]) -> Iterator[AnnotatedTask]:
        """`apply`, counting (the pass that writes rows; a consensus pass does not count)."""
        return self.apply(tasks, count=True)

    def entry(self) -> dict[str, Any]:
        return {"reviewed_only": self.reviewed_only, "corrections_used": self.corrected, "rejected_left_out": self.rejected,
                "unreviewed_left_out": self.unreviewed, "corrected_annotation_ids": self.corrections}

    def record(self, root: Path, manifest: DatasetManifest) -> None:
        """Add the review figures to the manifest's stats (a new version only: an existing
        one with the same rows keeps the figures it was made with)."""
        if manifest.existed or not (self.overrides or self.reviewed_only):
            return
        manifest.stats["review"] = self.entry()
        save_manifest(root / manifest.id, manifest)


def write_qa_report(ws: Workspace, project: str, folder: Path) -> Path | None:
    """The project's QA report as `qa.html` in the version folder (kept if already there).

    A failure only logs: the dataset version is complete without it."""
    path = folder / QA_FILE
    if path.exists():
        return path
    try:
        from loopline.quality.report import build_report
        from loopline.quality.report_html import write_html

        return write_html(build_report(ws, project, resamples=100), path)
    except Exception:
        log.exception("could not write the QA report of %s into %s", project, folder)
        return None


__all__ = ["QA_FILE", "ReviewFilter", "load_manifest", "write_qa_report"]
