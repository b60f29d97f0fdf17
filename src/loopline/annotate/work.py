"""An annotator's loop as a client sees it: resume a held task or claim the next, and find
which project a task belongs to (a submit names only the task)."""

from __future__ import annotations

from loopline.annotate import queue
from loopline.annotate.workspace import Workspace
from loopline.core.errors import NotFoundError
from loopline.store import tasks as task_store


def next_task(ws: Workspace, project_id: int, annotator_id: int, *, resume: bool = True) -> queue.Lease | None:
    """The task the annotator already holds in this project (a reloaded page picks up where it
    was), else a newly claimed one, else None when the queue has nothing for them."""
    if resume:
        held = queue.current_leases(ws, project_id, annotator_id)
        if held:
            return held[0]
    return queue.claim(ws, project_id, annotator_id)


def claim_after_skip(ws: Workspace, project_id: int, annotator_id: int, task_id: int) -> queue.Lease | None:
    """Skip the task (never offered to this annotator again) and claim the next one."""
    queue.skip(ws, project_id, annotator_id, task_id)
    return queue.claim(ws, project_id, annotator_id)


def task_project_id(ws: Workspace, task_id: int) -> int:
    """The project of a task (cached: claims fill the cache, a task never moves)."""
    cached = ws.cache.tasks.get(task_id)
    if cached is not None:
        return cached[0]
    with ws.database.read() as conn:
        row = task_store.get_task_row(conn=conn, task_id=task_id)
    if row is None:
        raise NotFoundError(f"no task {task_id}")
    ws.cache.tasks.put(task_id, (row["project_id"], row["record_id"]))
    return int(row["project_id"])
