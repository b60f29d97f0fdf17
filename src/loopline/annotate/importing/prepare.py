"""Everything an import does to a row before the database sees it.

Validating a row's answers against the project, hashing its content and working out its
task's route and priority need no database; `prepared_items` does them as the file streams,
so the writer gets plain strings and numbers (`PreparedItem`) and only writes.

Preparing in worker processes was tried and measured (benchmarks/import_export.py, 1M rows,
2 cores): no faster on SQLite (26.9 s in-process, 28.0 s with a worker) and slower on
PostgreSQL (45.0 s, 51.7 s), because writing, not preparing, is the larger half and the
worker takes the core the database needs. `import_file` runs it in a background thread
instead, a few batches ahead of the writer, so it goes on while the writer waits on the
database (100k rows, 2 cores: PostgreSQL 13.8 -> 9.1 s, SQLite 8.6 -> 7.1 s).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.stream import iter_items
from loopline.core.errors import AnswerError, InputError, Location
from loopline.core.project import ProjectDefinition
from loopline.core.questions import validate_answers
from loopline.core.records import canonical_json, hash_canonical
from loopline.core.routing import metadata_value, route_key


# Not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__, which
# made building these one of the larger costs per row of a 1M-row import.
@dataclass(slots=True)
class PreparedAnnotation:
    annotator: str
    answers: dict[str, Any]  # validated, in the question types' normal form
    created_at: float | None


@dataclass(slots=True)
class PreparedItem:
    """A row ready to write: its record's hash and JSON, its task's route and priority."""

    hash: str
    data: str  # the record's canonical content as JSON text
    conversational: bool
    source: str | None
    route: str | None
    priority: int
    annotations: tuple[PreparedAnnotation, ...]
    location: Location
    shape: str


def prepared_items(
    path: Path, definition: ProjectDefinition, *, fmt: str | None = None, shape: str | None = None,
    mapping: dict[str, str] | None = None, annotator: str | None = None, with_annotations: bool = True,
) -> Iterator[PreparedItem | InputError]:
    """Every row of `path` prepared against `definition`, in file order; a bad row comes out as
    its `InputError` (see `prepare`)."""
    items = iter_items(path, fmt=fmt, shape=shape, mapping=mapping, annotator=annotator,
                       with_annotations=with_annotations)
    rules = TaskRules.of(definition)
    for item in items:
        yield item if isinstance(item, InputError) else prepare(item, definition, rules)


def prepare(item: ImportItem, definition: ProjectDefinition, rules: TaskRules) -> PreparedItem | InputError:
    """`item` checked against the project and reduced to what the writer needs.

    An answer that does not fit the project's questions comes back as the `InputError` that
    names its line and field, in place of the item (the caller decides: abort or skip).
    """
    record = item.record
    annotations = []
    for ann in item.annotations:
        try:
            normal = validate_answers(definition.questions, ann.answers, record)
        except AnswerError as exc:
            return InputError(
                f"{exc.message} (annotator '{ann.annotator}')",
                at(item.location, f"answers.{exc.field}" if exc.field else "answers"),
            )
        annotations.append(PreparedAnnotation(ann.annotator, normal, ann.created_at))
    content = canonical_json(record.content_dict())
    metadata = record.metadata
    return PreparedItem(
        hash=hash_canonical(content),
        data=content.decode(),
        conversational=record.is_conversational,
        source=record.source,
        route=rules.route if rules.fixed_route else task_route(definition, metadata),
        priority=task_priority(definition, metadata),
        annotations=tuple(annotations),
        location=item.location,
        shape=item.shape,
    )


@dataclass(frozen=True)
class TaskRules:
    """What of a task's route a project fixes for every row: most projects route nothing by
    record metadata, and then every task of an import has the same route."""

    fixed_route: bool
    route: str | None

    @classmethod
    def of(cls, definition: ProjectDefinition) -> TaskRules:
        routing = definition.routing
        if routing.skills_field or routing.language_field:
            return cls(fixed_route=False, route=None)
        return cls(fixed_route=True, route=task_route(definition, {}))


def at(location: Location, field: str) -> Location:
    return Location(file=location.file, line=location.line, field=field, unit=location.unit)


def task_priority(definition: ProjectDefinition, metadata: dict[str, Any]) -> int:
    if not definition.priority_rules:  # most projects: no per-row work at all
        return definition.priority
    return definition.priority + sum(
        rule.priority for rule in definition.priority_rules if metadata_value(metadata, rule.field) == rule.equals
    )


def task_route(definition: ProjectDefinition, metadata: dict[str, Any]) -> str | None:
    routing = definition.routing
    skills = list(routing.skills)
    if routing.skills_field:
        extra = metadata_value(metadata, routing.skills_field)
        skills += [extra] if isinstance(extra, str) else list(extra or [])
    language = metadata_value(metadata, routing.language_field) if routing.language_field else None
    return route_key(skills, str(language) if language else None)
