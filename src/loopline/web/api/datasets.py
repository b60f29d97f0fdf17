"""Dataset versions: build one from a project, list, read the manifest, download.

Reviewers and admins only: a dataset holds every annotator's answers. A version is visible
to a reviewer when every project it was built from is one of theirs.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query
from fastapi.responses import FileResponse

from loopline.annotate.export import export_dataset, list_datasets, show_dataset
from loopline.annotate.users import project_names
from loopline.annotate.workspace import Workspace
from loopline.core.errors import NotFoundError
from loopline.train.datasets.manifest import DatasetManifest
from loopline.web.api._common import ERRORS, PagingDep
from loopline.web.deps import DbDep, ProjectMember, StaffUser, WorkspaceDep
from loopline.web.schemas import DatasetBuild, DatasetPublic, Page

router = APIRouter(tags=["datasets"], responses=ERRORS)
DATASET_ID = re.compile(r"ds-[0-9a-f]{8,40}")


def public(manifest: DatasetManifest) -> dict[str, Any]:
    return {
        "id": manifest.id, "format": manifest.format, "row_count": manifest.row_count,
        "projects": manifest.projects, "task_count": manifest.task_count,
        "annotation_count": manifest.annotation_count, "created_at": manifest.created_at,
        "parent": manifest.parent,
        "manifest": manifest.model_dump(mode="json", exclude={"task_ids", "annotation_ids"}),
    }


def _visible(ws: Workspace, user: Any, manifest: DatasetManifest) -> bool:
    return user.role == "admin" or set(manifest.projects) <= set(project_names(ws, user))


def _shown(ws: Workspace, user: Any, dataset_id: str) -> DatasetManifest:
    if not DATASET_ID.fullmatch(dataset_id):
        raise NotFoundError(f"no dataset version '{dataset_id}'")
    try:
        manifest = show_dataset(ws, dataset_id)
    except (NotFoundError, OSError, ValueError):
        raise NotFoundError(f"no dataset version '{dataset_id}'") from None
    if not _visible(ws, user, manifest):
        raise NotFoundError(f"no dataset version '{dataset_id}'")
    return manifest


@router.post("/projects/{name}/datasets", status_code=201, response_model=DatasetPublic)
async def build(project: ProjectMember, body: DatasetBuild, _: StaffUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Build (or find, when the content is the same) a dataset version of the project."""
    manifest = await db.slow(export_dataset, ws, project.name, body.format, include_partial=body.include_partial)
    return public(manifest)


@router.get("/datasets", response_model=Page[DatasetPublic])
async def list_(user: StaffUser, ws: WorkspaceDep, db: DbDep, paging: PagingDep) -> dict[str, Any]:
    """Dataset versions, newest first."""
    manifests = await db(list_datasets, ws)
    return paging.slice([public(m) for m in manifests if _visible(ws, user, m)])


@router.get("/datasets/{dataset_id}", response_model=DatasetPublic)
async def read(dataset_id: str, user: StaffUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """One version with its manifest (lineage summary, policy, stats)."""
    return public(await db(_shown, ws, user, dataset_id))


def _zip(folder: Path) -> Path:
    handle = tempfile.NamedTemporaryFile(prefix="loopline-dataset-", suffix=".zip", delete=False)
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.relative_to(folder)}")
    handle.close()
    return Path(handle.name)


@router.get("/datasets/{dataset_id}/download", response_class=FileResponse)
async def download(
    dataset_id: str, user: StaffUser, ws: WorkspaceDep, db: DbDep, cleanup: BackgroundTasks,
    as_: Annotated[Literal["zip", "parquet"], Query(alias="as", description="zip: every file; parquet: the rows")] = "zip",
) -> FileResponse:
    """The version as a zip (data, lineage, card, manifest) or its data.parquet alone."""
    manifest = await db(_shown, ws, user, dataset_id)
    folder = ws.datasets_dir / manifest.id
    if as_ == "parquet":
        return FileResponse(manifest.data_path(ws.datasets_dir), filename=f"{manifest.id}.parquet",
                            media_type="application/vnd.apache.parquet")
    archive = await db.slow(_zip, folder)
    cleanup.add_task(archive.unlink, missing_ok=True)
    return FileResponse(archive, filename=f"{manifest.id}.zip", media_type="application/zip")
