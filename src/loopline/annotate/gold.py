"""Gold tasks: records with known answers, mixed into annotators' streams unannounced.

Import them from a file (`loopline import FILE --project P --gold`: each row is a record as
for a normal import plus a `gold` object `{question: answer}`, or `answers` when that is an
object) or add them from code with `add_gold`. The known answers go to the `gold_task` table,
never into the record, so the task an annotator receives looks like any other. A record
already queued in the project as an untouched normal task becomes gold; one that has
annotations or leases cannot (its answers were collected as normal work).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loopline.annotate.importing.build import Context
from loopline.annotate.importing.readers import JSON_COLUMNS, read_rows
from loopline.annotate.importing.stream import build_items
from loopline.annotate.projects import ProjectInfo, get_project
from loopline.annotate.workspace import Workspace
from loopline.core.errors import AnswerError, InputError, Location, ValidationError
from loopline.core.records import Record
from loopline.store import probes as probe_store
from loopline.store import records as record_store
from loopline.store import tasks as task_store
from loopline.store.quality_tables import GOLD


@dataclass
class GoldReport:
    project: str
    rows: int = 0
    records_new: int = 0
    tasks_new: int = 0
    tasks_converted: int = 0  # queued normal tasks that became gold
    answers_updated: int = 0  # gold tasks that were gold already (answers replaced)


def validate_gold(project: ProjectInfo, answers: Any, record: Record) -> dict[str, Any]:
    """Known answers in normal form; only the questions given (a gold task may know some)."""
    if not isinstance(answers, dict) or not answers:
        raise AnswerError("gold answers must be a non-empty object keyed by question name")
    by_name = {q.name: q for q in project.questions}
    normal: dict[str, Any] = {}
    for name, value in answers.items():
        question = by_name.get(name)
        if question is None:
            raise AnswerError(f"no such question (the project asks: {', '.join(by_name)})", field=name)
        if getattr(question, "type", "") == "chat":
            raise AnswerError("chat answers cannot be gold (there is no single right conversation)", field=name)
        try:
            normal[name] = question.validate_answer(value, record)
        except AnswerError as exc:
            raise exc.at(name) from None
    return normal


def add_gold(ws: Workspace, project: str, items: Iterable[tuple[Record, dict[str, Any]]]) -> GoldReport:
    """Queue records as gold tasks of `project` with their known answers (one transaction)."""
    info = get_project(ws, project)
    checked = []
    for i, (record, answers) in enumerate(items):
        try:
            checked.append((record, validate_gold(info, answers, record)))
        except AnswerError as exc:
            raise ValidationError(exc.message, field=f"{i}.gold" + (f".{exc.field}" if exc.field else "")) from None
    report = GoldReport(project, rows=len(checked))
    with ws.database.write() as conn:
        _write(conn, info, checked, report, [None] * len(checked))
    return report


def import_gold(
    ws: Workspace, path: Path, project: str, *, fmt: str | None = None, progress: Callable[[int], None] | None = None
) -> GoldReport:
    """Read gold rows from a file (JSONL, JSON, CSV, Parquet) into `project`; all or nothing."""
    info = get_project(ws, project)
    ctx = Context(source=path.name, with_annotations=False)
    checked: list[tuple[Record, dict[str, Any]]] = []
    where: list[Location] = []
    for loc, row in read_rows(path, fmt, JSON_COLUMNS | {"gold", "answers"}):
        if not isinstance(row, dict):
            raise row
        row = dict(row)
        answers = row.pop("gold", None)
        if answers is None and isinstance(row.get("answers"), dict):
            answers = row.pop("answers")
        if answers is None:
            raise InputError("a gold row needs its known answers in 'gold' (or 'answers')", Location(loc.file, loc.line, "gold", loc.unit))
        try:
            record = build_items(row, loc, ctx)[0].record
        except ValidationError as exc:
            raise InputError(exc.message, Location(loc.file, loc.line, exc.field, loc.unit)) from None
        try:
            checked.append((record, validate_gold(info, answers, record)))
        except AnswerError as exc:
            raise InputError(exc.message, Location(loc.file, loc.line, "gold" + (f".{exc.field}" if exc.field else ""), loc.unit)) from None
        where.append(loc)
    report = GoldReport(project, rows=len(checked))
    with ws.database.write() as conn:
        _write(conn, info, checked, report, where)
    if progress:
        progress(len(checked))
    return report


def _write(conn: Any, info: ProjectInfo, checked: list[tuple[Record, dict[str, Any]]], report: GoldReport, where: list[Location | None]) -> None:
    now = time.time()
    contents = [r.content_dict() for r, _ in checked]
    hashes = [r.content_hash for r, _ in checked]
    ids = record_store.ids_by_hash(conn=conn, hashes=list(dict.fromkeys(hashes)))
    new = {}
    for h, (record, _), content in zip(hashes, checked, contents):
        if h not in ids and h not in new:
            new[h] = {"hash": h, "data": content, "conversational": record.is_conversational, "source": record.source, "created_at": now}
    report.records_new = len(new)
    ids.update(record_store.insert_records(conn=conn, rows=list(new.values())))
    existing = task_store.existing_task_ids(conn=conn, project_id=info.id, record_ids=list(ids.values()))
    gold_now = probe_store.gold_answers(conn=conn, project_id=info.id)
    fresh: dict[int, dict[str, Any]] = {}
    for h, loc in zip(hashes, where):
        task_id = existing.get(ids[h])
        if task_id is None:
            if ids[h] not in fresh:
                fresh[ids[h]] = (probe_store.probe_task_row(project_id=info.id, record_id=ids[h], kind=GOLD, now=now))
        elif task_id in gold_now:
            report.answers_updated += 1
        elif probe_store.make_gold(conn=conn, task_id=task_id):
            report.tasks_converted += 1
        else:
            raise InputError(f"this record is already queued in '{info.name}' as a normal task with answers or leases; it cannot become gold", loc or Location(field="record"))
    existing.update(task_store.insert_tasks(conn=conn, rows=list(fresh.values())))
    report.tasks_new = len(fresh)
    probe_store.upsert_gold(conn=conn, rows=[
        {"task_id": existing[ids[h]], "project_id": info.id, "answers": answers, "now": now} for h, (_, answers) in zip(hashes, checked)
    ])


def gold_answers(ws: Workspace, project: str) -> dict[int, dict[str, Any]]:
    """task id -> known answers (staff only: the API and pages check the role before calling)."""
    info = get_project(ws, project)
    with ws.database.read() as conn:
        return probe_store.gold_answers(conn=conn, project_id=info.id)
