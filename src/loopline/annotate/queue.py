"""The annotation queue as a service: claim, heartbeat, submit, skip.

The web app and the command line both call these; they own the transactions. The hot path
(claim + submit) costs a handful of indexed statements and no ORM objects: project, annotator
and record come from per-process caches (records are immutable).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import IntegrityError

from loopline.annotate import probes
from loopline.annotate.annotators import get_annotator_by_id
from loopline.annotate.cache import MISSING
from loopline.annotate.projects import ProjectInfo, get_project_by_id
from loopline.annotate.workspace import Workspace
from loopline.core.errors import ConflictError, NotFoundError
from loopline.core.questions import validate_answers
from loopline.core.records import Record, record_from
from loopline.core.routing import can_serve
from loopline.store import annotations as annotation_store
from loopline.store import queue as store
from loopline.store import records as record_store
from loopline.store import tasks as task_store

EXPIRY_SWEEP_SECONDS = 1.0


class LeaseError(ConflictError):
    """The annotator holds no live lease on the task (expired, skipped, never claimed)."""


@dataclass(frozen=True)
class Lease:
    task_id: int
    record_id: int
    project_id: int
    record: Record
    expires_at: float


@dataclass(frozen=True)
class Submitted:
    annotation_id: int
    task_id: int
    created: bool  # False when this was a replay of an earlier submit (same client key)
    late: bool = False  # accepted after the lease had expired
    next: Lease | None = None  # with claim_next: the annotator's next task, leased already


def claim(ws: Workspace, project_id: int, annotator_id: int) -> Lease | None:
    """Lease the next task for this annotator, or None when nothing is left for them."""
    project = get_project_by_id(ws, project_id)
    routes = _allowed_routes(ws, project, annotator_id)
    now = time.time()
    _maybe_sweep(ws, now)
    expires_at = now + project.definition.lease_seconds
    kind = probes.draw(project.definition)
    claimed = ws.database.write_grouped(
        lambda conn: _claim_in(conn, project, annotator_id, routes, expires_at, now, kind)
    )
    return _lease(ws, project.id, claimed, expires_at)


def _claim_in(
    conn: Any, project: ProjectInfo, annotator_id: int, routes: list[str] | None, expires_at: float, now: float,
    kind: str | None,
) -> store.Claimed | None:
    """A gold task or honeypot when `kind` (a probe drawn for this claim) finds one, else the
    queue's next task."""
    claimed = probes.claim(conn, kind, project.id, annotator_id, expires_at, now) if kind else None
    if claimed is None:
        claimed = store.claim(
            conn=conn, project_id=project.id, annotator_id=annotator_id,
            expires_at=expires_at, now=now, routes=routes,
        )
    return claimed


def _lease(ws: Workspace, project_id: int, claimed: store.Claimed | None, expires_at: float) -> Lease | None:
    if claimed is None:
        return None
    record = ws.cache.records.get(claimed.record_id)
    if record is None:
        record = record_from(claimed.record_data)
        ws.cache.records.put(claimed.record_id, record)
    ws.cache.tasks.put(claimed.task_id, (project_id, claimed.record_id))
    return Lease(claimed.task_id, claimed.record_id, project_id, record, expires_at)


def heartbeat(ws: Workspace, project_id: int, annotator_id: int, task_id: int) -> float:
    """Extend the lease by the project's lease time; returns the new expiry."""
    project = get_project_by_id(ws, project_id)
    now = time.time()
    expires_at = now + project.definition.lease_seconds
    with ws.database.write() as conn:
        ok = store.heartbeat(conn=conn, task_id=task_id, annotator_id=annotator_id, expires_at=expires_at, now=now)
    if not ok:
        raise LeaseError(f"no live lease on task {task_id}: it expired, was submitted or skipped")
    return expires_at


def submit(
    ws: Workspace,
    project_id: int,
    annotator_id: int,
    task_id: int,
    answers: Any,
    *,
    client_key: str | None = None,
    duration: float | None = None,
    claim_next: bool = False,
) -> Submitted:
    """Validate and store an annotation. Same `client_key` again: the first result, not a copy.

    With `claim_next`, the annotator's next task is leased in the same transaction (one commit
    per annotate cycle instead of two) and returned as `Submitted.next`.
    Raises AnswerError (invalid answers: nothing is stored, the client keeps its work) or
    LeaseError (no lease, or it expired and others finished the task meanwhile).
    """
    project = get_project_by_id(ws, project_id)
    record = _task_record(ws, project_id, task_id)
    normal = validate_answers(project.questions, answers, record)
    routes = _allowed_routes(ws, project, annotator_id) if claim_next else None
    now = time.time()
    expires_at = now + project.definition.lease_seconds
    if claim_next:
        _maybe_sweep(ws, now)

    kind = probes.draw(project.definition) if claim_next else None  # a gold task or honeypot next?

    def store_it(conn: Any) -> tuple[Submitted, store.Claimed | None]:
        """The transaction's part; on SQLite it may share a commit with other threads' cycles."""
        claimed = None
        if claim_next and not kind:
            annotation_id, claimed = store.submit_and_claim(
                conn=conn, task_id=task_id, project_id=project_id, annotator_id=annotator_id,
                answers=normal, client_key=client_key, duration=duration, now=now,
                expires_at=expires_at, routes=routes,
            )
        else:
            annotation_id = store.submit_leased(
                conn=conn, task_id=task_id, project_id=project_id, annotator_id=annotator_id,
                answers=normal, client_key=client_key, duration=duration, now=now,
            )
        result = _submitted(conn, project_id, annotator_id, task_id, normal, client_key, duration, now, annotation_id)
        if kind:
            claimed = _claim_in(conn, project, annotator_id, routes, expires_at, now, kind)
        return result, claimed

    try:
        result, claimed = ws.database.write_grouped(store_it)
    except IntegrityError:
        raise ConflictError(f"client key '{client_key}' was already used for another task") from None
    if claimed is not None:
        result = replace(result, next=_lease(ws, project.id, claimed, expires_at))
    if result.created and probes.watches(project.definition):
        from loopline.annotate.monitor import after_submit

        after_submit(ws, project, annotator_id, result)
    return result


