"""Probes in an annotator's stream: gold tasks and honeypot repeats, drawn at claim time.

Each claim draws once: with probability `gold_rate` it serves a gold task the annotator never
had, with probability `quality.honeypot_rate` one of their due honeypots; when there is none
(or nothing was drawn) the normal claim runs. The lease returned is the same `Lease` a normal
task gets, built from the same record shape, so nothing in what an annotator receives tells a
probe apart. With both rates at 0 (the default) a claim costs one float comparison more.
"""

from __future__ import annotations

import random
from typing import Any

from loopline.core.project import ProjectDefinition
from loopline.store import probes as store
from loopline.store.queue import Claimed
from loopline.store.quality_tables import GOLD, HONEYPOT

_random = random.Random()


def draw(definition: ProjectDefinition) -> str | None:
    """Which probe this claim should try to serve: GOLD, HONEYPOT or None."""
    gold, honeypot = definition.gold_rate, definition.quality.honeypot_rate
    if gold <= 0.0 and honeypot <= 0.0:
        return None
    u = _random.random()
    if u < gold:
        return GOLD
    if u < gold + honeypot:
        return HONEYPOT
    return None


def claim(conn: Any, kind: str, project_id: int, annotator_id: int, expires_at: float, now: float) -> Claimed | None:
    """Lease a probe of `kind` for this annotator inside the caller's transaction, or None."""
    return store.claim_probe(conn=conn, kind=kind, project_id=project_id, annotator_id=annotator_id, expires_at=expires_at, now=now)


def watches(definition: ProjectDefinition) -> bool:
    """Whether a submit in this project has follow-up work (monitor, review routing, honeypots)."""
    return definition.quality.monitors or definition.review.routes or definition.quality.honeypot_rate > 0
