"""Candidate generation writes new record versions with the model's responses."""

from __future__ import annotations

from loopline.annotate import queue
from loopline.models.base import SamplingParams
from loopline.models.candidates import generate_candidates
from loopline.store import records as record_store
from loopline.store.models import record_table, task_table
from tests.utils.factories import make_annotators, make_project, make_record, queue_records


def test_generate_writes_record_versions(workspace, tiny_backend):
    """Each record gets a child version with n new responses (model, sampling, logprobs);
    untouched tasks move to it, a task with an annotation keeps its record."""
    p = make_project(workspace)
    task_ids = queue_records(workspace, p, [make_record(i, n_responses=2) for i in range(5)])
    (a,) = make_annotators(workspace, 1)
    lease = queue.claim(workspace, p.id, a.id)
    queue.submit(workspace, p.id, a.id, lease.task_id, {"rank": [1, 2]})
    seen = []
    report = generate_candidates(
        workspace, p.name, tiny_backend, n=2, batch_size=2,
        sampling=SamplingParams(max_new_tokens=5, seed=0, logprobs=True), progress=seen.append,
    )
    assert (report.records, report.responses, report.tasks_moved, report.tasks_kept) == (5, 10, 4, 1)
    assert seen == [2, 2, 1]
    with workspace.database.read() as conn:
        tasks = {t: r for t, r in conn.execute(task_table.select().with_only_columns(task_table.c.id, task_table.c.record_id))}
        parents = {i: p for i, p in conn.execute(record_table.select().with_only_columns(record_table.c.id, record_table.c.parent_id))}
        data = record_store.get_records_data(conn=conn, record_ids=list(tasks.values()))
    moved = [t for t in task_ids if t != lease.task_id]
    for t in moved:
        rec = data[tasks[t]]
        assert parents[tasks[t]] is not None
        assert len(rec["responses"]) == 4
        new = rec["responses"][-1]
        assert new["model"] == "mv-tiny" and new["sampling"]["max_new_tokens"] == 5
        assert len(new["metadata"]["logprobs"]) == new["metadata"]["completion_tokens"]
    assert parents[tasks[lease.task_id]] is None
