"""Review round trips on SQLite and PostgreSQL: accept, reject (a slot reopens for another
annotator), correct (stored beside the original), and export with --reviewed-only."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from loopline.annotate import queue, review
from loopline.annotate.export import export_dataset
from loopline.annotate.users import ForbiddenError
from loopline.core.errors import AnswerError, ConflictError
from loopline.store import tasks as task_store
from tests.utils.factories import make_annotators, make_project, make_record, queue_records

LABEL = [{"type": "label", "name": "quality", "options": ["good", "bad"]}]


def _setup(ws, name="r", **policy):
    project = make_project(ws, name, questions=LABEL, review=policy or {"rate": 1.0})
    tasks = queue_records(ws, project, [make_record(i) for i in range(3)])
    ann1, ann2 = make_annotators(ws, 2)
    [reviewer] = make_annotators(ws, 1, prefix="rev", role="reviewer")
    return project, tasks, ann1, ann2, reviewer


def _annotate_all(ws, project, person, answer="good"):
    lease = queue.claim(ws, project.id, person.id)
    while lease is not None:
        lease = queue.submit(ws, project.id, person.id, lease.task_id, {"quality": answer}, claim_next=True).next


def _status(ws, task_id):
    with ws.database.read() as conn:
        return task_store.get_task_row(conn=conn, task_id=task_id)


def test_review_round_trips(workspace):
    """accept, reject -> another annotator takes the reopened slot, correct -> beside."""
    project, tasks, ann1, ann2, reviewer = _setup(workspace)
    _annotate_all(workspace, project, ann1)
    assert review.review_counts(workspace, "r")["pending"] == 3
    first = review.next_review(workspace, "r", reviewer)
    assert review.next_review(workspace, "r", reviewer).id == first.id  # a reload resumes the held item
    assert first.annotator == "ann0" and first.reason == "sample" and first.answers == {"quality": "good"}
    assert review.decide(workspace, first.id, reviewer, "accept").status == "accepted"

    second = review.next_review(workspace, "r", reviewer)
    assert _status(workspace, second.task_id)["status"] == "done"
    review.decide(workspace, second.id, reviewer, "reject", comment="not read")
    row = _status(workspace, second.task_id)
    assert (row["status"], row["submitted"]) == ("open", 0)
    assert queue.claim(workspace, project.id, ann1.id) is None  # the rejected annotator never gets it again
    lease = queue.claim(workspace, project.id, ann2.id)
    assert lease.task_id == second.task_id
    queue.submit(workspace, project.id, ann2.id, lease.task_id, {"quality": "bad"})
    assert _status(workspace, second.task_id)["status"] == "done"

    third = review.next_review(workspace, "r", reviewer)
    assert third.task_id not in (first.task_id, second.task_id)
    with pytest.raises(AnswerError):
        review.decide(workspace, third.id, reviewer, "correct", correction={"quality": "meh"})
    corrected = review.decide(workspace, third.id, reviewer, "correct", correction={"quality": "bad"})
    assert corrected.correction == {"quality": "bad"} and corrected.answers == {"quality": "good"}  # beside, not over
    with pytest.raises(ConflictError):
        review.decide(workspace, third.id, reviewer, "accept")  # decided already

    everything = export_dataset(workspace, "r", "raw", qa_report=False)
    assert everything.stats["review"]["rejected_left_out"] == 1
    reviewed = export_dataset(workspace, "r", "raw", reviewed_only=True)
    entry = reviewed.stats["review"]
    assert entry["reviewed_only"] and entry["corrections_used"] == 1 and entry["unreviewed_left_out"] >= 1
    rows = pq.read_table(reviewed.data_path(workspace.datasets_dir)).to_pylist()
    assert len(rows) == 2 and reviewed.task_count == 2
    by_task = dict(zip(reviewed.task_ids, rows))
    assert "bad" in str(by_task[third.task_id]) and "good" in str(by_task[first.task_id])
    assert (workspace.datasets_dir / reviewed.id / "qa.html").read_text().startswith("<!doctype html>")


def test_only_staff_review_and_nobody_reviews_themselves(workspace):
    """Annotators cannot take reviews; a reviewer is never given their own annotation."""
    project, _, ann1, _, reviewer = _setup(workspace, "r2")
    with pytest.raises(ForbiddenError):
        review.next_review(workspace, "r2", ann1)
    _annotate_all(workspace, project, reviewer)
    assert review.next_review(workspace, "r2", reviewer) is None


def test_first_k_and_low_agreement_policies(workspace):
    """`first` sends an annotator's first N; `low_agreement` a completed split task's answers."""
    project = make_project(workspace, "r3", questions=LABEL, overlap=2, review={"first": 1, "low_agreement": 0.75})
    queue_records(workspace, project, [make_record(i) for i in range(2)])
    ann1, ann2 = make_annotators(workspace, 2)
    _annotate_all(workspace, project, ann1, "good")
    lease = queue.claim(workspace, project.id, ann2.id)
    queue.submit(workspace, project.id, ann2.id, lease.task_id, {"quality": "good"})  # agrees: first of ann2 only
    counts = review.review_counts(workspace, "r3")
    assert counts["pending"] == 2  # ann1's first, ann2's first
    lease = queue.claim(workspace, project.id, ann2.id)
    queue.submit(workspace, project.id, ann2.id, lease.task_id, {"quality": "bad"})  # a 1:1 split
    assert review.review_counts(workspace, "r3")["pending"] == 4  # + both answers of the split task
