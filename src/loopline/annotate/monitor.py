"""What happens after a submit commits, when a project's policies ask for it.

- Honeypots: with probability `quality.honeypot_rate` a pairwise/ranking answer gets a repeat
  task (the same record with the responses reordered) that only its annotator will be served,
  no sooner than `quality.honeypot_delay_seconds` later.
- Review routing: a random `review.rate` share, an annotator's `review.first` annotations, all
  annotations of a task that completed with low agreement, those of flagged annotators.
- Incremental checks: every `quality.check_every` submits of an annotator (counted in this
  process) the anomaly detectors judge their recent window against the crowd; flags are
  stored, trust is written to `annotator.trust`, and with `pause_flagged` an annotator raising
  one of `pause_on` is paused with their leases given back.

Each step is its own short transaction after the submit's, so the submit itself never waits
for them and a failure here never loses an answer (it is logged and skipped).
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from loopline.annotate.annotators import get_annotator_by_id
from loopline.annotate.projects import ProjectInfo
from loopline.annotate.queue import Submitted
from loopline.annotate.workspace import Workspace
from loopline.store import monitoring as store
from loopline.store import probes as probe_store
from loopline.store import records as record_store
from loopline.store import reviews as review_store
from loopline.store import tasks as task_store
from loopline.store.quality_tables import GOLD, HONEYPOT

log = logging.getLogger(__name__)
CROWD_ROWS = 1000  # the project's newest annotations by others that a check reads as baseline


@dataclass
class MonitorState:
    """Per-process counters (a check every N submits needs no shared state to be cheap)."""

    submits: Counter[tuple[int, int]] = field(default_factory=Counter)
    counts: dict[tuple[int, int], int] = field(default_factory=dict)  # annotations in project, for review.first
    flagged: dict[int, tuple[float, set[int]]] = field(default_factory=dict)  # project -> (loaded at, annotator ids)
    rng: random.Random = field(default_factory=random.Random)


def state(ws: Workspace) -> MonitorState:
    found = getattr(ws.cache, "quality_monitor", None)
    if found is None:
        found = MonitorState()
        ws.cache.quality_monitor = found  # type: ignore[attr-defined]
    return found


def after_submit(ws: Workspace, project: ProjectInfo, annotator_id: int, result: Submitted) -> None:
    """Run the project's follow-ups for one new annotation (see the module docstring)."""
    try:
        _follow_up(ws, project, annotator_id, result)
    except Exception:  # noqa: BLE001 - the answer is stored; a follow-up must never fail the submit
        log.exception("quality follow-up failed for annotation %s", result.annotation_id)


def _follow_up(ws: Workspace, project: ProjectInfo, annotator_id: int, result: Submitted) -> None:
    definition, st = project.definition, state(ws)
    quality, review = definition.quality, definition.review
    if quality.honeypot_rate > 0 and st.rng.random() < quality.honeypot_rate:
        schedule_honeypot(ws, project, annotator_id, result.annotation_id, result.task_id)
    if review.routes:
        _route_review(ws, project, annotator_id, result, st)
    if quality.monitors or review.flagged:
        key = (project.id, annotator_id)
        st.submits[key] += 1
        if st.submits[key] % quality.check_every == 0:
            check_annotator(ws, project, annotator_id)


def _route_review(ws: Workspace, project: ProjectInfo, annotator_id: int, result: Submitted, st: MonitorState) -> None:
    review, now = project.definition.review, time.time()
    reasons: list[tuple[list[int], str]] = []
    key = (project.id, annotator_id)
    if review.first > 0:
        if key not in st.counts:
            with ws.database.read() as conn:
                st.counts[key] = store.annotation_count(conn=conn, project_id=project.id, annotator_id=annotator_id)
        else:
            st.counts[key] += 1
        if st.counts[key] <= review.first:
            reasons.append(([result.annotation_id], "new_annotator"))
    if review.flagged and annotator_id in _flagged(ws, project.id, st):
        reasons.append(([result.annotation_id], "flagged"))
    if review.rate > 0 and st.rng.random() < review.rate:
        reasons.append(([result.annotation_id], "sample"))
    if review.low_agreement is not None and project.definition.overlap >= 2:
        with ws.database.read() as conn:
            status, answers = store.task_answers(conn=conn, task_id=result.task_id)
        if status == "done" and low_agreement(project, [a for _, a in answers], review.low_agreement):
            reasons.append(([i for i, _ in answers], "low_agreement"))
    if reasons:
        with ws.database.write() as conn:
            for ids, reason in reasons:
                review_store.enqueue(conn=conn, annotation_ids=ids, reason=reason, now=now)


def low_agreement(project: ProjectInfo, answers: list[dict[str, Any]], threshold: float) -> bool:
    """Whether any label/rating/pairwise question's most common answer has under `threshold`."""
    from loopline.quality.question_agreement import categorical_value

    for q in project.questions:
        qtype = getattr(q, "type", "")
        if qtype not in ("label", "rating", "pairwise"):
            continue
        values = [str(v) for a in answers if (v := categorical_value(a.get(q.name), qtype)) is not None]
        if len(values) >= 2 and Counter(values).most_common(1)[0][1] / len(values) < threshold:
            return True
    return False


def _flagged(ws: Workspace, project_id: int, st: MonitorState) -> set[int]:
    loaded = st.flagged.get(project_id)
    if loaded is None or time.monotonic() - loaded[0] > 5.0:
        with ws.database.read() as conn:
            loaded = (time.monotonic(), store.flagged_annotators(conn=conn, project_id=project_id))
        st.flagged[project_id] = loaded
    return loaded[1]


