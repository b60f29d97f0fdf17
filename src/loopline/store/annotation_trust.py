"""Annotator trust behind annotations (per-row weights of reward training)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from loopline.store.models import annotation_table as a
from loopline.store.models import annotator_table as u


def trust_by_annotation(*, conn: Connection, annotation_ids: Sequence[int]) -> dict[int, float]:
    """annotation id -> its annotator's current trust."""
    out: dict[int, float] = {}
    ids = list(annotation_ids)
    for start in range(0, len(ids), 900):
        rows = conn.execute(
            select(a.c.id, u.c.trust).join(u, u.c.id == a.c.annotator_id).where(a.c.id.in_(ids[start : start + 900]))
        )
        out.update({i: float(t) for i, t in rows})
    return out
