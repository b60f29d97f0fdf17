"""Answers rows: a record plus one annotator's answers, as a vendor delivers or another tool keeps.

`{"record": {...}, "annotator": "...", "answers": {question: answer}, "created_at"?}`. The
record may be in any record shape. The answers are carried as given: whether they fit the
project's questions is checked where the questions are known, not here.
"""

from __future__ import annotations

from typing import Any

from loopline.annotate.importing.build import Context, parse_timestamp
from loopline.annotate.importing.items import ImportedAnnotation
from loopline.annotate.importing.shapes import build_record_row
from loopline.core.errors import AnswerError, RecordError, ValidationError
from loopline.core.records import Record


def build_answers(row: dict[str, Any], ctx: Context
                  ) -> tuple[str, Record, list[ImportedAnnotation]]:
    """(the record's own shape, the record, its one annotation), or none if annotations are off.

    Annotations the record shape itself implies (a preference row's choice) are dropped: the
    delivery's answers are what this row is for.
    """
    raw = row["record"]
    if not isinstance(raw, dict):
        raise RecordError("must be an object", field="record")
    try:
        shape, (record, _) = build_record_row(raw, ctx)
    except ValidationError as exc:
        raise exc.at("record") from None
    annotator = row.get("annotator")
    if not isinstance(annotator, str) or not annotator.strip():
        raise AnswerError("must be the annotator's name", field="annotator")
    answers = row["answers"]
    if not isinstance(answers, dict):
        raise AnswerError("must be an object keyed by question name", field="answers")
    if not ctx.with_annotations:
        return shape, record, []
    created = parse_timestamp(row.get("created_at"), "created_at")
    return shape, record, [ImportedAnnotation(annotator.strip(), dict(answers), created)]