def schedule_honeypot(ws: Workspace, project: ProjectInfo, annotator_id: int, annotation_id: int, task_id: int) -> int | None:
    """Create the repeat of one answered task for its annotator; its honeypot id, or None when
    the task cannot have one (a probe itself, no reorderable question, a clash of records)."""
    from loopline.core.records import Record
    from loopline.quality.honeypots import choose_permutation, permuted_record

    now = time.time()
    with ws.database.write() as conn:
        row = task_store.get_task_row(conn=conn, task_id=task_id)
        if row is None or row["status"] in (GOLD, HONEYPOT) or probe_store.has_honeypot(conn=conn, source_annotation_id=annotation_id):
            return None
        record = Record.model_validate(record_store.get_record_data(conn=conn, record_id=row["record_id"]))
        permutation = choose_permutation(project.questions, len(record.responses))
        if permutation is None:
            return None
        repeat = permuted_record(record, permutation)
        if repeat.content_hash == record.content_hash:
            return None  # identical responses: nothing to swap
        ids = record_store.ids_by_hash(conn=conn, hashes=[repeat.content_hash])
        if repeat.content_hash not in ids:
            ids.update(record_store.insert_records(conn=conn, rows=[{
                "hash": repeat.content_hash, "data": repeat.content_dict(), "conversational": repeat.is_conversational,
                "source": record.source, "created_at": now,
            }]))
        record_id = ids[repeat.content_hash]
        if task_store.existing_task_ids(conn=conn, project_id=project.id, record_ids=[record_id]):
            return None  # the reordered record is queued in this project already
        new_task = task_store.insert_tasks(conn=conn, rows=[probe_store.probe_task_row(project_id=project.id, record_id=record_id, kind=HONEYPOT, now=now)])[record_id]
        return probe_store.insert_honeypot(conn=conn, row={
            "project_id": project.id, "annotator_id": annotator_id, "source_annotation_id": annotation_id,
            "task_id": new_task, "permutation": permutation,
            "not_before": now + project.definition.quality.honeypot_delay_seconds, "created_at": now,
        })


@dataclass(frozen=True)
class CheckResult:
    annotator_id: int
    flags: list[Any]
    trust: float | None
    paused: bool
    released: int


def check_annotator(ws: Workspace, project: ProjectInfo, annotator_id: int) -> CheckResult:
    """Judge one annotator's recent window against the crowd; store flags, trust, pause."""
    from loopline.quality.anomalies import detect_anomalies, trust_scores
    from loopline.quality.report import _consensus, long_table
    from loopline.store.quality_reads import annotations_for_check

    quality, review, now = project.definition.quality, project.definition.review, time.time()
    types = {q.name: getattr(q, "type", "") for q in project.questions}
    with ws.database.read() as conn:
        rows = annotations_for_check(conn=conn, project_id=project.id, annotator_id=annotator_id, window=quality.window, crowd=CROWD_ROWS)
        gold = probe_store.gold_answers(conn=conn, project_id=project.id)
    name = get_annotator_by_id(ws, annotator_id).name
    table = long_table(rows, types, gold)
    if table.empty or not (table["annotator"] == name).any():
        return CheckResult(annotator_id, [], None, False, 0)
    for column in ("option", "gold_correct", "value", "type"):
        if column not in table.columns:
            table[column] = float("nan")
    table["agrees"], table["consensus"], _ = _consensus(table, "majority")
    flags = detect_anomalies(table, annotators=[name])
    mine = table[table["annotator"] == name]
    gold_rows = mine[["annotator", "gold_correct"]].dropna()
    agreement = mine["agrees"].dropna()
    skills = {name: float(agreement.mean())} if len(agreement) else {}
    trust = float(trust_scores(gold_rows if len(gold_rows) else None, skills).loc[name, "trust"]) if (skills or len(gold_rows)) else None
    pause = quality.pause_flagged and any(f.kind in quality.pause_on for f in flags)
    released = 0
    with ws.database.write() as conn:
        store.replace_flags(conn=conn, project_id=project.id, annotator_id=annotator_id, now=now, flags=[
            {"kind": f.kind, "reason": f.reason, "metrics": _plain(f.metrics)} for f in flags
        ])
        if trust is not None and quality.update_trust:
            store.set_trust(conn=conn, annotator_id=annotator_id, trust=trust)
        if flags and review.flagged:
            ids = store.recent_annotation_ids(conn=conn, project_id=project.id, annotator_id=annotator_id, limit=quality.window)
            review_store.enqueue(conn=conn, annotation_ids=ids, reason="flagged", now=now)
        if pause:
            released = store.pause_annotator(conn=conn, annotator_id=annotator_id, now=now)
    state(ws).flagged.pop(project.id, None)
    if pause or (trust is not None and quality.update_trust):
        ws.cache.annotators.clear()
        ws.cache.routes.clear()
    if pause:
        log.warning("paused annotator %s in %s: %s", name, project.name, "; ".join(f.reason for f in flags))
    return CheckResult(annotator_id, flags, trust, pause, released)


def _plain(metrics: dict[str, Any]) -> dict[str, Any]:
    """Flag metrics as JSON-ready values (NumPy scalars become Python numbers)."""
    out = {}
    for key, value in metrics.items():
        out[key] = value.item() if hasattr(value, "item") else value
    return out
