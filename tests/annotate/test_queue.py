"""The leased task queue through the service layer, on every database."""

from __future__ import annotations

import time

import pytest

from loopline.annotate import queue
from loopline.annotate.annotators import create_annotator
from loopline.core.errors import AnswerError, ConflictError, NotFoundError
from loopline.core.routing import route_key
from loopline.store import projects as project_store
from tests.utils.factories import make_annotators, make_project, make_record, queue_records, ranking_answer


def _submit(ws, project, annotator, lease, **kw):
    return queue.submit(ws, project.id, annotator.id, lease.task_id, ranking_answer(lease.record), **kw)


def test_claim_returns_oldest_task_first(workspace):
    """With equal priority, tasks come out in the order they were queued."""
    p = make_project(workspace)
    tasks = queue_records(workspace, p, [make_record(i) for i in range(3)])
    (a,) = make_annotators(workspace, 1)
    got = [queue.claim(workspace, p.id, a.id).task_id for _ in range(3)]
    assert got == tasks


def test_claim_prefers_higher_priority(workspace):
    """A higher-priority task is claimed before older ones."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(i) for i in range(3)])
    (urgent,) = queue_records(workspace, p, [make_record(99)], priority=5)
    (a,) = make_annotators(workspace, 1)
    assert queue.claim(workspace, p.id, a.id).task_id == urgent


def test_claim_returns_none_when_queue_is_empty(workspace):
    """An empty queue answers None, not an error."""
    p = make_project(workspace)
    (a,) = make_annotators(workspace, 1)
    assert queue.claim(workspace, p.id, a.id) is None


def test_overlap_hands_task_to_distinct_annotators_only(workspace):
    """With overlap 2 a task goes to two different annotators and never to the same one twice."""
    p = make_project(workspace, overlap=2)
    (task,) = queue_records(workspace, p, [make_record(0)])
    a, b, c = make_annotators(workspace, 3)
    la = queue.claim(workspace, p.id, a.id)
    assert la.task_id == task
    assert queue.claim(workspace, p.id, a.id) is None
    assert queue.claim(workspace, p.id, b.id).task_id == task
    assert queue.claim(workspace, p.id, c.id) is None  # both slots are leased


def test_submit_completes_task_at_overlap(workspace):
    """A task is done once it has `overlap` annotations and is then never handed out."""
    p = make_project(workspace, overlap=2)
    queue_records(workspace, p, [make_record(0)])
    a, b, c = make_annotators(workspace, 3)
    for ann in (a, b):
        lease = queue.claim(workspace, p.id, ann.id)
        assert _submit(workspace, p, ann, lease).created
    assert queue.claim(workspace, p.id, c.id) is None
    with workspace.database.read() as conn:
        counts = project_store.task_counts(conn=conn, project_id=p.id)
    assert counts["done"] == 1 and counts["annotations"] == 2 and counts["leased"] == 0


def test_submit_with_same_client_key_is_idempotent(workspace):
    """The same submit sent twice stores one annotation and returns it both times."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    first = _submit(workspace, p, a, lease, client_key="k1")
    second = _submit(workspace, p, a, lease, client_key="k1")
    assert first.created and not second.created
    assert first.annotation_id == second.annotation_id


def test_second_submit_without_key_is_refused(workspace):
    """Submitting twice without a client key is a conflict, not a second annotation."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    _submit(workspace, p, a, lease)
    with pytest.raises(ConflictError, match="already submitted"):
        _submit(workspace, p, a, lease)


def test_invalid_answer_stores_nothing_and_keeps_lease(workspace):
    """A rejected answer leaves the lease live, so the annotator can fix and resubmit."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    with pytest.raises(AnswerError) as err:
        queue.submit(workspace, p.id, a.id, lease.task_id, {"rank": [1, 5]})
    assert err.value.field.startswith("rank")
    assert _submit(workspace, p, a, lease).created


def test_skip_returns_task_to_others_but_not_to_skipper(workspace):
    """A skipped task goes to the next annotator and never back to the one who skipped it."""
    p = make_project(workspace)
    (task,) = queue_records(workspace, p, [make_record(0)])
    a, b = make_annotators(workspace, 2)
    queue.skip(workspace, p.id, a.id, queue.claim(workspace, p.id, a.id).task_id)
    assert queue.claim(workspace, p.id, a.id) is None
    assert queue.claim(workspace, p.id, b.id).task_id == task


def test_expired_lease_returns_task_to_queue(workspace):
    """A lease not renewed in time lapses and the task is handed to someone else."""
    p = make_project(workspace)
    (task,) = queue_records(workspace, p, [make_record(0)])
    a, b = make_annotators(workspace, 2)
    queue.claim(workspace, p.id, a.id)
    assert queue.claim(workspace, p.id, b.id) is None
    assert queue.expire_leases(workspace, now=time.time() + 601) == 1
    assert queue.claim(workspace, p.id, b.id).task_id == task


