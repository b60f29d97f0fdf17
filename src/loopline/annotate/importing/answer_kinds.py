"""Which question type an imported answer belongs to, and that question built from seen answers.

Kinds are Label Studio's result types (`choices`, `rating`, `textarea`, `labels`, `pairwise`)
plus `ranking`; answers from elsewhere are classified by their form, which is the best that can be
done without the other tool's configuration.
"""

from __future__ import annotations

from typing import Any

from loopline.core.questions import (
    LabelQuestion,
    PairwiseQuestion,
    QuestionBase,
    RankingQuestion,
    RatingQuestion,
    SpansQuestion,
    TextQuestion,
)

_SHORT = 50  # longest string still taken for a label option rather than free text
_MAX_OPTIONS = 20


def guess_kind(answer: Any) -> str:
    """The kind an answer's form suggests; strings are decided later, across all seen values."""
    if isinstance(answer, dict):
        if "choice" in answer:
            return "pairwise"
        if "spans" in answer:
            return "labels"
    elif isinstance(answer, bool):
        return "unknown"
    elif isinstance(answer, int):
        return "rating"
    elif isinstance(answer, str):
        return "string"
    elif isinstance(answer, list) and answer:
        if all(isinstance(a, int) and not isinstance(a, bool) for a in answer):
            return "ranking"
        if all(isinstance(a, str) for a in answer):
            return "choices"
    return "unknown"


def question_for(name: str, kind: str, answers: list[Any]) -> QuestionBase | None:
    """The question for `name`, or None for an answer form nothing fits."""
    if kind == "string":
        kind = "choices" if _label_like(answers) else "textarea"
    if kind == "choices":
        options = _unique(a for answer in answers
                          for a in (answer if isinstance(answer, list) else [answer])
                          if isinstance(a, str))
        multiple = any(isinstance(a, list) for a in answers)
        return LabelQuestion(name=name, options=options, multiple=multiple) if options else None
    if kind == "rating":
        ints = [a for a in answers if isinstance(a, int) and not isinstance(a, bool)]
        return RatingQuestion(name=name, min=min([1, *ints]), max=max([5, *ints]))
    if kind == "textarea":
        return TextQuestion(name=name, mode="write")
    if kind == "labels":
        labels = _unique(span.get("label") for answer in answers if isinstance(answer, dict)
                         for span in answer.get("spans", []) if isinstance(span, dict))
        return SpansQuestion(name=name, labels=labels) if labels else None
    if kind == "pairwise":
        return PairwiseQuestion(name=name)
    if kind == "ranking":
        return RankingQuestion(name=name)
    return None


def _label_like(answers: list[Any]) -> bool:
    strings = [a for a in answers if isinstance(a, str)]
    return (len(set(strings)) <= _MAX_OPTIONS
            and all(len(s) <= _SHORT and "\n" not in s for s in strings))


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v))
