"""Tiny factories for tests: projects, annotators, queued records."""

from __future__ import annotations

import time
from typing import Any

from loopline.annotate.annotators import AnnotatorInfo, create_annotator
from loopline.annotate.projects import ProjectInfo, create_project
from loopline.annotate.workspace import Workspace
from loopline.core.project import ProjectDefinition
from loopline.core.records import Record
from loopline.store import tasks as task_store
from loopline.store import records as record_store


def make_project(ws: Workspace, name: str = "demo", **overrides: Any) -> ProjectInfo:
    data: dict[str, Any] = {
        "name": name,
        "questions": [{"type": "ranking", "name": "rank"}],
        "overlap": 1,
        "lease_seconds": 600,
    }
    data.update(overrides)
    return create_project(ws, ProjectDefinition.model_validate(data))


def make_annotators(ws: Workspace, n: int, prefix: str = "ann", **kw: Any) -> list[AnnotatorInfo]:
    return [create_annotator(ws, f"{prefix}{i}", **kw) for i in range(n)]


def make_record(i: int, n_responses: int = 2, **metadata: Any) -> Record:
    return Record(
        prompt=f"prompt {i}",
        responses=[{"content": f"response {i}.{j}"} for j in range(n_responses)],
        metadata=metadata,
    )


def queue_records(
    ws: Workspace,
    project: ProjectInfo,
    records: list[Record],
    *,
    priority: int = 0,
    route: str | None = None,
) -> list[int]:
    """Put records straight into the queue (bypassing import); returns task ids in order."""
    now = time.time()
    with ws.database.write() as conn:
        hashes = record_store.insert_records(conn=conn, rows=[
            {"hash": r.content_hash, "data": r.content_dict(), "conversational": r.is_conversational,
             "source": "test", "created_at": now} for r in records
        ])
        ids = [hashes[r.content_hash] for r in records]
        tasks = task_store.insert_tasks(conn=conn, rows=[
            {"project_id": project.id, "record_id": rid, "status": "open", "priority": priority,
             "route": route, "needed": project.definition.overlap, "leased": 0, "submitted": 0,
             "created_at": now} for rid in ids
        ])
    return [tasks[rid] for rid in ids]


def ranking_answer(record: Record) -> dict[str, Any]:
    return {"rank": list(range(1, len(record.responses) + 1))}