def _submitted(
    conn: Any, project_id: int, annotator_id: int, task_id: int, normal: dict[str, Any],
    client_key: str | None, duration: float | None, now: float, annotation_id: int | None,
) -> Submitted:
    """The submit's outcome; without a live lease: a replay, a late submit, or an error."""
    if annotation_id is not None:
        return Submitted(annotation_id, task_id, created=True)
    replay = _replay_or_late(conn, task_id, annotator_id, client_key, now)
    if replay is not None:
        return replay
    annotation_id = annotation_store.insert_annotation(conn=conn, row={
        "task_id": task_id, "project_id": project_id, "annotator_id": annotator_id,
        "answers": normal, "client_key": client_key, "origin": "queue", "duration": duration,
        "created_at": now,
    })
    return Submitted(annotation_id, task_id, created=True, late=True)


def _replay_or_late(conn: Any, task_id: int, annotator_id: int, client_key: str | None, now: float) -> Submitted | None:
    existing = annotation_store.find_annotation(conn=conn, task_id=task_id, annotator_id=annotator_id)
    if existing is not None:
        if client_key is not None and existing[1] == client_key:
            return Submitted(existing[0], task_id, created=False)
        raise ConflictError(f"task {task_id} was already submitted by this annotator")
    status = store.assignment_status(conn=conn, task_id=task_id, annotator_id=annotator_id)
    if status == "expired":
        if store.submit_after_expiry(conn=conn, task_id=task_id, annotator_id=annotator_id, now=now):
            return None
        raise LeaseError(f"the lease on task {task_id} expired and the task was completed by others")
    if status == "skipped":
        raise LeaseError(f"task {task_id} was skipped by this annotator")
    raise LeaseError(f"this annotator holds no lease on task {task_id}")


def skip(ws: Workspace, project_id: int, annotator_id: int, task_id: int) -> None:
    """Give the task back; this annotator will not be offered it again."""
    with ws.database.write() as conn:
        if store.close_lease(conn=conn, task_id=task_id, annotator_id=annotator_id, status="skipped", now=time.time()) is None:
            raise LeaseError(f"no live lease on task {task_id} to skip")
        store.release_slot(conn=conn, task_id=task_id)


def expire_leases(ws: Workspace, now: float | None = None) -> int:
    """Return lapsed leases to the queue now (claims also do this, at most once a second)."""
    with ws.database.write() as conn:
        n = store.expire_leases(conn=conn, now=now if now is not None else time.time())
    ws.cache.last_expiry_sweep = time.monotonic()
    return n


def current_leases(ws: Workspace, project_id: int, annotator_id: int) -> list[Lease]:
    """The annotator's live leases (a reloaded page resumes its task instead of claiming)."""
    with ws.database.read() as conn:
        rows = store.live_leases(conn=conn, project_id=project_id, annotator_id=annotator_id)
        data = record_store.get_records_data(conn=conn, record_ids=[r[1] for r in rows])
    return [Lease(t, r, project_id, Record.model_validate(data[r]), e) for t, r, e in rows]


def _maybe_sweep(ws: Workspace, now: float) -> None:
    """Sweep if the last sweep is a second old and no other thread of the process is sweeping.
    Without the lock every thread that claimed in the same instant swept (8 sweeps a second
    with 8 workers), each reading the whole live-lease index with its entries of closed leases."""
    cache = ws.cache
    if time.monotonic() - cache.last_expiry_sweep < EXPIRY_SWEEP_SECONDS or not cache.sweeping.acquire(blocking=False):
        return
    try:
        if time.monotonic() - cache.last_expiry_sweep >= EXPIRY_SWEEP_SECONDS:  # not swept meanwhile
            expire_leases(ws, now)
    finally:
        cache.sweeping.release()


def _allowed_routes(ws: Workspace, project: ProjectInfo, annotator_id: int) -> list[str] | None:
    key = (project.id, annotator_id)
    cached = ws.cache.routes.get(key, MISSING)
    if cached is not MISSING:
        return cached
    annotator = get_annotator_by_id(ws, annotator_id)
    if not annotator.active:
        raise ConflictError(f"annotator '{annotator.name}' is paused")
    routes: list[str] | None = None
    if project.routes:
        routes = [r for r in project.routes if can_serve(r, skills=annotator.skills, languages=annotator.languages)]
        if len(routes) == len(project.routes):
            routes = None
    ws.cache.routes.put(key, routes)
    return routes


def _task_record(ws: Workspace, project_id: int, task_id: int) -> Record:
    cached = ws.cache.tasks.get(task_id)
    if cached is not None and cached[0] == project_id:
        record = ws.cache.records.get(cached[1])
        if record is not None:
            return record
    with ws.database.read() as conn:
        task = task_store.get_task_row(conn=conn, task_id=task_id)
        if task is None or task["project_id"] != project_id:
            raise NotFoundError(f"no task {task_id} in this project")
        record = Record.model_validate(record_store.get_record_data(conn=conn, record_id=task["record_id"]))
    ws.cache.records.put(task["record_id"], record)
    ws.cache.tasks.put(task_id, (project_id, task["record_id"]))
    return record
