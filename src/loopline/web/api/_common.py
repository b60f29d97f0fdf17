"""Small helpers every API router shares: paging, fast JSON responses, public task shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import Depends, Path, Query, Request
from fastapi.responses import Response

from loopline.annotate.cache import LRU
from loopline.annotate.queue import Lease
from loopline.web.schemas import Problem

MAX_LIMIT = 500
ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": Problem, "content": {"application/problem+json": {}}} for s in (401, 403, 404, 409, 422)
}


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    def page(self, items: list[Any], total: int) -> dict[str, Any]:
        return {"items": items, "total": total, "limit": self.limit, "offset": self.offset}

    def slice(self, items: list[Any]) -> dict[str, Any]:
        """A page cut from a full list held in memory."""
        return self.page(items[self.offset : self.offset + self.limit], len(items))


async def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31, description="Items to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
RowId = Annotated[int, Path(ge=1, le=2**62, description="A row id.")]


def json(body: Any, status: int = 200) -> Response:
    """orjson straight to bytes: the hot path skips FastAPI's response-model round trip."""
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def task_public(request: Request, project: str, lease_seconds: int, lease: Lease | None) -> dict[str, Any] | None:
    if lease is None:
        return None
    dumps: LRU[int, dict[str, Any]] = request.app.state.record_dumps
    record = dumps.get(lease.record_id)
    if record is None:
        record = lease.record.model_dump(mode="json", exclude_none=True)
        dumps.put(lease.record_id, record)
    return {
        "id": lease.task_id, "project": project, "record": record,
        "expires_at": lease.expires_at, "lease_seconds": lease_seconds,
    }
