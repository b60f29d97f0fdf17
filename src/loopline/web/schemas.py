"""Request and response schemas of the REST API (pydantic at the edge).

Families as elsewhere: `XCreate`, `XUpdate`, `XPublic`, and `Page[XPublic]` for every list.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ProblemItem(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details, with the field path of each error."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[ProblemItem] = Field(default_factory=list)


class MePublic(BaseModel):
    id: int
    name: str
    role: str
    projects: list[str]


class UserPublic(BaseModel):
    id: int
    name: str
    role: str
    skills: list[str]
    languages: list[str]
    trust: float
    active: bool


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    role: Literal["admin", "reviewer", "annotator"] = "annotator"
    password: str | None = Field(default=None, min_length=8, max_length=1024)
    skills: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list, description="Projects to add the user to.")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["admin", "reviewer", "annotator"] | None = None
    active: bool | None = None
    password: str | None = Field(default=None, min_length=8, max_length=1024)
    skills: list[str] | None = None
    languages: list[str] | None = None


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="api", min_length=1, max_length=100)


class TokenPublic(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: float
    last_used_at: float | None = None
    revoked_at: float | None = None


class TokenCreated(TokenPublic):
    token: str = Field(description="The secret: shown this once, stored only as a hash.")


class MemberPublic(BaseModel):
    id: int
    name: str
    role: str
    added_at: float


class MemberAdded(BaseModel):
    project: str
    user: str
    added: bool


class Progress(BaseModel):
    open: int
    full: int
    done: int
    total: int
    annotations: int
    leased: int


class ProjectSummary(BaseModel):
    name: str
    description: str
    mode: str
    progress: Progress


class ProjectPublic(BaseModel):
    name: str
    definition: dict[str, Any]
    progress: Progress


class ProjectUpdate(BaseModel):
    """Settings that may change; questions may only gain new optional questions."""

    model_config = ConfigDict(extra="forbid")

    description: str | None = None
    guidelines: str | None = None
    mode: Literal["batch", "on_demand", "online"] | None = None
    overlap: int | None = Field(default=None, ge=1, le=100)
    lease_seconds: int | None = Field(default=None, ge=10, le=7 * 24 * 3600)
    priority: int | None = None
    questions: list[dict[str, Any]] | None = None


class TaskPublic(BaseModel):
    id: int
    project: str
    record: dict[str, Any] = Field(description="The record as loopline.core.records.Record dumps it.")
    expires_at: float
    lease_seconds: int


class NextTask(BaseModel):
    task: TaskPublic | None


class SubmitBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any]
    client_key: str = Field(min_length=1, max_length=100, description="Idempotency key.")
    duration: float | None = Field(default=None, ge=0, le=7 * 24 * 3600)
    claim_next: bool = False


class SubmitResult(BaseModel):
    annotation_id: int
    created: bool
    late: bool
    next: TaskPublic | None = None


class SkipResult(BaseModel):
    next: TaskPublic | None


class HeartbeatResult(BaseModel):
    expires_at: float


class AnnotationPublic(BaseModel):
    id: int
    task_id: int
    record_id: int
    annotator: str
    answers: dict[str, Any]
    origin: str
    duration: float | None
    created_at: float


class AnnotatorStatsPublic(BaseModel):
    name: str
    annotations: int
    median_seconds: float | None
    last_at: float


class StatsPublic(BaseModel):
    project: str
    counts: dict[str, int]
    annotators: list[AnnotatorStatsPublic]
    throughput: list[dict[str, float]] = Field(description="[{t: hour start, epoch s; n: annotations}]")


class ImportReportPublic(BaseModel):
    project: str
    rows: int
    records_new: int
    records_existing: int
    tasks_new: int
    tasks_existing: int
    annotations_new: int
    annotations_existing: int
    annotators_created: int
    rejected: int
    project_created: bool
    inferred: str | None
    shapes: dict[str, int]


class DatasetBuild(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["sft", "preference", "kto", "reward", "raw"]
    include_partial: bool = False


class DatasetPublic(BaseModel):
    id: str
    format: str
    row_count: int
    projects: list[str]
    task_count: int
    annotation_count: int
    created_at: str
    parent: str | None = None
    manifest: dict[str, Any] = Field(default_factory=dict)
