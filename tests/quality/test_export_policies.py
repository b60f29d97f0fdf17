"""Export with each aggregation policy, from a real workspace through the queue."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from loopline.annotate import queue
from loopline.annotate.export import export_dataset
from loopline.core.errors import ValidationError
from tests.utils.factories import make_annotators, make_project, make_record, queue_records

QUESTIONS = [
    {"type": "pairwise", "name": "pick"},
    {"type": "ranking", "name": "rank"},
    {"type": "label", "name": "thumb", "options": ["up", "down"]},
    {"type": "rating", "name": "score", "min": 1, "max": 5, "response": 0},
]


def _answer(task_index: int, annotator: int) -> dict:
    """Annotators 0 and 1 agree (A better, thumbs up, 5); annotator 2 dissents on task 0."""
    dissent = annotator == 2 and task_index == 0
    return {
        "pick": {"choice": "b" if dissent else "a", "strength": None},
        "rank": [2, 1] if dissent else [1, 2],
        "thumb": "down" if dissent else "up",
        "score": 1 if dissent else 5,
    }


@pytest.fixture
def project(workspace):
    p = make_project(workspace, overlap=3, questions=QUESTIONS)
    task_ids = queue_records(workspace, p, [make_record(i) for i in range(3)])
    for k, a in enumerate(make_annotators(workspace, 3)):
        while (lease := queue.claim(workspace, p.id, a.id)) is not None:
            queue.submit(workspace, p.id, a.id, lease.task_id, _answer(task_ids.index(lease.task_id), k))
    return p


def _rows(ws, manifest):
    return pq.read_table(manifest.data_path(ws.datasets_dir)).to_pylist()


@pytest.mark.parametrize("policy", ["majority", "dawid-skene", "mace", "bradley-terry"])
def test_reward_export_with_policy(workspace, project, policy):
    """Each policy picks response 0 everywhere, keeps per-row agreement and confidence, and
    is recorded in the manifest."""
    m = export_dataset(workspace, project.name, "reward", aggregation=policy)
    assert m.aggregation == {"policy": policy, "trust_weighted": False, "questions": m.aggregation["questions"]}
    assert m.columns == ["prompt", "chosen", "rejected", "margin", "agreement", "confidence"]
    rows = _rows(workspace, m)
    assert len(rows) == 6 and all(r["chosen"].endswith(".0") for r in rows)
    first_task = [r for r in rows if r["prompt"] == "prompt 0"]
    assert all(r["agreement"] == pytest.approx(2 / 3) for r in first_task)
    assert all(0.5 < r["confidence"] <= 1.0 for r in rows)
    expected = "bradley_terry" if policy == "bradley-terry" else {"majority": "majority_vote", "dawid-skene": "dawid_skene", "mace": "mace"}[policy]
    assert m.policy["pairwise"] == expected
    assert m.policy["ranking"] == ("bradley_terry" if policy == "bradley-terry" else "mean_rank")


@pytest.mark.parametrize("policy", ["majority", "dawid-skene", "mace"])
def test_kto_export_with_policy(workspace, project, policy):
    """Thumbs and ratings aggregate to `up` / 5 on every task: six positive rows."""
    m = export_dataset(workspace, project.name, "kto", aggregation=policy)
    rows = _rows(workspace, m)
    assert len(rows) == 6 and all(r["label"] for r in rows)
    assert sorted({round(r["agreement"], 6) for r in rows}) == [round(2 / 3, 6), 1.0]
    assert m.policy == {"rating": {"majority": "majority_vote"}.get(policy, policy.replace("-", "_")), "label": {"majority": "majority_vote"}.get(policy, policy.replace("-", "_"))}


def test_trust_weighting_turns_a_vote(workspace, project):
    """With trust weights the untrusted majority loses to one trusted dissenter."""
    from sqlalchemy import text

    with workspace.database.write() as conn:
        conn.execute(text("UPDATE annotator SET trust = CASE WHEN name = 'ann2' THEN 1.0 ELSE 0.1 END"))
    m = export_dataset(workspace, project.name, "kto", aggregation="majority", trust_weighted=True)
    rows = [r for r in _rows(workspace, m) if r["prompt"] == "prompt 0"]
    assert rows and not any(r["label"] for r in rows)
    assert m.aggregation["trust_weighted"] is True


def test_unknown_policy_and_wrong_format_are_refused(workspace, project):
    """A misspelt policy, or a policy on the raw format, is a clear validation error."""
    with pytest.raises(ValidationError, match="aggregation must be one of"):
        export_dataset(workspace, project.name, "reward", aggregation="dawid")
    with pytest.raises(ValidationError, match="applies to preference, reward and kto"):
        export_dataset(workspace, project.name, "raw", aggregation="majority")
