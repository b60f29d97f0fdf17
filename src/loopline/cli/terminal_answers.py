"""Turning what an annotator types in the terminal into an answer for each question type."""

from __future__ import annotations

from typing import Any

import orjson

from loopline.core.errors import AnswerError
from loopline.core.records import Record

HINTS = {
    "ranking": "ranks in response order, 1 = best, e.g. '2 1 3' (ties: '1 1 2')",
    "pairwise": "a, b or tie (add a strength number after a/b if offered, e.g. 'a 1')",
    "label": "an option number (several: '1,3')",
    "rating": "a whole number",
    "text": "the text, on one line",
    "turns": "one option number per assistant turn, e.g. '1 2'",
}


def hint(question: Any) -> str:
    return HINTS.get(question.type, "the answer as JSON")


def parse_answer(question: Any, typed: str, record: Record) -> Any:
    """The raw answer for `question` from one typed line; validation happens in the service."""
    typed = typed.strip()
    try:
        if question.type == "ranking":
            return [int(x) for x in typed.replace(",", " ").split()]
        if question.type == "rating":
            return int(typed)
        if question.type == "pairwise":
            parts = typed.lower().split()
            return {"choice": parts[0] if parts else "", "strength": int(parts[1]) if len(parts) > 1 else None}
        if question.type == "label":
            picked = [question.options[int(x) - 1] for x in typed.replace(",", " ").split()]
            return picked if question.multiple else (picked[0] if picked else "")
        if question.type == "turns":
            return [question.options[int(x) - 1] for x in typed.replace(",", " ").split()]
        if question.type == "text":
            return typed
        return orjson.loads(typed)
    except (ValueError, IndexError, orjson.JSONDecodeError):
        raise AnswerError(f"could not read '{typed}': expected {hint(question)}", field=question.name) from None
