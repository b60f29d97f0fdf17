"""Candidate generation: a model writes responses for a project's records.

Records are immutable, so each record gets a new version (its `parent_id` points at the old
one) with the new responses appended, each carrying the model version, its sampling settings
and its log-probabilities. Tasks nobody has leased or answered yet move to the new version;
tasks with annotations keep theirs, because answers (a ranking, a pairwise choice) refer to
responses by position. Work goes in batches, with a progress callback; the batches can be
generated elsewhere (`loopline.models.ray_generation`) and are always written here, by the
one process that holds the workspace.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from loopline.annotate.projects import get_project
from loopline.annotate.workspace import Workspace
from loopline.core.records import Record, Response
from loopline.models.base import Generation, Messages, ModelBackend, SamplingParams
from loopline.store import candidates as candidate_store
from loopline.store import records as record_store


@dataclass
class GenerationReport:
    project: str
    model: str
    records: int = 0
    responses: int = 0
    tasks_moved: int = 0
    tasks_kept: int = 0
    seconds: float = 0.0


def _clean(text: str) -> str:
    """PostgreSQL's JSONB refuses NUL characters, which a model can emit."""
    return text.replace("\x00", "\ufffd")


def _response(gen: Generation, model: str, sampling: SamplingParams) -> Response:
    metadata: dict[str, object] = {"finish_reason": gen.finish_reason, "completion_tokens": gen.completion_tokens}
    if gen.logprobs:
        metadata["logprobs"] = [round(x, 5) for x in gen.logprobs]
        metadata["tokens"] = [_clean(t) for t in gen.tokens]
    return Response(content=_clean(gen.text), model=model, sampling=sampling.as_dict(), metadata=metadata)


def generate_candidates(
    ws: Workspace,
    project: str,
    backend: ModelBackend,
    *,
    n: int = 4,
    sampling: SamplingParams | None = None,
    batch_size: int = 16,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> GenerationReport:
    """Write `n` candidates from `backend` into every record of `project` (new record versions)."""
    sampling = sampling or SamplingParams()
    batches = project_batches(ws, project, batch_size, limit)
    outputs = ((i, backend.generate(b.prompts, sampling, n=n)) for i, b in enumerate(batches))
    return write_candidates(ws, GenerationReport(project, backend.name), batches, outputs, sampling, progress)


@dataclass
class Batch:
    """Task rows of one generation batch, their records and the prompts the model answers."""

    rows: list[dict[str, Any]]
    records: list[Record]
    prompts: list[Messages]


def project_batches(ws: Workspace, project: str, batch_size: int, limit: int | None) -> list[Batch]:
    info = get_project(ws, project)
    with ws.database.read() as conn:
        rows = candidate_store.project_task_records(conn=conn, project_id=info.id, limit=limit)
    out = []
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        records = [Record.model_validate(r["data"]) for r in batch]
        out.append(Batch(batch, records, [rec.prompt_messages() for rec in records]))
    return out


def write_candidates(
    ws: Workspace,
    report: GenerationReport,
    batches: Sequence[Batch],
    outputs: Iterable[tuple[int, list[list[Generation]]]],
    sampling: SamplingParams,
    progress: Callable[[int], None] | None = None,
) -> GenerationReport:
    """Write each batch's generations as they arrive (`(batch index, outputs)`, any order)."""
    started = time.perf_counter()
    for index, generated in outputs:
        batch = batches[index]
        _write_batch(ws, batch.rows, batch.records, generated, report.model, sampling, report)
        if progress:
            progress(len(batch.rows))
    report.seconds = time.perf_counter() - started
    return report


def _write_batch(ws, batch, records, outputs, model, sampling, report) -> None:  # type: ignore[no-untyped-def]
    now = time.time()
    new = []
    for row, rec, gens in zip(batch, records, outputs):
        responses = (*rec.responses, *(_response(g, model, sampling) for g in gens))
        new.append((row, rec.model_copy(update={"responses": responses})))
        report.responses += len(gens)
    with ws.database.write() as conn:
        hashes = [v.content_hash for _, v in new]
        existing = record_store.ids_by_hash(conn=conn, hashes=hashes)
        fresh = [
            {"hash": v.content_hash, "data": v.content_dict(), "conversational": v.is_conversational,
             "source": row["source"], "parent_id": row["record_id"], "created_at": now}
            for row, v in dict((v.content_hash, (row, v)) for row, v in new).values()
            if v.content_hash not in existing
        ]
        inserted = record_store.insert_records(conn=conn, rows=fresh)
        ids = {**existing, **inserted}
        for row, v in new:
            moved = candidate_store.repoint_untouched_task(conn=conn, task_id=row["task_id"], record_id=ids[v.content_hash])
            report.tasks_moved += moved
            report.tasks_kept += not moved
    report.records += len(new)
