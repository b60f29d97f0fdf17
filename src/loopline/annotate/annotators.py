"""Annotators: the people (and simulated workers) who claim tasks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError

from loopline.annotate.workspace import Workspace, read_one
from loopline.core.errors import ConflictError, ValidationError
from loopline.store import annotators as store

Role = Literal["admin", "reviewer", "annotator"]
ROLES = ("admin", "reviewer", "annotator")


@dataclass(frozen=True)
class AnnotatorInfo:
    id: int
    name: str
    role: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    trust: float
    active: bool


def _info(row: dict[str, Any]) -> AnnotatorInfo:
    return AnnotatorInfo(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        skills=tuple(row["skills"] or ()),
        languages=tuple(row["languages"] or ()),
        trust=row["trust"],
        active=row["active"],
    )


def create_annotator(
    ws: Workspace,
    name: str,
    *,
    role: str = "annotator",
    skills: list[str] | None = None,
    languages: list[str] | None = None,
) -> AnnotatorInfo:
    if role not in ROLES:
        raise ValidationError(f"role must be one of {', '.join(ROLES)}; got '{role}'", field="role")
    if not name.strip():
        raise ValidationError("a name is required", field="name")
    try:
        with ws.database.write() as conn:
            aid = store.insert_annotator(
                conn=conn, name=name, role=role, skills=sorted(set(skills or [])),
                languages=sorted(set(languages or [])), now=time.time(),
            )
    except IntegrityError:
        raise ConflictError(f"an annotator named '{name}' exists already") from None
    return get_annotator_by_id(ws, aid)


def get_annotator(ws: Workspace, name: str) -> AnnotatorInfo:
    return _info(read_one(ws, store.get_annotator_row, missing=f"no annotator named '{name}'", name=name))


def get_annotator_by_id(ws: Workspace, annotator_id: int) -> AnnotatorInfo:
    return ws.cache.annotators.get_or_load(annotator_id, lambda: _info(
        read_one(ws, store.get_annotator_row_by_id, missing=f"no annotator with id {annotator_id}", annotator_id=annotator_id)
    ))


def list_annotators(ws: Workspace) -> list[AnnotatorInfo]:
    with ws.database.read() as conn:
        return [_info(r) for r in store.list_annotator_rows(conn=conn)]


def ensure_annotators(conn: Any, names: list[str], now: float) -> tuple[dict[str, int], int]:
    """Ids of these annotators, creating missing ones (imported history); inside the caller's
    transaction. Returns (name -> id, how many were created)."""
    ids = store.ids_by_name(conn=conn, names=names)
    created = 0
    for name in names:
        if name not in ids:
            ids[name] = store.insert_annotator(conn=conn, name=name, role="annotator", skills=[], languages=[], now=now)
            created += 1
    return ids, created
