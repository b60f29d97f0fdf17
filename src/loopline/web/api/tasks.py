"""Tasks: next (claim or resume), heartbeat, submit (idempotent by client key), skip.

This is the hot path. The routes build plain dicts and orjson bytes; who is asking and which
projects they see come from per-process caches, so a cycle costs the queue's few statements.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from loopline.annotate import queue
from loopline.annotate.annotators import AnnotatorInfo
from loopline.annotate.projects import ProjectInfo, get_project_by_id
from loopline.annotate.users import can_see_project
from loopline.annotate.work import claim_after_skip, next_task, task_project_id
from loopline.annotate.workspace import Workspace
from loopline.core.errors import AnswerError, NotFoundError
from loopline.web.api._common import ERRORS, RowId, json, task_public
from loopline.web.deps import CurrentUser, ProjectMember
from loopline.web.schemas import HeartbeatResult, NextTask, SkipResult, SubmitBody, SubmitResult

router = APIRouter(tags=["tasks"], responses=ERRORS)


def _task_project(ws: Workspace, user: AnnotatorInfo, task_id: int) -> ProjectInfo:
    try:
        project = get_project_by_id(ws, task_project_id(ws, task_id))
    except NotFoundError:
        raise NotFoundError(f"no task {task_id}") from None
    if not can_see_project(ws, user, project.id):
        raise NotFoundError(f"no task {task_id}")
    return project


# The routes read the workspace and runner from app.state instead of taking them as
# dependencies: each dependency FastAPI resolves costs more than a dictionary lookup.

@router.post("/projects/{name}/tasks/next", response_model=NextTask)
async def claim_next(
    request: Request, name: str, project: ProjectMember, user: CurrentUser,
    resume: bool = Query(True, description="Return the task this user already holds, if any."),
) -> Response:
    """Lease the next task for the caller (or the one they hold); `task` is null when the
    queue has nothing for them."""
    ws, db = request.app.state.ws, request.app.state.db
    lease = await db(next_task, ws, project.id, user.id, resume=resume)
    request.app.state.metrics.claims.labels("task" if lease else "empty").inc()
    return json({"task": task_public(request, project.name, project.definition.lease_seconds, lease)})


@router.post("/tasks/{task_id}/heartbeat", response_model=HeartbeatResult)
async def heartbeat(request: Request, task_id: RowId, user: CurrentUser) -> Response:
    """Extend the caller's lease on the task by the project's lease time."""
    ws, db = request.app.state.ws, request.app.state.db
    project = _task_project(ws, user, task_id)
    expires_at = await db(queue.heartbeat, ws, project.id, user.id, task_id)
    return json({"expires_at": expires_at})


@router.post("/tasks/{task_id}/submit", response_model=SubmitResult)
async def submit(
    request: Request, task_id: RowId, body: SubmitBody, user: CurrentUser
) -> Response:
    """Store the caller's answers. The same `client_key` again returns the first result with
    `created: false`; invalid answers give 422 with `errors[].loc` = ['answers', question, ...]."""
    ws, db = request.app.state.ws, request.app.state.db
    project = _task_project(ws, user, task_id)
    try:
        result = await db(
            queue.submit, ws, project.id, user.id, task_id, body.answers,
            client_key=body.client_key, duration=body.duration, claim_next=body.claim_next,
        )
    except AnswerError as exc:
        raise exc.at("answers") from None
    metrics = request.app.state.metrics
    metrics.submits.labels("late" if result.late else ("created" if result.created else "replay")).inc()
    if body.claim_next:
        metrics.claims.labels("task" if result.next else "empty").inc()
    return json({
        "annotation_id": result.annotation_id, "created": result.created, "late": result.late,
        "next": task_public(request, project.name, project.definition.lease_seconds, result.next),
    })


@router.post("/tasks/{task_id}/skip", response_model=SkipResult)
async def skip(request: Request, task_id: RowId, user: CurrentUser) -> Response:
    """Give the task back (never offered to the caller again) and lease the next one."""
    ws, db = request.app.state.ws, request.app.state.db
    project = _task_project(ws, user, task_id)
    lease = await db(claim_after_skip, ws, project.id, user.id, task_id)
    return json({"next": task_public(request, project.name, project.definition.lease_seconds, lease)})
