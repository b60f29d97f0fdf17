"""The QA report and `loopline qa` end to end on a real workspace filled through the queue."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from loopline.annotate import queue
from loopline.annotate.workspace import init_workspace
from loopline.cli.main import main
from loopline.core.records import Record
from loopline.quality.anomalies import AnomalyConfig
from loopline.quality.report import build_report
from tests.utils.factories import make_annotators, make_project, queue_records

QUESTIONS = [
    {"type": "label", "name": "topic", "options": ["shop", "math", "other"]},
    {"type": "pairwise", "name": "pick"},
    {"type": "rating", "name": "score", "min": 1, "max": 5, "response": 0},
]
N_TASKS = 30


def _records() -> list[Record]:
    rng = np.random.default_rng(0)
    out = []
    for i in range(N_TASKS):
        topic = ["shop", "math", "other"][i % 3]
        out.append(Record(prompt=f"Question {i} " + "about the order " * 20, responses=[{"content": f"good answer {i}"}, {"content": f"bad answer {i}"}],
                          metadata={"truth": topic, "better": "ab"[i % 2], "domain": ["billing", "tech"][i % 2], **({"gold": {"topic": topic}} if i % 5 == 0 else {})}))
    rng.shuffle(out)
    return out


def _answer(kind: str, record: Record, rng: np.random.Generator) -> tuple[dict, float]:
    truth = record.metadata["truth"]
    if kind == "good":
        score = {"shop": 5, "math": 2, "other": 3}[truth]
        return {"topic": truth, "pick": {"choice": record.metadata["better"], "strength": None}, "score": score}, 40.0
    if kind == "straight":  # always the same topic, always the left response, in two seconds
        return {"topic": "other", "pick": {"choice": "a", "strength": None}, "score": 1}, 2.0
    return {"topic": str(rng.choice(["shop", "math", "other"])), "pick": {"choice": str(rng.choice(["a", "b"])), "strength": None}, "score": int(rng.integers(1, 6))}, 30.0


def fill(ws) -> str:
    p = make_project(ws, "support", overlap=5, questions=QUESTIONS)
    queue_records(ws, p, _records())
    rng = np.random.default_rng(1)
    kinds = ["good", "good", "good", "straight", "spam"]
    for kind, a in zip(kinds, make_annotators(ws, 5)):
        while (lease := queue.claim(ws, p.id, a.id)) is not None:
            answers, seconds = _answer(kind, lease.record, rng)
            queue.submit(ws, p.id, a.id, lease.task_id, answers, duration=seconds)
    return p.name


def test_report_agreement_flags_gold_and_trust(workspace):
    """The straight-liner is flagged with numbers, good annotators are not; gold accuracy,
    confusion matrices, agreement figures and trust come out."""
    name = fill(workspace)
    report = build_report(workspace, name, config=AnomalyConfig(min_annotations=20), resamples=50)
    assert (report.tasks, report.annotations) == (N_TASKS, 5 * N_TASKS)
    by_q = {q.question: q for q in report.questions}
    assert 0.0 < by_q["topic"].metrics["fleiss_kappa"] < 1.0
    low, high = by_q["topic"].intervals["alpha_nominal"]
    assert low <= by_q["topic"].metrics["alpha_nominal"] <= high
    assert "alpha_ordinal" in by_q["score"].metrics
    kinds = {(f.annotator, f.kind) for f in report.flags}
    assert ("ann3", "straight_lining") in kinds and ("ann3", "too_fast") in kinds
    assert not any(a in {"ann0", "ann1", "ann2"} for a, _ in kinds)
    table = report.annotators
    assert table.loc["ann0", "gold_accuracy"] == 1.0 and table.loc["ann0", "n_gold"] == 6
    assert table.loc["ann3", "trust"] < table.loc["ann0", "trust"]
    assert report.confusions["topic"].loc["shop", "shop"] >= 3 * 10
    assert set(report.timeline.columns) >= {"time", "question", "agreement"}
    by_domain = report.trust_by_domain
    assert by_domain.loc[("ann0", "billing"), "n_gold"] == 3 and by_domain.loc[("ann0", "tech"), "gold_accuracy"] == 1.0
    assert by_domain.loc[("ann3", "tech"), "trust"] < by_domain.loc[("ann0", "tech"), "trust"]


def test_qa_command_prints_tables_and_writes_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """`loopline qa P --html` prints the agreement and annotator tables and writes plots."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOOPLINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOOPLINE_WORKSPACE", raising=False)
    ws, _, _ = init_workspace(tmp_path)
    name = fill(ws)
    ws.close()
    assert main(["qa", name, "--html", "out/qa.html"]) == 0
    out = capsys.readouterr().out
    assert "fleiss_kappa" in out and "straight_lining" in out and "ann3" in out
    page = (tmp_path / "out" / "qa.html").read_text()
    assert page.count("data:image/png;base64") >= 4 and "Confusion matrices" in page and "Trust per domain" in page
    assert "trust per domain" in out
    assert main(["export", "-p", name, "-f", "kto", "--aggregation", "dawid-skene", "--trust-weighted"]) == 0
    assert "aggregation: dawid-skene (trust weighted: True)" in capsys.readouterr().out
