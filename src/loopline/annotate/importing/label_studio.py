"""Label Studio task exports: the task's `data` becomes the record, its annotations the answers.

A task's `data` is read like any other row after renaming the field names Label Studio's RLHF
templates use (`text`/`question` for the prompt, `answer1`, `answer2`, ... for responses).
Each non-cancelled annotation becomes one `ImportedAnnotation`, its results keyed by the control
tag's name (`from_name`), which is also the question name a project gets. Model `predictions`
are not human answers and are not imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from loopline.annotate.importing.build import Context, parse_timestamp
from loopline.annotate.importing.items import ImportedAnnotation, ImportItem
from loopline.annotate.importing.ls_results import parse_results
from loopline.annotate.importing.shapes import build_record_row
from loopline.core.errors import RecordError, ValidationError
from loopline.core.records import Record

_ANSWER_KEY = re.compile(r"answer_?(\d+)")
_RECORD_KEYS = ("prompt", "messages", "chosen")
_RESPONSE_KEYS = ("response", "responses", "completion", "chosen")


@dataclass(slots=True)
class LabelStudioItem(ImportItem):
    """An item from a Label Studio task; `result_types` maps from_name to the result type
    (`choices`, `rating`, ...), which the answers alone cannot tell apart (`textarea` vs
    single `choices` are both strings) and question inference needs."""

    result_types: dict[str, str] = field(default_factory=dict)


def build_label_studio(row: dict[str, Any], ctx: Context
                       ) -> tuple[str, Record, list[ImportedAnnotation], dict[str, str]]:
    """(inner shape, record, annotations, result types) for one task."""
    data = row["data"]
    if not isinstance(data, dict):
        raise RecordError("must be an object", field="data")
    inner = _rename(data)
    if row.get("id") is not None:
        inner["label_studio_id"] = row["id"]
    try:
        shape, (record, annotations) = build_record_row(inner, ctx)
    except ValidationError as exc:
        raise exc.at("data") from None
    types: dict[str, str] = {}
    if ctx.with_annotations:
        annotations = [*annotations, *_annotations(row, ctx, types)]
    return shape, record, annotations, types


def _rename(data: dict[str, Any]) -> dict[str, Any]:
    """Map the RLHF templates' field names onto Loopline's (a shallow copy)."""
    inner = dict(data)
    if not any(k in inner for k in _RECORD_KEYS):
        for key in ("text", "question"):
            if key in inner:
                inner["prompt"] = inner.pop(key)
                break
    if not any(k in inner for k in _RESPONSE_KEYS):
        numbered = sorted((int(m.group(1)), k) for k in inner
                          if isinstance(k, str) and (m := _ANSWER_KEY.fullmatch(k)))
        if numbered:
            inner["responses"] = [inner.pop(k) for _, k in numbered]
        elif "answer" in inner:
            inner["response"] = inner.pop("answer")
    return inner


def _annotations(row: dict[str, Any], ctx: Context, types: dict[str, str]
                 ) -> list[ImportedAnnotation]:
    key = "annotations" if "annotations" in row else "completions"  # older exports
    raw = row.get(key) or []
    if not isinstance(raw, list):
        raise RecordError("must be a list", field=key)
    out: list[ImportedAnnotation] = []
    for i, ann in enumerate(raw):
        where = f"{key}.{i}"
        if not isinstance(ann, dict):
            raise RecordError("must be an object", field=where)
        if ann.get("was_cancelled"):
            continue
        answers = parse_results(ann.get("result") or [], f"{where}.result", types)
        if not answers:
            continue  # nothing was answered: no annotation to import
        created = parse_timestamp(ann.get("created_at"), f"{where}.created_at")
        out.append(ImportedAnnotation(_annotator(ann.get("completed_by"), ctx), answers, created))
    return out


def _annotator(completed_by: Any, ctx: Context) -> str:
    if isinstance(completed_by, dict):
        email = completed_by.get("email")
        if isinstance(email, str) and email:
            return email
        completed_by = completed_by.get("id")
    if completed_by is None:
        return ctx.annotator_or("label-studio")
    return f"label-studio:{completed_by}"

