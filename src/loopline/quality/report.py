"""The QA report of a project: agreement per question, annotators with flags and trust,
confusion matrices against the consensus, agreement over time, gold accuracy.

It reads annotations through the store's read query, aggregates each categorical question
(Dawid-Skene by default) to get the consensus every annotator is compared with, and runs the
anomaly detectors. Gold answers come from the project's gold tasks (`loopline.annotate.gold`),
scored per question type (`loopline.quality.gold`); a record's `metadata["gold"]`
(`{question: answer}`, from imports made before gold tasks existed) still counts. Gold and
honeypot tasks are left out of the consensus and the agreement figures (everyone answers gold
tasks; a honeypot repeats one annotator), and honeypots get their own table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loopline.annotate.projects import get_project
from loopline.annotate.workspace import Workspace
from loopline.core.gc_pause import gc_paused
from loopline.core.records import Record, record_from
from loopline.quality.anomalies import (
    AnomalyConfig,
    Flag,
    detect_anomalies,
    domain_trust,
    trust_scores,
)
from loopline.quality.consensus import AGGREGATIONS
from loopline.quality.gold import score_annotation
from loopline.quality.honeypots import honeypot_summary, honeypot_table
from loopline.quality.question_agreement import (
    CATEGORICAL,
    QuestionAgreement,
    categorical_value,
    question_agreement,
)
from loopline.store import probes as probe_store
from loopline.store.quality_reads import stream_annotations_for_quality
from loopline.store.quality_tables import GOLD, HONEYPOT

PROBES = (GOLD, HONEYPOT)


@dataclass
class QualityReport:
    """Everything `loopline qa` prints and the HTML report draws."""

    project: str
    aggregation: str
    tasks: int
    annotations: int
    questions: list[QuestionAgreement]
    annotators: pd.DataFrame  # one row per annotator: counts, agreement, gold, skill, trust, flags
    flags: list[Flag]
    confusions: dict[str, pd.DataFrame] = field(default_factory=dict)  # consensus (rows) x answer (columns)
    timeline: pd.DataFrame = field(default_factory=pd.DataFrame)  # time bucket, question, agreement
    honeypots: pd.DataFrame = field(default_factory=pd.DataFrame)  # per annotator: honeypots, self_consistency, same_side
    trust_by_domain: pd.DataFrame = field(default_factory=pd.DataFrame)  # (annotator, domain): n_gold, gold_accuracy, trust


def record_domain(record: Record) -> str | None:
    """The domain a record belongs to for trust: `metadata.domain`, else its required skills."""
    metadata = record.metadata if isinstance(record.metadata, dict) else {}
    domain = metadata.get("domain")
    if isinstance(domain, str) and domain:
        return domain
    skills = metadata.get("skills")
    if isinstance(skills, list) and skills and all(isinstance(x, str) for x in skills):
        return ",".join(sorted(skills))
    return None


def _content_length(record: Record) -> int:
    text = record.prompt or "".join(m.content for m in record.messages or ())
    return len(text) + sum(len(r.content) for r in record.responses)


def _position(answer: Any, qtype: str) -> tuple[float, float]:
    """(chosen display position, positions) of a pairwise or ranking answer; NaN otherwise."""
    if qtype == "pairwise" and isinstance(answer, dict) and answer.get("choice") in ("a", "b"):
        return float(answer["choice"] == "b"), 2.0
    if qtype == "ranking" and isinstance(answer, list) and answer and answer.count(1) == 1:
        return float(answer.index(1)), float(len(answer))
    return float("nan"), float("nan")


def read_long_table(ws: Workspace, project: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """One row per (annotation, question answered), with what the detectors and metrics need."""
    info = get_project(ws, project)
    types = {q.name: getattr(q, "type", "") for q in info.questions}
    # The table holds a few dicts per annotation until the DataFrame is built: with the cyclic
    # collector on, its full passes over them made reading 200k annotations 20-40% slower
    # (5.6-7.3 s against 4.7-5.2 s).
    with ws.database.read() as conn, gc_paused():
        gold = probe_store.gold_answers(conn=conn, project_id=info.id)
        table = long_table(stream_annotations_for_quality(conn=conn, project_id=info.id), types, gold)
    return table, types


def long_table(annotations: Iterable[dict[str, Any]], types: dict[str, str], gold: dict[int, dict[str, Any]]) -> pd.DataFrame:
    """The long table (see `anomalies.flags`) of annotation rows as the store's quality reads
    give them (the record as JSON text, or decoded); `gold`: task id -> known answers."""
    rows: list[dict[str, Any]] = []
    record, record_task = None, None
    for a in annotations:
        if a["task_id"] != record_task:  # the rows come grouped by task: parse its record once
            record, record_task = record_from(a["record"]), a["task_id"]
        known = gold.get(a["task_id"])
        if known is None and isinstance(record.metadata, dict) and isinstance(record.metadata.get("gold"), dict):
            known = record.metadata["gold"]
        scores = score_annotation(types, a["answers"] or {}, known) if known else {}
        candidates = [r.content for r in record.responses]
        probe = a.get("task_status") in PROBES
        base = {"annotation": a["id"], "task": a["task_id"], "annotator": a["annotator"], "trust": a["trust"],
                "created_at": a["created_at"], "probe": probe, "domain": record_domain(record)}
        rows.append({**base, "question": None, "duration": a["duration"], "content_length": _content_length(record)})
        for name, answer in (a["answers"] or {}).items():
            qtype = types.get(name)
            if qtype is None:
                continue
            position, n_positions = _position(answer, qtype)
            row = {**base, "question": name, "type": qtype, "value": answer, "position": position, "n_positions": n_positions}
            if qtype in CATEGORICAL:
                row["option"] = categorical_value(answer, qtype)
            if qtype == "text" and isinstance(answer, str):
                row["text"], row["candidates"] = answer, candidates
            if name in scores:
                row["gold_correct"] = scores[name]
            rows.append(row)
    return pd.DataFrame(rows)


def _consensus(table: pd.DataFrame, aggregation: str) -> tuple[pd.Series, pd.Series, dict[str, pd.Series]]:
    """Per row: the consensus label of its task and question and whether the answer matches it
    (NaN when the task has one answer); and the model's per-annotator skill per question."""
    from loopline.quality.consensus import label_model

    agrees = pd.Series(np.nan, index=table.index)
    labels = pd.Series(None, index=table.index, dtype=object)
    skills: dict[str, pd.Series] = {}
    model_name = aggregation if aggregation in ("dawid-skene", "mace") else "majority"
    normal = table["option"].notna() & ~table["probe"].astype(bool) if "probe" in table.columns else table["option"].notna()
    for name, rows in table[normal].groupby("question"):
        counts = rows.groupby("task")["annotator"].transform("size")
        rows = rows[counts >= 2]
        if rows.empty:
            continue
        frame = pd.DataFrame({"task": rows["task"], "worker": rows["annotator"], "label": rows["option"].astype(str)})
        model = label_model(model_name).fit(frame)
        consensus = model.labels_.reindex(rows["task"]).to_numpy()
        labels.loc[rows.index] = consensus
        agrees.loc[rows.index] = (rows["option"].astype(str).to_numpy() == consensus).astype(float)
        if hasattr(model, "skills_"):
            skills[str(name)] = model.skills_
        else:
            skills[str(name)] = pd.Series(agrees.loc[rows.index].to_numpy(), index=rows["annotator"].to_numpy()).groupby(level=0).mean()
    return agrees, labels, skills


