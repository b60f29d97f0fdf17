"""Projects: list (members see theirs), create from a definition (JSON or YAML), read, update
settings, and import records by file upload."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import orjson
import yaml
from fastapi import APIRouter, File, Query, Request, UploadFile
from pydantic import ValidationError as PydanticError

from loopline.annotate.imports import ImportOptions, import_file
from loopline.annotate.projects import ProjectInfo, create_project, list_projects, project_progress, update_project
from loopline.annotate.users import visible_project_ids
from loopline.annotate.workspace import Workspace
from loopline.core.errors import InputError, ValidationError
from loopline.core.project import ProjectDefinition
from loopline.web.api._common import ERRORS, PagingDep
from loopline.web.deps import AdminUser, CurrentUser, DbDep, ProjectMember, WorkspaceDep
from loopline.web.schemas import ImportReportPublic, Page, ProjectPublic, ProjectSummary, ProjectUpdate

router = APIRouter(prefix="/projects", tags=["projects"], responses=ERRORS)
UPLOAD_CHUNK = 1 << 20


def progress(ws: Workspace, name: str) -> dict[str, int]:
    c = project_progress(ws, name)
    return {"open": c["open"], "full": c["full"], "done": c["done"], "total": c["tasks"],
            "annotations": c["annotations"], "leased": c["leased"]}


def public(ws: Workspace, project: ProjectInfo) -> dict[str, Any]:
    return {"name": project.name, "definition": project.definition.to_json(), "progress": progress(ws, project.name)}


def _summaries(ws: Workspace, visible: frozenset[int] | None) -> list[dict[str, Any]]:
    return [
        {"name": p.name, "description": p.definition.description, "mode": p.definition.mode,
         "progress": progress(ws, p.name)}
        for p in list_projects(ws) if visible is None or p.id in visible
    ]


@router.get("", response_model=Page[ProjectSummary])
async def list_(user: CurrentUser, ws: WorkspaceDep, db: DbDep, paging: PagingDep) -> dict[str, Any]:
    """The projects the caller sees (admins: all), with their progress."""
    return paging.slice(await db(_summaries, ws, visible_project_ids(ws, user)))


def _definition(body: bytes, content_type: str) -> ProjectDefinition:
    try:
        data = yaml.safe_load(body) if "yaml" in content_type else orjson.loads(body)
    except (yaml.YAMLError, orjson.JSONDecodeError) as exc:
        raise ValidationError(f"the body is not valid {'YAML' if 'yaml' in content_type else 'JSON'}: {exc}") from None
    if not isinstance(data, dict):
        raise ValidationError("a project definition is a mapping")
    try:
        return ProjectDefinition.model_validate(data)
    except PydanticError as exc:
        err = exc.errors()[0]
        raise ValidationError(err["msg"], field=".".join(str(p) for p in err["loc"])) from None


_DEFINITION_BODY = {"$ref": "#/components/schemas/ProjectDefinition"}


@router.post(
    "", status_code=201, response_model=ProjectPublic,
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": _DEFINITION_BODY},
        "application/yaml": {"schema": {"type": "string", "description": "The same definition as a YAML file."}},
    }}},
)
async def create(request: Request, _: AdminUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Create a project from its definition: the same JSON or YAML as a project file (admins)."""
    definition = _definition(await request.body(), request.headers.get("content-type", ""))
    project = await db(create_project, ws, definition)
    return await db(public, ws, project)


@router.get("/{name}", response_model=ProjectPublic)
async def read(project: ProjectMember, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """The project's definition (questions, guidelines, policies) and progress."""
    return await db(public, ws, project)


@router.patch("/{name}", response_model=ProjectPublic)
async def patch(name: str, changes: ProjectUpdate, _: AdminUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Change settings; questions may gain new ones but not lose or retype any (admins)."""
    project = await db(update_project, ws, name, changes.model_dump(exclude_none=True))
    return await db(public, ws, project)


def _import(ws: Workspace, path: Path, name: str, options: ImportOptions) -> dict[str, Any]:
    try:
        report = import_file(ws, path, name, options)
    except InputError as exc:  # name the uploaded file, not our temporary copy
        raise InputError(exc.message, replace(exc.location, file=path.name)) from None
    return {
        "project": report.project, "rows": report.rows, "records_new": report.records_new,
        "records_existing": report.records_existing, "tasks_new": report.tasks_new,
        "tasks_existing": report.tasks_existing, "annotations_new": report.annotations_new,
        "annotations_existing": report.annotations_existing, "annotators_created": report.annotators_created,
        "rejected": report.rejected, "project_created": report.project_created,
        "inferred": report.inferred, "shapes": dict(report.shapes),
    }


@router.post("/{name}/records", response_model=ImportReportPublic)
async def import_records(
    name: str,
    file: Annotated[UploadFile, File(description="JSONL, JSON, CSV or Parquet (optionally gzipped).")],
    _: AdminUser, ws: WorkspaceDep, db: DbDep,
    format: Annotated[str | None, Query(description="Force a format instead of the file name's.")] = None,
    skip_invalid: Annotated[bool, Query(description="Import good rows, count the bad ones.")] = False,
) -> dict[str, Any]:
    """Import a file into the project (created with inferred questions when it is new); one
    transaction: a bad row rejects the whole file with its line and field (admins)."""
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", Path(file.filename or "").name)[-100:].lstrip(".")
    with tempfile.TemporaryDirectory(prefix="loopline-upload-") as tmp:
        path = Path(tmp) / (filename or "upload.jsonl")
        with path.open("wb") as out:
            while chunk := await file.read(UPLOAD_CHUNK):
                out.write(chunk)
        options = ImportOptions(fmt=format, skip_invalid=skip_invalid, rejects_path=Path(tmp) / "rejects.jsonl")
        return await db.slow(_import, ws, path, name, options)
