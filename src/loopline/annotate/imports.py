"""Import a file into a project: records (deduplicated by content), tasks, and any existing
annotations (with their annotators), all in ONE transaction.

A bad row stops the import and rolls everything back, naming file, line and field; with
`skip_invalid` the good rows go in and each bad one is written, with its reason, to a side
file. Rows are streamed and written in batches, so a file of any size runs in bounded memory.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson
from sqlalchemy import Connection

from loopline.annotate.annotators import ensure_annotators
from loopline.annotate.importing.inference import infer_questions
from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.prepare import PreparedItem, at, prepared_items
from loopline.annotate.importing.stream import iter_items
from loopline.annotate.projects import ProjectInfo, _create, get_project
from loopline.annotate.workspace import Workspace
from loopline.core.errors import InputError, Location, NotFoundError
from loopline.core.gc_pause import gc_paused
from loopline.core.prefetch import chunked, prefetched
from loopline.core.project import ProjectDefinition
from loopline.store import projects as project_store
from loopline.store import records as record_store
from loopline.store import tasks as task_store
from loopline.store.annotations import answers_of_tasks, insert_annotations

# Rows per round of database writes. Each round costs PostgreSQL a few statements and a pause
# while its foreign-key checks run with Python waiting; 20,000 rather than 5,000 took a 500k-row
# import from 15.1 to 14.3 s there (SQLite: no change). Memory: about three batches in flight.
BATCH = 20_000
INFER_FROM = 20  # rows looked at to infer a new project's questions


@dataclass
class ImportReport:
    project: str
    rows: int = 0
    records_new: int = 0
    records_existing: int = 0
    tasks_new: int = 0
    tasks_existing: int = 0
    annotations_new: int = 0
    annotations_existing: int = 0
    annotators_created: int = 0
    rejected: int = 0
    rejects_path: Path | None = None
    project_created: bool = False
    inferred: str | None = None
    shapes: Counter[str] = field(default_factory=Counter)


@dataclass
class ImportOptions:
    fmt: str | None = None
    shape: str | None = None
    mapping: dict[str, str] | None = None
    annotator: str = "import"
    with_annotations: bool = True
    skip_invalid: bool = False
    rejects_path: Path | None = None
    definition: ProjectDefinition | None = None


def import_file(
    ws: Workspace,
    path: Path,
    project: str,
    options: ImportOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    opts = options or ImportOptions()
    report = ImportReport(project=project)
    rejects: IO[bytes] | None = None
    if opts.skip_invalid:
        report.rejects_path = opts.rejects_path or path.with_name(path.name + ".rejects.jsonl")
        rejects = report.rejects_path.open("wb")
    try:
        with ws.database.write() as conn, gc_paused():
            info = _project_for(conn, ws, path, project, opts, report)
            known_routes = set(info.routes)
            # Rows are read and prepared in a background thread while this one writes the
            # batch before (see `prefetched`); the report and the rejects file are only
            # touched here, so the two threads share nothing but the batches.
            chunks = prefetched(lambda: chunked(prepared_items(
                path, info.definition, fmt=opts.fmt, shape=opts.shape, mapping=opts.mapping,
                annotator=opts.annotator, with_annotations=opts.with_annotations,
            ), BATCH), name="import-prepare")
            with contextlib.closing(chunks):  # a failed write stops the preparing thread at once
                for chunk in chunks:
                    batch = list(_checked(chunk, report, rejects))
                    if batch:
                        _write_batch(conn, info, known_routes, batch, report, rejects)
                    if progress:
                        progress(len(chunk))
    finally:
        if rejects:
            rejects.close()
    ws.cache.forget_projects()
    return report


def _checked(
    items: Iterator[PreparedItem | InputError], report: ImportReport, rejects: IO[bytes] | None
) -> Iterator[PreparedItem]:
    for item in items:
        report.rows += 1
        if isinstance(item, InputError):
            _reject(item, report, rejects)
            continue
        report.shapes[item.shape] += 1
        yield item


def _reject(error: InputError, report: ImportReport, rejects: IO[bytes] | None) -> None:
    if rejects is None:
        raise error
    report.rejected += 1
    loc = error.location
    rejects.write(orjson.dumps({
        "file": loc.file, loc.unit: loc.line, "field": loc.field, "error": error.message,
    }) + b"\n")


def _project_for(
    conn: Connection, ws: Workspace, path: Path, name: str, opts: ImportOptions, report: ImportReport
) -> ProjectInfo:
    """The target project; created (inside this transaction) when it does not exist yet."""
    try:
        return get_project(ws, name)
    except NotFoundError:
        pass
    if opts.definition is not None:
        report.project_created = True
        return _create(conn, opts.definition.model_copy(update={"name": name}))
    head = _head(path, opts)
    if not head:
        raise InputError("the file holds no rows to import (nothing to infer a project from)", Location(file=str(path)))
    questions, explanation = infer_questions(head)
    definition = ProjectDefinition(name=name, questions=questions)
    report.project_created = True
    report.inferred = explanation
    return _create(conn, definition)


def _head(path: Path, opts: ImportOptions) -> list[ImportItem]:
    """The first good items, to infer a new project's questions from. In an atomic import a
    bad row among them fails the import here; otherwise bad rows are left for the import
    itself to reject."""
    head: list[ImportItem] = []
    items = iter_items(path, fmt=opts.fmt, shape=opts.shape, mapping=opts.mapping, annotator=opts.annotator,
                       with_annotations=opts.with_annotations)
    for item in items:
        if isinstance(item, InputError):
            if not opts.skip_invalid:
                raise item
            continue
        head.append(item)
        if len(head) >= INFER_FROM:
            break
    return head


def _write_batch(
    conn: Connection, project: ProjectInfo, known_routes: set[str], batch: list[PreparedItem],
    report: ImportReport, rejects: IO[bytes] | None,
) -> None:
    now = time.time()
    record_ids = record_store.ids_by_hash(conn=conn, hashes=list(dict.fromkeys(item.hash for item in batch)))
    new_rows: dict[str, dict[str, Any]] = {}
    for item in batch:
        h = item.hash
        if h in record_ids or h in new_rows:
            report.records_existing += 1
            continue
        new_rows[h] = {
            "hash": h, "data": item.data, "conversational": item.conversational,
            "source": item.source, "created_at": now,
        }
    report.records_new += len(new_rows)
    old_record_ids = list(record_ids.values())  # only these can be queued already
    record_ids.update(record_store.insert_records(conn=conn, rows=list(new_rows.values())))
    task_ids = _ensure_tasks(conn, project, known_routes, batch, record_ids, old_record_ids, report, now)
    _insert_imported_annotations(conn, project, batch, record_ids, task_ids, report, rejects, now)


def _ensure_tasks(
    conn: Connection, project: ProjectInfo, known_routes: set[str], batch: list[PreparedItem],
    record_ids: dict[str, int], old_record_ids: list[int], report: ImportReport, now: float,
) -> dict[int, int]:
    existing = task_store.existing_task_ids(conn=conn, project_id=project.id, record_ids=old_record_ids)
    overlap = project.definition.overlap
    rows, new_routes = [], set()
    seen: set[int] = set(existing)
    for item in batch:
        rid = record_ids[item.hash]
        if rid in seen:
            continue
        seen.add(rid)
        if item.route:
            new_routes.add(item.route)
        rows.append({
            "project_id": project.id, "record_id": rid, "status": "open",
            "priority": item.priority, "route": item.route,
            "needed": overlap, "leased": 0, "submitted": 0, "created_at": now,
        })
    report.tasks_existing += len(existing)
    report.tasks_new += len(rows)
    existing.update(task_store.insert_tasks(conn=conn, rows=rows))
    if not new_routes <= known_routes:
        known_routes |= new_routes
        project_store.set_routes(conn=conn, project_id=project.id, routes=sorted(known_routes))
    return existing


def _insert_imported_annotations(
    conn: Connection, project: ProjectInfo, batch: list[PreparedItem], record_ids: dict[str, int],
    task_ids: dict[int, int], report: ImportReport, rejects: IO[bytes] | None, now: float,
) -> None:
    names = sorted({a.annotator for item in batch for a in item.annotations})
    if not names:
        return
    annotator_ids, created = ensure_annotators(conn, names, now)
    report.annotators_created += created
    tids = sorted({task_ids[record_ids[item.hash]] for item in batch if item.annotations})
    existing = answers_of_tasks(conn=conn, task_ids=tids)
    rows, per_task = [], Counter()
    for item in batch:
        task_id = task_ids[record_ids[item.hash]]
        for ann in item.annotations:
            normal = ann.answers
            key = (task_id, annotator_ids[ann.annotator])
            if key in existing:
                if existing[key] == normal:
                    report.annotations_existing += 1
                    continue
                _reject(InputError(
                    f"annotator '{ann.annotator}' already answered this record differently",
                    at(item.location, "annotator"),
                ), report, rejects)
                continue
            existing[key] = normal
            rows.append({
                "task_id": task_id, "project_id": project.id, "annotator_id": key[1], "answers": normal,
                "client_key": None, "origin": "import", "duration": None,
                "created_at": ann.created_at or now,
            })
            per_task[task_id] += 1
    insert_annotations(conn=conn, rows=rows)
    task_store.add_imported_annotations(conn=conn, counts=dict(per_task))
    report.annotations_new += len(rows)