def _confusions(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    out = {}
    rows = table[table["option"].notna() & table["consensus"].notna()]
    for name, part in rows.groupby("question"):
        out[str(name)] = pd.crosstab(part["consensus"].astype(str), part["option"].astype(str)).rename_axis(index="consensus", columns="answer")
    return out


def _timeline(table: pd.DataFrame, buckets: int = 12) -> pd.DataFrame:
    rows = table[table["agrees"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=["time", "question", "agreement", "answers"])
    times = pd.to_datetime(rows["created_at"], unit="s")
    span = (times.max() - times.min()) / buckets
    freq = max(span, pd.Timedelta(minutes=1))
    grouped = rows.assign(time=times.dt.floor(freq)).groupby(["time", "question"])["agrees"]
    return pd.DataFrame({"agreement": grouped.mean(), "answers": grouped.size()}).reset_index()


def build_report(ws: Workspace, project: str, *, aggregation: str = "dawid-skene", config: AnomalyConfig | None = None, resamples: int = 200) -> QualityReport:
    """Compute the QA report of `project` (see the module docstring)."""
    if aggregation not in AGGREGATIONS:
        from loopline.core.errors import ValidationError

        raise ValidationError(f"aggregation must be one of {', '.join(AGGREGATIONS)}; got {aggregation!r}", field="--aggregation")
    table, types = read_long_table(ws, project)
    if table.empty:
        return QualityReport(project, aggregation, 0, 0, [], pd.DataFrame(), [])
    for column in ("option", "gold_correct", "value", "type"):
        if column not in table.columns:
            table[column] = np.nan
    table["agrees"], table["consensus"], skills = _consensus(table, aggregation)
    normal = table[~table["probe"].astype(bool)]
    questions = [qa for name, qtype in types.items() if (qa := question_agreement(name, qtype, normal[normal["question"] == name][["task", "annotator", "value"]], resamples=resamples)) is not None]
    flags = detect_anomalies(table, config)
    annotators = _annotator_table(table, skills, flags)
    honeypots = read_honeypots(ws, project)
    if not honeypots.empty:
        annotators = annotators.join(honeypots, how="left")
    by_domain = domain_trust(table[["annotator", "domain", "gold_correct"]], annotators["trust"]) if "trust" in annotators else pd.DataFrame()
    return QualityReport(project, aggregation, int(normal["task"].nunique()), int(table["annotation"].nunique()), questions,
                         annotators, flags, _confusions(table), _timeline(table), honeypots, by_domain)


def read_honeypots(ws: Workspace, project: str) -> pd.DataFrame:
    """Per annotator: honeypots answered, self-consistency and same-side share."""
    info = get_project(ws, project)
    with ws.database.read() as conn:
        pairs = probe_store.answered_honeypots(conn=conn, project_id=info.id)
    return honeypot_summary(honeypot_table(pairs, info.questions))


def _annotator_table(table: pd.DataFrame, skills: dict[str, pd.Series], flags: list[Flag]) -> pd.DataFrame:
    per = table.groupby("annotator")
    out = pd.DataFrame({
        "annotations": per["annotation"].nunique(),
        "median_seconds": table[table["question"].isna()].groupby("annotator")["duration"].median(),
        "agreement": per["agrees"].mean(),
    })
    skill = pd.concat(skills.values()).groupby(level=0).mean() if skills else pd.Series(dtype=float)
    gold = table[["annotator", "gold_correct"]].dropna()
    trust = trust_scores(gold if len(gold) else None, skill.to_dict())
    out = out.join(trust[["n_gold", "gold_accuracy", "skill", "trust"]], how="left")
    out["n_gold"] = out["n_gold"].fillna(0).astype(int)
    by_annotator: dict[str, list[str]] = {}
    for flag in flags:
        by_annotator.setdefault(flag.annotator, []).append(flag.kind)
    out["flags"] = [", ".join(by_annotator.get(str(name), [])) for name in out.index]
    return out.rename_axis("annotator")
