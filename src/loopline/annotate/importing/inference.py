"""Guess the questions a new project should ask from the first imported rows.

`loopline import` into a project that does not exist yet creates it; these are its questions.
The guess comes from the first row's shape (a preference pair asks for a preference, two or more
responses for a ranking, ...), or, when rows carry annotations from another tool, from those
answers so the imported answers fit. Only the rows passed in are seen: options of a label
question are the ones those rows used, so pass the first few rows, not just one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pydantic

from loopline.annotate.importing.answer_kinds import guess_kind, question_for
from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.label_studio import LabelStudioItem
from loopline.core.questions import (
    PairwiseQuestion,
    QuestionBase,
    RankingQuestion,
    RatingQuestion,
    TextQuestion,
    TurnsQuestion,
)

SAMPLE = 100  # rows looked at for answer-based inference


def infer_questions(items: ImportItem | Sequence[ImportItem]) -> tuple[list[QuestionBase], str]:
    """(questions, one-line explanation of what was inferred and why)."""
    rows = [items] if isinstance(items, ImportItem) else list(items[:SAMPLE])
    if not rows:
        return [], "no rows, so no questions were inferred"
    first = rows[0]
    if first.shape in ("label_studio", "answers"):
        same = [item for item in rows if item.shape == first.shape]
        if any(item.annotations for item in same):
            return _from_answers(same, first.shape)
    return _from_record(first)


def _from_record(item: ImportItem) -> tuple[list[QuestionBase], str]:
    record = item.record
    n = len(record.responses)
    if item.shape == "preference":
        return ([PairwiseQuestion(name="preference")],
                "rows are preference pairs (chosen/rejected): a pairwise question 'preference'")
    if n >= 2:
        origin = "ranked Open-Assistant replies" if item.shape == "oasst" else f"{n} responses"
        return ([RankingQuestion(name="rank")],
                f"rows have {origin}: a ranking question 'rank'")
    if n == 1:
        return ([RatingQuestion(name="quality", min=1, max=5, response=0)],
                "rows have one response: a 1-5 rating question 'quality'")
    messages = record.messages
    if messages is not None and messages[-1].role != "user" and record.assistant_turns():
        return ([TurnsQuestion(name="turns", options=["good", "bad"])],
                "rows are conversations with assistant turns: a good/bad label per turn 'turns'")
    what = "bare prompts" if messages is None else "conversations awaiting a reply"
    return ([TextQuestion(name="response", mode="write")],
            f"rows are {what}: a text question 'response' to write the answer")


def _from_answers(items: list[ImportItem], shape: str) -> tuple[list[QuestionBase], str]:
    """One question per answered name, typed by Label Studio's result type or by the answers."""
    kinds: dict[str, str] = {}
    seen: dict[str, list[Any]] = {}
    for item in items:
        types = item.result_types if isinstance(item, LabelStudioItem) else {}
        for annotation in item.annotations:
            for name, answer in annotation.answers.items():
                seen.setdefault(name, []).append(answer)
                if name not in kinds or kinds[name] == "unknown":
                    kinds[name] = types.get(name) or guess_kind(answer)
    questions: list[QuestionBase] = []
    notes: list[str] = []
    for name, kind in kinds.items():
        try:
            question = question_for(name, kind, seen[name])
        except pydantic.ValidationError:
            notes.append(f"skipped '{name}' (not a usable question name)")
            continue
        if question is None:
            notes.append(f"skipped '{name}' (cannot tell its type)")
        else:
            questions.append(question)
    source = "Label Studio results" if shape == "label_studio" else "the delivered answers"
    summary = ", ".join(f"{q.name} ({getattr(q, 'type', '?')})" for q in questions) or "none"
    tail = f"; {'; '.join(notes)}" if notes else ""
    return questions, (f"questions from {source} in the first {len(items)} rows: "
                       f"{summary}{tail} (label options are only those seen there)")
