"""The model registry: every trained model is a model version with its lineage.

Lineage is base model, dataset versions, algorithm, config, metrics and parent. Status moves
`candidate` -> `promoted` -> `retired`; a model line (`name`) has at most one promoted version,
so promoting one retires the one before, and `rollback` puts the parent of the promoted version
back in its place.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loopline.annotate.workspace import Workspace, read_one
from loopline.core.errors import ConflictError
from loopline.store import model_versions as store

STATUSES = ("candidate", "promoted", "retired")


@dataclass(frozen=True)
class ModelVersionInfo:
    id: str
    name: str
    path: str
    base_model: str
    algorithm: str
    dataset_versions: list[str]
    config: dict[str, Any]
    metrics: dict[str, Any]
    parent_id: str | None
    status: str
    created_at: float
    evaluations: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "ModelVersionInfo":
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})


def models_dir(ws: Workspace) -> Path:
    return ws.root / "models"


def new_model_id() -> str:
    return "mv-" + uuid.uuid4().hex[:12]


def register_model(
    ws: Workspace,
    *,
    path: Path | str,
    name: str,
    base_model: str,
    algorithm: str,
    dataset_versions: list[str] | None = None,
    config: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
    parent_id: str | None = None,
    model_id: str | None = None,
    status: str = "candidate",
) -> ModelVersionInfo:
    """Record a trained model's folder and lineage; returns the new version."""
    if parent_id is not None:
        get_model(ws, parent_id)
    now = time.time()
    row = {
        "id": model_id or new_model_id(), "name": name, "path": str(path), "base_model": base_model,
        "algorithm": algorithm, "dataset_versions": list(dataset_versions or []),
        "config": dict(config or {}), "metrics": dict(metrics or {}), "evaluations": [],
        "parent_id": parent_id, "status": status, "created_at": now, "updated_at": now,
    }
    with ws.database.write() as conn:
        store.insert_model_version(conn=conn, row=row)
    return ModelVersionInfo.from_row(row)


def get_model(ws: Workspace, model_id: str) -> ModelVersionInfo:
    row = read_one(ws, store.get_model_version, missing=f"no model version '{model_id}'", model_id=model_id)
    return ModelVersionInfo.from_row(row)


def list_models(ws: Workspace, name: str | None = None) -> list[ModelVersionInfo]:
    with ws.database.read() as conn:
        return [ModelVersionInfo.from_row(r) for r in store.list_model_versions(conn=conn, name=name)]


def promote_model(ws: Workspace, model_id: str) -> ModelVersionInfo:
    """Make `model_id` the promoted version of its line; the previous one is retired."""
    info = get_model(ws, model_id)
    now = time.time()
    with ws.database.write() as conn:
        others = [m for m in store.promoted_ids(conn=conn, name=info.name) if m != model_id]
        store.set_status(conn=conn, model_ids=others, status="retired", now=now)
        store.set_status(conn=conn, model_ids=[model_id], status="promoted", now=now)
    return get_model(ws, model_id)


def rollback_model(ws: Workspace, name: str) -> ModelVersionInfo:
    """Retire the promoted version of line `name` and promote its parent; returns the parent."""
    with ws.database.read() as conn:
        promoted = store.promoted_ids(conn=conn, name=name)
    if not promoted:
        raise ConflictError(f"model line '{name}' has no promoted version to roll back")
    current = get_model(ws, promoted[0])
    if current.parent_id is None:
        raise ConflictError(f"{current.id} has no parent to roll back to")
    now = time.time()
    with ws.database.write() as conn:
        store.set_status(conn=conn, model_ids=promoted, status="retired", now=now)
        store.set_status(conn=conn, model_ids=[current.parent_id], status="promoted", now=now)
    return get_model(ws, current.parent_id)


def resolve_model(ws: Workspace, ref: str) -> ModelVersionInfo:
    """A model version by id, or the promoted version of a line by its name."""
    if ref.startswith("mv-"):
        return get_model(ws, ref)
    with ws.database.read() as conn:
        promoted = store.promoted_ids(conn=conn, name=ref)
    if not promoted:
        raise ConflictError(f"'{ref}' is neither a model version id nor a line with a promoted version")
    return get_model(ws, promoted[0])


def add_evaluation(ws: Workspace, model_id: str, result: dict[str, Any]) -> ModelVersionInfo:
    """Append one evaluation result to the version's history."""
    info = get_model(ws, model_id)
    with ws.database.write() as conn:
        store.set_evaluations(
            conn=conn, model_id=model_id, evaluations=[*info.evaluations, result], now=time.time()
        )
    return get_model(ws, model_id)
