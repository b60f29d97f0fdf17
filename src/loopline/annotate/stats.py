"""What a project manager reads: counts per status, who annotated how much and how fast,
throughput per hour, and pages of annotations (by role: an annotator sees only their own)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from loopline.annotate.projects import get_project
from loopline.annotate.workspace import Workspace
from loopline.store import projects as project_store
from loopline.store import reports as store

RECENT_FOR_MEDIAN = 2000


@dataclass(frozen=True)
class AnnotatorStats:
    name: str
    annotations: int
    median_seconds: float | None
    last_at: float


@dataclass(frozen=True)
class ProjectStats:
    project: str
    counts: dict[str, int]
    annotators: list[AnnotatorStats]
    throughput: list[dict[str, float]]  # [{t: hour start (epoch s), n: annotations}]


def project_stats(ws: Workspace, name: str, *, hours: int = 72) -> ProjectStats:
    """Counts, per-annotator totals with median seconds per annotation (over each one's most
    recent annotations), and annotations per hour over the last `hours` hours."""
    project = get_project(ws, name)
    since = time.time() - hours * 3600
    with ws.database.read() as conn:
        counts = project_store.task_counts(conn=conn, project_id=project.id)
        totals = store.per_annotator(conn=conn, project_id=project.id)
        durations = store.recent_durations(conn=conn, project_id=project.id, keep=RECENT_FOR_MEDIAN)
        hourly = store.per_hour(conn=conn, project_id=project.id, since=since)
    people = [
        AnnotatorStats(n, total, statistics.median(durations[n]) if durations.get(n) else None, last)
        for n, total, last in totals
    ]
    return ProjectStats(name, counts, people, [{"t": h * 3600.0, "n": n} for h, n in hourly])


def list_annotations(
    ws: Workspace, project: str, *, annotator_id: int | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """A page of the project's annotations, newest first (only `annotator_id`'s when given)."""
    info = get_project(ws, project)
    with ws.database.read() as conn:
        return store.annotation_page(
            conn=conn, project_id=info.id, annotator_id=annotator_id, limit=limit, offset=offset
        )


def queue_depth(ws: Workspace) -> dict[str, int]:
    """Open (claimable) tasks per project name."""
    from loopline.annotate.projects import list_projects

    with ws.database.read() as conn:
        depth = store.open_tasks_per_project(conn=conn)
    return {p.name: depth.get(p.id, 0) for p in list_projects(ws)}
