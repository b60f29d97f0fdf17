"""Routing keys: which annotators may take a task.

A task's requirements (skills, a language) fold into one short string, its *route*, so the
queue filters on a plain indexed-friendly column and a project holds only a handful of distinct
routes. The service decides once per annotator which routes they can serve.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def route_key(skills: Iterable[str], language: str | None) -> str | None:
    """`lang:de|skills:legal,medical`, or None when the task needs nothing."""
    parts = []
    if language:
        parts.append(f"lang:{language}")
    wanted = sorted({s for s in skills if s})
    if wanted:
        parts.append("skills:" + ",".join(wanted))
    return "|".join(parts) or None


def can_serve(route: str, *, skills: Iterable[str], languages: Iterable[str]) -> bool:
    """Whether an annotator with these skills and languages meets a route's requirements."""
    have_skills, have_langs = set(skills), set(languages)
    for part in route.split("|"):
        kind, _, value = part.partition(":")
        if kind == "lang" and value not in have_langs:
            return False
        if kind == "skills" and not set(value.split(",")) <= have_skills:
            return False
    return True


def metadata_value(metadata: dict[str, Any], path: str) -> Any:
    """A dotted path into record metadata (`a.b`), or None when absent."""
    value: Any = metadata
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value
