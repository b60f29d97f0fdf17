"""What the project lists show: each visible project with its progress, in one read."""

from __future__ import annotations

from dataclasses import dataclass

from loopline.annotate.annotators import AnnotatorInfo
from loopline.annotate.projects import list_projects, project_progress
from loopline.annotate.users import visible_project_ids
from loopline.annotate.workspace import Workspace


@dataclass(frozen=True)
class ProjectSummary:
    name: str
    description: str
    mode: str
    overlap: int
    counts: dict[str, int]

    @property
    def percent_done(self) -> float:
        total = self.counts.get("tasks", 0)
        return 100.0 * self.counts.get("done", 0) / total if total else 0.0


def project_summaries(ws: Workspace, user: AnnotatorInfo) -> list[ProjectSummary]:
    visible = visible_project_ids(ws, user)
    return [
        ProjectSummary(p.name, p.definition.description, p.definition.mode, p.definition.overlap,
                       project_progress(ws, p.name))
        for p in list_projects(ws)
        if visible is None or p.id in visible
    ]
