"""Projects: create, read, update, progress."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as PydanticError
from sqlalchemy.exc import IntegrityError

from loopline.annotate.workspace import Workspace, read_one
from loopline.core.errors import ConflictError, ValidationError
from loopline.core.project import ProjectDefinition
from loopline.store import projects as store


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    name: str
    definition: ProjectDefinition
    routes: tuple[str, ...]

    @property
    def questions(self) -> list[Any]:
        return list(self.definition.questions)


def _info(row: dict[str, Any]) -> ProjectInfo:
    return ProjectInfo(
        id=row["id"],
        name=row["name"],
        definition=ProjectDefinition.model_validate(row["definition"]),
        routes=tuple(row["routes"] or ()),
    )


def create_project(ws: Workspace, definition: ProjectDefinition) -> ProjectInfo:
    try:
        with ws.database.write() as conn:
            return _create(conn, definition)
    except IntegrityError:
        raise ConflictError(f"a project named '{definition.name}' exists already") from None


def _create(conn: Any, definition: ProjectDefinition) -> ProjectInfo:
    """Create inside the caller's transaction (an import that creates its project)."""
    if store.get_project_row(conn=conn, name=definition.name):
        raise ConflictError(f"a project named '{definition.name}' exists already")
    pid = store.insert_project(conn=conn, name=definition.name, definition=definition.to_json(), now=time.time())
    return ProjectInfo(pid, definition.name, definition, ())


def get_project(ws: Workspace, name: str) -> ProjectInfo:
    return ws.cache.projects.get_or_load(name, lambda: _info(
        read_one(ws, store.get_project_row, missing=f"no project named '{name}'", name=name)
    ))


def get_project_by_id(ws: Workspace, project_id: int) -> ProjectInfo:
    return ws.cache.projects.get_or_load(project_id, lambda: _info(
        read_one(ws, store.get_project_row_by_id, missing=f"no project with id {project_id}", project_id=project_id)
    ))


def list_projects(ws: Workspace) -> list[ProjectInfo]:
    with ws.database.read() as conn:
        return [_info(r) for r in store.list_project_rows(conn=conn)]


def update_project(ws: Workspace, name: str, changes: dict[str, Any]) -> ProjectInfo:
    """Change settings (guidelines, lease time, priority...). Questions may gain optional
    questions but not lose or retype existing ones: stored answers must stay valid."""
    current = get_project(ws, name)
    merged = {**current.definition.to_json(), **changes}
    if merged.get("name") != name:
        raise ValidationError("a project cannot be renamed", field="name")
    try:
        definition = ProjectDefinition.model_validate(merged)
    except PydanticError as exc:
        err = exc.errors()[0]
        raise ValidationError(err["msg"], field=".".join(map(str, err["loc"]))) from None
    old = {q.name: q.type for q in current.definition.questions}
    new = {q.name: q.type for q in definition.questions}
    for qname, qtype in old.items():
        if new.get(qname) != qtype:
            raise ValidationError(f"question '{qname}' has answers; it cannot be removed or retyped", field="questions")
    with ws.database.write() as conn:
        store.update_project(conn=conn, project_id=current.id, definition=definition.to_json(), now=time.time())
    ws.cache.forget_projects()
    return get_project(ws, name)


def project_progress(ws: Workspace, name: str) -> dict[str, int]:
    project = get_project(ws, name)
    with ws.database.read() as conn:
        return store.task_counts(conn=conn, project_id=project.id)
