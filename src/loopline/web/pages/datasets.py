"""Dataset versions with their manifests (admins and reviewers)."""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from loopline.annotate.export import list_datasets
from loopline.annotate.workspace import Workspace
from loopline.train.datasets.manifest import DatasetManifest
from loopline.web.deps import CsrfToken, DbDep, PageUser, Templates, WorkspaceDep
from loopline.web.pages._render import STAFF, refuse, render

router = APIRouter(prefix="/manage")


@router.get("/datasets", response_class=HTMLResponse)
async def datasets_page(
    request: Request, user: PageUser, ws: WorkspaceDep, db: DbDep, templates: Templates, csrf: CsrfToken
) -> Response:
    if denied := refuse(request, templates, user, csrf, *STAFF):
        return denied
    datasets = await db.slow(_datasets, ws)
    return render(request, templates, "manage/datasets.html", user=user, csrf_token=csrf, datasets=datasets)


def _datasets(ws: Workspace) -> list[tuple[DatasetManifest, str]]:
    """Each version with its manifest as indented JSON (less the long id lists)."""
    return [
        (m, orjson.dumps(m.model_dump(mode="json", exclude={"task_ids", "annotation_ids"}),
                         option=orjson.OPT_INDENT_2).decode())
        for m in list_datasets(ws)
    ]
