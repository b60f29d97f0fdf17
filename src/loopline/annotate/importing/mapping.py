"""Rename source columns to Loopline's canonical names before the row's shape is detected.

Datasets name their fields freely (`question`, `answers`, `data.q`); a mapping
`{canonical: source}` lets any of them import without a conversion script. Dotted sources reach
into nested objects. The mapping is compiled once, so a row costs a few dict operations.
"""

from __future__ import annotations

from typing import Any

from loopline.core.errors import ValidationError

_MISSING = object()


class MappingError(ValidationError):
    """A mapped source column is absent (or not reachable) on a row."""


class FieldMapping:
    """A compiled `{canonical: source}` mapping; call it on a row to get the renamed row."""

    def __init__(self, mapping: dict[str, str] | None) -> None:
        self._steps: list[tuple[str, str, tuple[str, ...]]] = []
        for canonical, source in (mapping or {}).items():
            if not canonical or not source:
                raise ValueError(f"empty name in field mapping {canonical!r}: {source!r}")
            self._steps.append((canonical, source, tuple(source.split("."))))

    def __bool__(self) -> bool:
        return bool(self._steps)

    @property
    def sources(self) -> set[str]:
        """The top-level source columns, e.g. for deciding which CSV cells to decode as JSON."""
        return {parts[0] for _, _, parts in self._steps}

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row with canonical keys added and flat source keys removed (a shallow copy).

        A flat source column is removed so it does not reappear in the record's metadata; a
        nested object is left whole, since taking a part out of it would mean copying it.
        """
        if not self._steps:
            return row
        out = dict(row)
        values: list[tuple[str, Any]] = []
        for canonical, source, parts in self._steps:
            value = _get(row, parts)
            if value is _MISSING:
                raise MappingError(f"the mapped column '{source}' (for '{canonical}') is "
                                   "missing on this row", field=source)
            values.append((canonical, value))
            if len(parts) == 1 and source != canonical:
                out.pop(source, None)
        for canonical, value in values:
            out[canonical] = value
        return out


def _get(row: dict[str, Any], parts: tuple[str, ...]) -> Any:
    value: Any = row
    for part in parts:
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value
