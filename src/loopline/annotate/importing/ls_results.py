"""Translate one Label Studio annotation's `result` list into Loopline answers by question name.

Each result type maps onto the question type that asks the same thing; a type with no
counterpart is an error rather than a silent drop, so nobody imports half an annotation.
"""

from __future__ import annotations

from typing import Any

from loopline.core.errors import RecordError

SUPPORTED = ("choices", "rating", "textarea", "labels", "pairwise")


def parse_results(results: Any, where: str, types: dict[str, str]) -> dict[str, Any]:
    """Answers keyed by from_name; records each from_name's result type in `types`."""
    if not isinstance(results, list):
        raise RecordError("must be a list", field=where)
    answers: dict[str, Any] = {}
    for m, result in enumerate(results):
        at = f"{where}.{m}"
        if not isinstance(result, dict):
            raise RecordError("must be an object", field=at)
        kind, name, value = result.get("type"), result.get("from_name"), result.get("value")
        if kind not in SUPPORTED:
            raise RecordError(f"unsupported Label Studio result type '{kind}'", field=f"{at}.type")
        if not isinstance(name, str) or not name:
            raise RecordError("must be the control's name", field=f"{at}.from_name")
        if not isinstance(value, dict):
            raise RecordError("must be an object", field=f"{at}.value")
        if types.setdefault(name, kind) != kind:
            raise RecordError(f"'{name}' has results of types '{types[name]}' and '{kind}'",
                              field=f"{at}.type")
        if kind == "labels":
            spans = answers.setdefault(name, {"spans": [], "relations": []})
            spans["spans"].append(_span(value, f"{at}.value"))
            continue
        if name in answers:
            raise RecordError(f"several '{kind}' results for '{name}'", field=f"{at}.from_name")
        answers[name] = _PARSERS[kind](value, f"{at}.value")
    return answers


def _choices(value: dict[str, Any], at: str) -> Any:
    choices = value.get("choices")
    if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
        raise RecordError("must be a non-empty list of strings", field=f"{at}.choices")
    return choices[0] if len(choices) == 1 else list(choices)


def _rating(value: dict[str, Any], at: str) -> int:
    rating = value.get("rating")
    if isinstance(rating, float) and rating.is_integer():
        rating = int(rating)
    if not isinstance(rating, int) or isinstance(rating, bool):
        raise RecordError("must be a whole number", field=f"{at}.rating")
    return rating


def _textarea(value: dict[str, Any], at: str) -> str:
    text = value.get("text")
    if isinstance(text, str):
        return text
    if not isinstance(text, list) or not all(isinstance(t, str) for t in text):
        raise RecordError("must be a list of strings", field=f"{at}.text")
    return "\n".join(text)


def _pairwise(value: dict[str, Any], at: str) -> dict[str, Any]:
    selected = value.get("selected")
    if selected not in ("left", "right"):
        raise RecordError("must be 'left' or 'right'", field=f"{at}.selected")
    return {"choice": "a" if selected == "left" else "b", "strength": None}


def _span(value: dict[str, Any], at: str) -> dict[str, Any]:
    labels = value.get("labels")
    if not isinstance(labels, list) or not labels or not isinstance(labels[0], str):
        raise RecordError("must be a non-empty list of labels", field=f"{at}.labels")
    span: dict[str, Any] = {"start": 0, "end": 0, "label": labels[0]}
    for key in ("start", "end"):
        pos = value.get(key)
        if not isinstance(pos, int) or isinstance(pos, bool):
            raise RecordError("must be a character offset", field=f"{at}.{key}")
        span[key] = pos
    if isinstance(value.get("text"), str):
        span["text"] = value["text"]
    return span


_PARSERS = {"choices": _choices, "rating": _rating, "textarea": _textarea, "pairwise": _pairwise}