def test_threads_that_claim_at_once_sweep_once(workspace, monkeypatch):
    """When the sweep comes due, one of the threads claiming at that moment sweeps; the others
    claim without waiting for it (all of them used to sweep, one after the other)."""
    import threading

    p = make_project(workspace)
    queue_records(workspace, p, [make_record(i) for i in range(8)])
    annotators = make_annotators(workspace, 8)
    sweeps, entered, release = [], threading.Event(), threading.Event()
    real_expire = queue.expire_leases

    def slow_expire(ws, now=None):
        sweeps.append(now)
        entered.set()
        release.wait(10)  # the others claim meanwhile
        return real_expire(ws, now)

    monkeypatch.setattr(queue, "expire_leases", slow_expire)
    workspace.cache.last_expiry_sweep = 0.0  # due
    leases: list[object] = []
    threads = [threading.Thread(target=lambda a=a: leases.append(queue.claim(workspace, p.id, a.id))) for a in annotators]
    threads[0].start()
    assert entered.wait(10)
    for t in threads[1:]:
        t.start()
    for t in threads[1:]:
        t.join(10)
    assert len(leases) == 7  # claimed while the sweep was still running
    release.set()
    threads[0].join(10)
    assert len(sweeps) == 1 and len(leases) == 8 and all(leases)


def test_heartbeat_extends_lease(workspace):
    """A heartbeat moves the expiry forward so the sweep leaves the lease alone."""
    p = make_project(workspace, lease_seconds=60)
    queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    new_expiry = queue.heartbeat(workspace, p.id, a.id, lease.task_id)
    assert new_expiry >= lease.expires_at
    assert queue.expire_leases(workspace, now=lease.expires_at - 1) == 0


def test_heartbeat_after_expiry_fails(workspace):
    """Once a lease lapsed, a heartbeat says so instead of reviving it."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    queue.expire_leases(workspace, now=time.time() + 601)
    with pytest.raises(queue.LeaseError):
        queue.heartbeat(workspace, p.id, a.id, lease.task_id)


def test_late_submit_accepted_while_slot_free(workspace):
    """An answer sent after expiry is kept when nobody else took the slot meanwhile."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    queue.expire_leases(workspace, now=time.time() + 601)
    result = _submit(workspace, p, a, lease)
    assert result.created and result.late


def test_late_submit_refused_when_task_finished(workspace):
    """An answer after expiry is refused (not stored twice) when someone else finished it."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0)])
    a, b = make_annotators(workspace, 2)
    lease_a = queue.claim(workspace, p.id, a.id)
    queue.expire_leases(workspace, now=time.time() + 601)
    lease_b = queue.claim(workspace, p.id, b.id)
    _submit(workspace, p, b, lease_b)
    with pytest.raises(queue.LeaseError, match="completed by others"):
        _submit(workspace, p, a, lease_a)


def test_submit_without_lease_is_refused(workspace):
    """Nobody can submit to a task they never claimed."""
    p = make_project(workspace)
    (task,) = queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    with pytest.raises(queue.LeaseError, match="no lease"):
        queue.submit(workspace, p.id, a.id, task, {"rank": [1, 2]})


def test_submit_to_task_of_other_project_is_not_found(workspace):
    """A task id from another project is unknown here."""
    p = make_project(workspace)
    other = make_project(workspace, name="other")
    (task,) = queue_records(workspace, other, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    with pytest.raises(NotFoundError):
        queue.submit(workspace, p.id, a.id, task, {"rank": [1, 2]})


def test_routing_by_language(workspace):
    """Only annotators who speak a task's language get it; unrouted tasks go to anyone."""
    p = make_project(workspace)
    de = route_key([], "de")
    (de_task,) = queue_records(workspace, p, [make_record(0)], route=de, priority=1)
    (plain,) = queue_records(workspace, p, [make_record(1)])
    with workspace.database.write() as conn:
        project_store.set_routes(conn=conn, project_id=p.id, routes=[de])
    workspace.cache.forget_projects()
    en_speaker = create_annotator(workspace, "en", languages=["en"])
    de_speaker = create_annotator(workspace, "de", languages=["de", "en"])
    assert queue.claim(workspace, p.id, en_speaker.id).task_id == plain
    assert queue.claim(workspace, p.id, de_speaker.id).task_id == de_task


def test_routing_by_skill(workspace):
    """A task that needs a skill waits for an annotator who has it."""
    p = make_project(workspace)
    medical = route_key(["medical"], None)
    (task,) = queue_records(workspace, p, [make_record(0)], route=medical)
    with workspace.database.write() as conn:
        project_store.set_routes(conn=conn, project_id=p.id, routes=[medical])
    workspace.cache.forget_projects()
    novice = create_annotator(workspace, "novice")
    doctor = create_annotator(workspace, "doctor", skills=["medical"])
    assert queue.claim(workspace, p.id, novice.id) is None
    assert queue.claim(workspace, p.id, doctor.id).task_id == task


def test_current_leases_lists_live_leases(workspace):
    """A reloaded page can find the task it was working on."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    (again,) = queue.current_leases(workspace, p.id, a.id)
    assert again.task_id == lease.task_id and again.record == lease.record


def test_submit_with_claim_next_leases_the_next_task(workspace):
    """claim_next stores the answer and hands over the next task in one call."""
    p = make_project(workspace)
    first, second = queue_records(workspace, p, [make_record(0), make_record(1)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    result = _submit(workspace, p, a, lease, claim_next=True)
    assert result.created and result.next.task_id == second
    last = _submit(workspace, p, a, result.next, claim_next=True)
    assert last.created and last.next is None


def test_invalid_answer_with_claim_next_claims_nothing(workspace):
    """A rejected answer does not lease a second task."""
    p = make_project(workspace)
    queue_records(workspace, p, [make_record(0), make_record(1)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    with pytest.raises(AnswerError):
        queue.submit(workspace, p.id, a.id, lease.task_id, {"rank": [3, 3]}, claim_next=True)
    assert [x.task_id for x in queue.current_leases(workspace, p.id, a.id)] == [lease.task_id]
