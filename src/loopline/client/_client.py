"""`Client(url, token)`: every API call as a typed method (httpx underneath)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import orjson
from pydantic import BaseModel

from loopline.core.errors import LooplineError
from loopline.web.schemas import (
    AnnotationPublic,
    DatasetPublic,
    HeartbeatResult,
    ImportReportPublic,
    MePublic,
    MemberAdded,
    MemberPublic,
    Page,
    ProjectPublic,
    ProjectSummary,
    StatsPublic,
    SubmitResult,
    TaskPublic,
    TokenCreated,
    TokenPublic,
    UserPublic,
)

M = TypeVar("M", bound=BaseModel)


class ApiError(LooplineError):
    """The server said no: `status`, and the problem's `detail` and `errors` (field paths)."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        self.detail = problem.get("detail") or problem.get("title") or f"HTTP {status}"
        self.errors: list[dict[str, Any]] = problem.get("errors") or []
        super().__init__(f"{status}: {self.detail}")


class Client:
    def __init__(
        self, url: str, token: str | None = None, *, timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=url.rstrip("/") + "/api/v1", headers=headers, timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- plumbing ------------------------------------------------------------------------
    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        if "json" in kwargs:
            kwargs["content"] = orjson.dumps(kwargs.pop("json"))
            kwargs.setdefault("headers", {})["Content-Type"] = "application/json"
        response = self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"detail": response.text[:500]}
            raise ApiError(response.status_code, problem if isinstance(problem, dict) else {"detail": str(problem)})
        if response.status_code == 204 or not response.content:
            return None
        return orjson.loads(response.content)

    def _page(self, model: type[M], path: str, limit: int, offset: int, **params: Any) -> Page[M]:
        return Page[model].model_validate(self._call("GET", path, params={"limit": limit, "offset": offset, **params}))  # type: ignore[valid-type]

    def _all(self, model: type[M], path: str, batch: int = 500) -> Iterator[M]:
        offset = 0
        while True:
            page = self._page(model, path, batch, offset)
            yield from page.items
            offset += len(page.items)
            if not page.items or offset >= page.total:
                return

    # ---- who am I ------------------------------------------------------------------------
    def me(self) -> MePublic:
        return MePublic.model_validate(self._call("GET", "/me"))

    # ---- projects ------------------------------------------------------------------------
    def projects(self, *, limit: int = 50, offset: int = 0) -> Page[ProjectSummary]:
        return self._page(ProjectSummary, "/projects", limit, offset)

    def create_project(self, definition: dict[str, Any] | str | Path) -> ProjectPublic:
        """From a dict, a YAML/JSON text, or a project file."""
        if isinstance(definition, dict):
            return ProjectPublic.model_validate(self._call("POST", "/projects", json=definition))
        text = definition.read_text() if isinstance(definition, Path) else definition
        return ProjectPublic.model_validate(self._call(
            "POST", "/projects", content=text.encode(), headers={"Content-Type": "application/yaml"}
        ))

    def project(self, name: str) -> ProjectPublic:
        return ProjectPublic.model_validate(self._call("GET", f"/projects/{name}"))

    def update_project(self, name: str, **changes: Any) -> ProjectPublic:
        return ProjectPublic.model_validate(self._call("PATCH", f"/projects/{name}", json=changes))

    def members(self, project: str, *, limit: int = 50, offset: int = 0) -> Page[MemberPublic]:
        return self._page(MemberPublic, f"/projects/{project}/members", limit, offset)

    def add_member(self, project: str, user: str) -> MemberAdded:
        return MemberAdded.model_validate(self._call("PUT", f"/projects/{project}/members/{user}"))

    def remove_member(self, project: str, user: str) -> None:
        self._call("DELETE", f"/projects/{project}/members/{user}")

    def import_records(
        self, project: str, file: Path | bytes, *, filename: str | None = None,
        format: str | None = None, skip_invalid: bool = False,
    ) -> ImportReportPublic:
        """Upload a file (JSONL, JSON, CSV, Parquet...) into the project."""
        data = file.read_bytes() if isinstance(file, Path) else file
        name = filename or (file.name if isinstance(file, Path) else "records.jsonl")
        params: dict[str, Any] = {"skip_invalid": skip_invalid}
        if format:
            params["format"] = format
        return ImportReportPublic.model_validate(self._call(
            "POST", f"/projects/{project}/records", files={"file": (name, data)}, params=params
        ))

    # ---- tasks ---------------------------------------------------------------------------
    def next_task(self, project: str, *, resume: bool = True) -> TaskPublic | None:
        """Lease the next task (or the one already held); None when nothing is left."""
        body = self._call("POST", f"/projects/{project}/tasks/next", params={"resume": resume})
        return TaskPublic.model_validate(body["task"]) if body["task"] else None

    def heartbeat(self, task_id: int) -> float:
        return HeartbeatResult.model_validate(self._call("POST", f"/tasks/{task_id}/heartbeat")).expires_at

    def submit(
        self, task_id: int, answers: dict[str, Any], *, client_key: str | None = None,
        duration: float | None = None, claim_next: bool = False,
    ) -> SubmitResult:
        """Submit answers; reuse `client_key` when resending (the server stores one copy)."""
        body = {"answers": answers, "client_key": client_key or uuid.uuid4().hex, "claim_next": claim_next}
        if duration is not None:
            body["duration"] = duration
        return SubmitResult.model_validate(self._call("POST", f"/tasks/{task_id}/submit", json=body))

    def skip(self, task_id: int) -> TaskPublic | None:
        """Skip the task and lease the next one (None when nothing is left)."""
        body = self._call("POST", f"/tasks/{task_id}/skip")
        return TaskPublic.model_validate(body["next"]) if body["next"] else None

    # ---- annotations and stats -----------------------------------------------------------
    def annotations(self, project: str, *, limit: int = 50, offset: int = 0) -> Page[AnnotationPublic]:
        return self._page(AnnotationPublic, f"/projects/{project}/annotations", limit, offset)

    def iter_annotations(self, project: str) -> Iterator[AnnotationPublic]:
        return self._all(AnnotationPublic, f"/projects/{project}/annotations")

    def stats(self, project: str) -> StatsPublic:
        return StatsPublic.model_validate(self._call("GET", f"/projects/{project}/stats"))

    # ---- datasets ------------------------------------------------------------------------
    def build_dataset(self, project: str, format: str, *, include_partial: bool = False) -> DatasetPublic:
        return DatasetPublic.model_validate(self._call(
            "POST", f"/projects/{project}/datasets", json={"format": format, "include_partial": include_partial}
        ))

    def datasets(self, *, limit: int = 50, offset: int = 0) -> Page[DatasetPublic]:
        return self._page(DatasetPublic, "/datasets", limit, offset)

    def dataset(self, dataset_id: str) -> DatasetPublic:
        return DatasetPublic.model_validate(self._call("GET", f"/datasets/{dataset_id}"))

    def download_dataset(self, dataset_id: str, dest: Path, *, as_: str = "zip") -> Path:
        """Stream the version (a zip of every file, or its data.parquet) to `dest`."""
        with self._http.stream("GET", f"/datasets/{dataset_id}/download", params={"as": as_}) as response:
            if response.status_code >= 400:
                response.read()
                raise ApiError(response.status_code, response.json())
            with Path(dest).open("wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
        return Path(dest)

    # ---- users and tokens ----------------------------------------------------------------
    def users(self, *, limit: int = 50, offset: int = 0) -> Page[UserPublic]:
        return self._page(UserPublic, "/users", limit, offset)

    def create_user(
        self, name: str, *, role: str = "annotator", password: str | None = None,
        projects: list[str] | None = None, skills: list[str] | None = None, languages: list[str] | None = None,
    ) -> UserPublic:
        body = {"name": name, "role": role, "password": password, "projects": projects or [],
                "skills": skills or [], "languages": languages or []}
        return UserPublic.model_validate(self._call("POST", "/users", json=body))

    def update_user(self, name: str, **changes: Any) -> UserPublic:
        return UserPublic.model_validate(self._call("PATCH", f"/users/{name}", json=changes))

    def create_token(self, user: str, name: str = "api") -> TokenCreated:
        """A new token for `user` (yourself, or anyone if you are an admin); shown once."""
        return TokenCreated.model_validate(self._call("POST", f"/users/{user}/tokens", json={"name": name}))

    def tokens(self, user: str, *, limit: int = 50, offset: int = 0) -> Page[TokenPublic]:
        return self._page(TokenPublic, f"/users/{user}/tokens", limit, offset)

    def revoke_token(self, token_id: int) -> None:
        self._call("DELETE", f"/tokens/{token_id}")
