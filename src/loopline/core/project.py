"""A project's definition: what is asked, of whom, how many times, and in what order.

The same definition comes from a YAML or JSON file (CLI) or a request body (API); the workspace
stores it whole so a project can always be re-created or audited from what it says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import orjson
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from loopline.core.errors import InputError, Location
from loopline.core.questions import Question
from loopline.core.quality_policy import QualityPolicy, ReviewPolicy

Mode = Literal["batch", "on_demand", "online"]


class PriorityRule(BaseModel):
    """Raise (or lower) the priority of tasks whose record metadata field equals a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str = Field(description="Dotted path into record metadata, e.g. 'topic'.")
    equals: Any = Field(description="Value that triggers the rule.")
    priority: int = Field(description="Added to the task's priority when the rule matches.")


class Routing(BaseModel):
    """Who may work on the tasks: skills every annotator needs, languages they must speak.

    `language_field` names a record metadata field whose value is the task's language; an
    annotator only gets tasks in the languages they list.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    skills: list[str] = Field(default_factory=list)
    language_field: str | None = Field(default=None, description="e.g. 'language' or 'lang'.")
    skills_field: str | None = Field(
        default=None, description="Record metadata field with extra skills a task needs."
    )


class ProjectDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$", description="Unique, URL-safe.")
    description: str = ""
    guidelines: str = Field(default="", description="Markdown shown beside every task.")
    mode: Mode = "batch"
    questions: list[Question] = Field(min_length=1)
    overlap: int = Field(default=1, ge=1, le=100, description="Distinct annotators per task.")
    lease_seconds: int = Field(default=600, ge=10, le=7 * 24 * 3600)
    priority: int = Field(default=0, description="Base priority of new tasks.")
    priority_rules: list[PriorityRule] = Field(default_factory=list)
    routing: Routing = Field(default_factory=Routing)
    gold_rate: float = Field(default=0.0, ge=0.0, le=0.5, description="Share of claims that serve a gold task (known answers), unannounced.")
    quality: QualityPolicy = Field(default_factory=QualityPolicy)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)

    @field_validator("questions")
    @classmethod
    def _unique_question_names(cls, questions: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for q in questions:
            if q.name in seen:
                raise ValueError(f"two questions are named '{q.name}'")
            seen.add(q.name)
        return questions

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def load_project_file(path: Path) -> ProjectDefinition:
    """Read a project definition from YAML or JSON, naming the file and field on error."""
    from pydantic import ValidationError as PydanticError

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read project file: {exc.strerror}", Location(file=str(path))) from exc
    try:
        data = orjson.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (orjson.JSONDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(
            f"not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}",
            Location(file=str(path), line=line + 1 if line is not None else None),
        ) from exc
    if not isinstance(data, dict):
        raise InputError("a project file must hold a mapping", Location(file=str(path)))
    try:
        return ProjectDefinition.model_validate(data)
    except PydanticError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise InputError(err["msg"], Location(file=str(path), field=field)) from exc
