"""`iter_items`: a file in, a stream of `ImportItem`s (or the `InputError` of each bad row) out.

Errors are yielded, not raised, so the caller chooses the policy: abort the whole import on the
first one (atomic) or count and skip them. Only a file that cannot be read at all raises. This
module holds no database code: the same stream feeds `loopline import`, previews and tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from loopline.annotate.importing.answers import build_answers
from loopline.annotate.importing.build import Context
from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.label_studio import LabelStudioItem, build_label_studio
from loopline.annotate.importing.mapping import FieldMapping
from loopline.annotate.importing.open_assistant import build_oasst
from loopline.annotate.importing.readers import JSON_COLUMNS, read_rows
from loopline.annotate.importing.shapes import RECORD_BUILDERS, SHAPES, detect_shape
from loopline.core.errors import InputError, Location, RecordError, ValidationError

# What a row needs when its shape is forced rather than detected.
_REQUIRED = {"answers": ("record", "answers"), "oasst": ("prompt",), "label_studio": ("data",),
             "preference": ("chosen", "rejected"), "messages": ("messages",), "prompt": ("prompt",)}


def iter_items(path: Path | str, *, fmt: str | None = None, shape: str | None = None,
               mapping: dict[str, str] | None = None, annotator: str | None = None,
               with_annotations: bool = True, source: str | None = None
               ) -> Iterator[ImportItem | InputError]:
    """Stream the items of `path`; see the package docs for formats and shapes.

    `annotator` names who made the answers a row implies (a preference row's choice, an OASST
    ranking); None means each shape's default ("import", "open-assistant"). Rows with their own
    annotators (Label Studio, answers rows) keep those. `source` is stamped on every record
    (default: the file name).
    """
    path = Path(path)
    if shape is not None and shape not in SHAPES:
        raise ValidationError(f"unknown shape '{shape}' (known: {', '.join(SHAPES)})",
                              field="shape")
    fields = FieldMapping(mapping)
    ctx = Context(source=source or path.name, annotator=annotator,
                  with_annotations=with_annotations)
    rows = read_rows(path, fmt, JSON_COLUMNS | fields.sources)
    return _items(rows, fields, ctx, shape)


def _items(rows: Iterator[tuple[Location, dict[str, Any] | InputError]], fields: FieldMapping,
           ctx: Context, shape: str | None) -> Iterator[ImportItem | InputError]:
    mapper = fields if fields else None
    for loc, row in rows:
        if type(row) is not dict:
            yield row  # type: ignore[misc]  # the reader's InputError for this row
            continue
        try:
            items = build_items(row if mapper is None else mapper(row), loc, ctx, shape)
        except ValidationError as exc:
            yield InputError(exc.message, Location(loc.file, loc.line, exc.field, loc.unit))
            continue
        yield from items


def build_items(row: dict[str, Any], loc: Location, ctx: Context,
                shape: str | None = None) -> list[ImportItem]:
    """The items of one row (OASST trees give several, or none); raises `ValidationError`."""
    if shape is None:
        shape = detect_shape(row)
    else:
        for key in _REQUIRED[shape]:
            if key not in row:
                raise RecordError(f"missing (rows are read as '{shape}')", field=key)
    builder = RECORD_BUILDERS.get(shape)
    if builder is not None:
        record, annotations = builder(row, ctx)
        return [ImportItem(record, loc, annotations, shape)]
    if shape == "oasst":
        return [ImportItem(record, loc, annotations, "oasst")
                for record, annotations in build_oasst(row, ctx)]
    if shape == "label_studio":
        _, record, annotations, types = build_label_studio(row, ctx)
        return [LabelStudioItem(record, loc, annotations, "label_studio", types)]
    _, record, annotations = build_answers(row, ctx)
    return [ImportItem(record, loc, annotations, "answers")]
