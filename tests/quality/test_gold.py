"""Gold tasks: import, unannounced injection at the project's rate, at most once per
annotator, never complete, never exported, scored per question type into the QA report."""

from __future__ import annotations

import math
import time
from collections import Counter

import orjson
import pytest
from typer.testing import CliRunner

from loopline.annotate import queue
from loopline.annotate.export import export_dataset
from loopline.annotate.gold import add_gold, gold_answers, import_gold
from loopline.annotate.projects import get_project
from loopline.core.errors import InputError, ValidationError
from loopline.core.records import Record
from loopline.quality.gold import score_answer
from loopline.quality.report import build_report
from loopline.store import tasks as task_store
from tests.utils.factories import make_annotators, make_project, make_record, queue_records

LABEL = [{"type": "label", "name": "quality", "options": ["good", "bad"]}]


def _gold_records(n: int) -> list[tuple[Record, dict]]:
    return [(Record(prompt=f"gold question {i}", responses=[{"content": f"gold answer {i}"}]), {"quality": "good" if i % 2 else "bad"}) for i in range(n)]


def _task_status(ws, task_id: int) -> str:
    with ws.database.read() as conn:
        return task_store.get_task_row(conn=conn, task_id=task_id)["status"]


def test_score_answer_per_type():
    """Hand-checked scores for every scored question type."""
    assert score_answer("label", "good", "good") == 1.0
    assert score_answer("label", ["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
    assert score_answer("rating", 4, 5) == 0.5 and score_answer("rating", 2, 5) == 0.0
    assert score_answer("pairwise", {"choice": "b", "strength": 1}, {"choice": "b", "strength": None}) == 1.0
    assert score_answer("ranking", [2, 1], [1, 2]) == 0.0
    assert score_answer("turns", ["ok", "bad"], ["ok", "ok"]) == 0.5
    assert score_answer("spans", {"spans": [{"start": 0, "end": 4, "label": "X"}]}, {"spans": [{"start": 1, "end": 4, "label": "X"}]}) == 1.0
    assert score_answer("text", "the cat", "the  cat") == 1.0
    assert score_answer("chat", {}, {}) is None


def test_gold_injection_rate_and_once_per_annotator(workspace):
    """Over many claims the share of gold tasks matches gold_rate (binomial 99.9% bound) and
    no annotator gets a gold task twice; gold tasks never complete."""
    rate, annotators, cycles = 0.2, 12, 50
    project = make_project(workspace, "g", questions=LABEL, gold_rate=rate)
    queue_records(workspace, project, [make_record(i) for i in range(annotators * cycles + 10)])
    add_gold(workspace, "g", _gold_records(40))
    gold_ids = set(gold_answers(workspace, "g"))
    claims: list[tuple[int, int]] = []
    for person in make_annotators(workspace, annotators):
        lease = queue.claim(workspace, project.id, person.id)
        for _ in range(cycles):
            claims.append((person.id, lease.task_id))
            result = queue.submit(workspace, project.id, person.id, lease.task_id, {"quality": "good"}, claim_next=True)
            lease = result.next
    n_gold = sum(t in gold_ids for _, t in claims)
    n = len(claims)
    bound = 3.3 * math.sqrt(n * rate * (1 - rate))
    assert abs(n_gold - n * rate) < bound, (n_gold, n * rate, bound)
    per_annotator = Counter((a, t) for a, t in claims if t in gold_ids)
    assert max(per_annotator.values()) == 1
    assert all(_task_status(workspace, t) == "gold" for t in gold_ids)


def test_gold_tasks_never_exported_and_scored_in_report(workspace):
    """Gold answers feed gold accuracy; the gold tasks stay out of every dataset version."""
    project = make_project(workspace, "g2", questions=LABEL, gold_rate=0.5, overlap=2)
    queue_records(workspace, project, [make_record(i) for i in range(30)])
    add_gold(workspace, "g2", _gold_records(30))
    gold = gold_answers(workspace, "g2")
    right, wrong = make_annotators(workspace, 2)
    for person, correct in ((right, True), (wrong, False)):
        lease = queue.claim(workspace, project.id, person.id)
        while lease is not None:
            known = gold.get(lease.task_id)
            answer = (known["quality"] if correct else ("bad" if known["quality"] == "good" else "good")) if known else "good"
            lease = queue.submit(workspace, project.id, person.id, lease.task_id, {"quality": answer}, claim_next=True).next
    manifest = export_dataset(workspace, "g2", "raw", include_partial=True, qa_report=False)
    assert not set(manifest.task_ids) & set(gold)
    report = build_report(workspace, "g2", resamples=20)
    table = report.annotators
    assert table.loc["ann0", "gold_accuracy"] == 1.0 and table.loc["ann1", "gold_accuracy"] == 0.0
    assert table.loc["ann0", "n_gold"] > 5
    assert table.loc["ann0", "trust"] > table.loc["ann1", "trust"]
    assert report.tasks == 30  # gold tasks are not counted as the project's tasks


def test_import_gold_file_and_cli(workspace, tmp_path):
    """`loopline import FILE --gold` reads `gold` per row; a queued untouched task turns gold."""
    project = make_project(workspace, "g3", questions=LABEL)
    [queued] = queue_records(workspace, project, [Record(prompt="already queued")])
    rows = [{"prompt": "already queued", "gold": {"quality": "bad"}}, {"prompt": "new one", "responses": [{"content": "x"}], "answers": {"quality": "good"}}]
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    report = import_gold(workspace, path, "g3")
    assert (report.tasks_new, report.tasks_converted) == (1, 1)
    assert _task_status(workspace, queued) == "gold"
    assert sorted(a["quality"] for a in gold_answers(workspace, "g3").values()) == ["bad", "good"]

    from loopline.cli.main import app

    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(orjson.dumps({"prompt": "p"}) + b"\n" + orjson.dumps({"prompt": "q", "gold": {"quality": "meh"}}))
    with pytest.raises(InputError) as err:
        import_gold(workspace, bad, "g3")
    assert err.value.location.line == 1 and err.value.location.field == "gold"
    bad.write_bytes(orjson.dumps({"prompt": "q", "gold": {"quality": "meh"}}))
    with pytest.raises(InputError) as err:
        import_gold(workspace, bad, "g3")
    assert err.value.location.field == "gold.quality"
    good = tmp_path / "more.jsonl"
    good.write_bytes(orjson.dumps({"prompt": "via the command line", "gold": {"quality": "good"}}))
    result = CliRunner().invoke(app, ["--workspace", str(workspace.root), "--database-url", workspace.url, "import", str(good), "--project", "g3", "--gold"])
    assert result.exit_code == 0, result.output
    assert "1 new gold tasks" in result.output
    assert len(gold_answers(workspace, "g3")) == 3


def test_gold_cannot_take_over_an_answered_task(workspace):
    """A record already answered as normal work cannot become gold."""
    project = make_project(workspace, "g4", questions=LABEL)
    record = Record(prompt="answered")
    [task] = queue_records(workspace, project, [record])
    person = make_annotators(workspace, 1)[0]
    lease = queue.claim(workspace, project.id, person.id)
    queue.submit(workspace, project.id, person.id, lease.task_id, {"quality": "good"})
    with pytest.raises(InputError, match="cannot become gold"):
        add_gold(workspace, "g4", [(record, {"quality": "good"})])
    with pytest.raises(ValidationError, match="no such question"):
        add_gold(workspace, "g4", [(Record(prompt="x"), {"nope": 1})])
    assert get_project(workspace, "g4").definition.gold_rate == 0
    assert time.time() > 0
