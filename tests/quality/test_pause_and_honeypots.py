"""Incremental checks pause a flagged annotator and release their leases; honeypots repeat a
pairwise task with the sides swapped and map the answer back."""

from __future__ import annotations

import pytest

from loopline.annotate import queue
from loopline.annotate.annotators import get_annotator_by_id
from loopline.annotate.monitor import check_annotator
from loopline.annotate.projects import get_project
from loopline.core.errors import ConflictError
from loopline.quality.honeypots import choose_permutation, honeypot_summary, honeypot_table, map_back
from loopline.quality.report import build_report
from loopline.store import probes as probe_store
from loopline.store import tasks as task_store
from tests.utils.factories import make_annotators, make_project, make_record, queue_records

LABEL = [{"type": "label", "name": "quality", "options": ["good", "bad", "unsure"]}]
PAIR = [{"type": "pairwise", "name": "pref"}]


def test_straight_liner_is_paused_and_leases_released(workspace):
    """At the check_every-th submit the straight-liner is flagged, paused, their lease freed."""
    project = make_project(workspace, "pz", questions=LABEL, overlap=2, quality={"pause_flagged": True, "check_every": 24, "update_trust": True})
    queue_records(workspace, project, [make_record(i) for i in range(60)])
    honest, liner = make_annotators(workspace, 2)
    lease = queue.claim(workspace, project.id, honest.id)
    for i in range(30):
        lease = queue.submit(workspace, project.id, honest.id, lease.task_id, {"quality": ("good", "bad", "unsure")[i % 3]}, claim_next=True, duration=10.0).next
    lease = queue.claim(workspace, project.id, liner.id)
    for _ in range(24):
        result = queue.submit(workspace, project.id, liner.id, lease.task_id, {"quality": "good"}, claim_next=True, duration=10.0)
        lease = result.next
    assert not get_annotator_by_id(workspace, liner.id).active
    with workspace.database.read() as conn:
        row = task_store.get_task_row(conn=conn, task_id=lease.task_id)
        flags = {f["kind"] for f in __import__("loopline.store.monitoring", fromlist=["x"]).project_flags(conn=conn, project_id=project.id)}
    assert row["leased"] == 0 and row["status"] == "open"  # the lease claimed with the 24th submit went back
    assert "straight_lining" in flags
    assert queue.current_leases(workspace, project.id, liner.id) == []
    with pytest.raises(ConflictError, match="paused"):
        queue.claim(workspace, project.id, liner.id)
    assert get_annotator_by_id(workspace, liner.id).trust < 1.0  # trust written back
    assert get_annotator_by_id(workspace, honest.id).active


def test_check_leaves_a_varied_annotator_alone(workspace):
    """No flag, no pause for an annotator whose answers vary like the crowd's."""
    project = make_project(workspace, "pz2", questions=LABEL, quality={"pause_flagged": True})
    queue_records(workspace, project, [make_record(i) for i in range(30)])
    [person] = make_annotators(workspace, 1)
    lease = queue.claim(workspace, project.id, person.id)
    for i in range(25):
        lease = queue.submit(workspace, project.id, person.id, lease.task_id, {"quality": ("good", "bad")[i % 2]}, claim_next=True, duration=10.0).next
    result = check_annotator(workspace, get_project(workspace, "pz2"), person.id)
    assert result.flags == [] and not result.paused


def test_map_back_and_permutation():
    """Swapped pairwise sides flip a/b back; a reversed ranking maps ranks back."""
    assert map_back("pairwise", {"choice": "b", "strength": None}, [1, 0], (0, 1))["choice"] == "a"
    assert map_back("pairwise", {"choice": "tie", "strength": None}, [1, 0], (0, 1))["choice"] == "tie"
    assert map_back("ranking", [1, 3, 2], [2, 1, 0], None) == [2, 3, 1]
    from loopline.core.questions import parse_question

    assert choose_permutation([parse_question(PAIR[0])], 3) == [1, 0, 2]
    assert choose_permutation([parse_question({"type": "ranking", "name": "r"})], 3) == [2, 1, 0]
    assert choose_permutation([parse_question(LABEL[0])], 2) is None


def test_honeypots_swap_and_map_back(workspace):
    """The repeat shows the two responses swapped; a content-consistent annotator scores
    self-consistency 1 and same-side 0, a position-driven one same-side 1."""
    project = make_project(workspace, "hp", questions=PAIR, overlap=2, quality={"honeypot_rate": 0.5, "honeypot_delay_seconds": 0})
    records = [make_record(i) for i in range(40)]
    queue_records(workspace, project, records)
    originals = {r.prompt: r for r in records}
    careful, lazy = make_annotators(workspace, 2)
    shown = 0
    for person in (careful, lazy):
        lease = queue.claim(workspace, project.id, person.id)
        while lease is not None:
            original = originals[lease.record.prompt]
            swapped = lease.record.responses[0].content != original.responses[0].content
            if swapped:
                shown += 1
                assert [r.content for r in lease.record.responses] == [r.content for r in reversed(original.responses)]
            # careful always prefers the original's first response, wherever it is shown; lazy always picks A
            choice = ("b" if swapped else "a") if person is careful else "a"
            lease = queue.submit(workspace, project.id, person.id, lease.task_id, {"pref": {"choice": choice}}, claim_next=True).next
    assert shown >= 4
    with workspace.database.read() as conn:
        pairs = probe_store.answered_honeypots(conn=conn, project_id=project.id)
    summary = honeypot_summary(honeypot_table(pairs, get_project(workspace, "hp").questions))
    assert summary.loc["ann0", "self_consistency"] == 1.0 and summary.loc["ann0", "same_side"] == 0.0
    assert summary.loc["ann1", "same_side"] == 1.0 and summary.loc["ann1", "self_consistency"] == 0.0
    report = build_report(workspace, "hp", resamples=20)
    assert report.annotators.loc["ann1", "same_side"] == 1.0
    assert report.tasks == 40  # honeypot repeats are not project tasks
    from loopline.quality.report_html import render_html

    assert "Preference honeypots" in render_html(report)
