"""`spans`: labelled character ranges of a text, plus optional relations between them.

Answer: `{"spans": [{"start", "end", "label", "text"?}], "relations": [{"from", "to", "label"}]}`.
`target` names the text: `prompt` (the prompt, or the last user message), `response:N`,
or `message:N`. Offsets are Python string indexes (code points), `end` exclusive.

Normal form: spans sorted by (start, end, label) with `text` filled in, relations pointing
into that sorted list and sorted too, so the same annotation is always stored the same way.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from loopline.core.errors import AnswerError
from loopline.core.questions._checks import (
    STRICT,
    check_names,
    expect_option,
    parse_answer,
    path,
    plural,
    response_content,
    show,
)
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class Span(BaseModel):
    model_config = STRICT

    start: int
    end: int
    label: str
    text: str | None = None


class Relation(BaseModel):
    model_config = STRICT

    source: int = Field(alias="from")
    to: int
    label: str


class SpansAnswer(BaseModel):
    model_config = STRICT

    spans: list[Span]
    relations: list[Relation] = Field(default_factory=list)


class SpansQuestion(QuestionBase):
    type: Literal["spans"] = "spans"
    labels: list[str] = Field(min_length=1, description="Span labels.")
    target: str = Field(default="prompt", pattern=r"^(prompt|response:\d+|message:\d+)$")
    relations: list[str] = Field(default_factory=list, description="Relation labels; empty = none.")
    allow_overlap: bool = Field(default=True, description="Let spans overlap.")

    @model_validator(mode="after")
    def _check_labels(self) -> "SpansQuestion":
        check_names(self.labels, "label")
        check_names(self.relations, "relation")
        return self

    def target_text(self, record: Record) -> str:
        """The text the spans index into, or an `AnswerError` if the record lacks it."""
        kind, _, index = self.target.partition(":")
        if kind == "response":
            return response_content(record, int(index))
        messages = record.messages or ()
        if kind == "message":
            if int(index) >= len(messages):
                raise AnswerError(f"record has no message {index} (it has {len(messages)})")
            return messages[int(index)].content
        if record.messages is None:
            return record.prompt or ""
        users = [m for m in messages if m.role == "user"]
        if not users:
            raise AnswerError("record has no user message to take as the prompt")
        return users[-1].content

    def validate_answer(self, value: Any, record: Record) -> Any:
        text = self.target_text(record)
        answer = parse_answer(SpansAnswer, value)
        for i, span in enumerate(answer.spans):
            self._check_span(i, span, text)
        order = sorted(range(len(answer.spans)), key=lambda i: _key(answer.spans[i]))
        self._check_layout(order, answer.spans)
        new_index = {old: new for new, old in enumerate(order)}
        relations = self._relations(answer, new_index)
        spans = [answer.spans[i] for i in order]
        return {
            "spans": [
                {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end]}
                for s in spans
            ],
            "relations": relations,
        }

    def _check_span(self, i: int, span: Span, text: str) -> None:
        if span.start < 0:
            raise AnswerError(
                f"start must be >= 0; got {span.start}", field=path("spans", i, "start")
            )
        if span.end > len(text):
            raise AnswerError(
                f"end {span.end} is past the end of the text (length {len(text)})",
                field=path("spans", i, "end"),
            )
        if span.end <= span.start:
            raise AnswerError(
                f"end {span.end} must be greater than start {span.start}",
                field=path("spans", i, "end"),
            )
        expect_option(span.label, self.labels, field=path("spans", i, "label"))
        if span.text is not None and span.text != text[span.start : span.end]:
            raise AnswerError(
                f"expected {show(text[span.start : span.end])} (the text at "
                f"{span.start}..{span.end}); got {show(span.text)}",
                field=path("spans", i, "text"),
            )

    def _check_layout(self, order: list[int], spans: list[Span]) -> None:
        """No span twice, and no overlap unless allowed; errors name the later span."""
        reach = -1  # index of the span reaching furthest right so far, in start order
        for prev, i in zip([None, *order], order):
            span = spans[i]
            if prev is not None and _key(spans[prev]) == _key(span):
                raise AnswerError(
                    f"span {i} repeats span {prev} (same start, end and label)",
                    field=path("spans", i),
                )
            if not self.allow_overlap and reach >= 0 and span.start < spans[reach].end:
                other = spans[reach]
                raise AnswerError(
                    f"span {i} ({span.start}..{span.end}) overlaps span {reach} "
                    f"({other.start}..{other.end}); this question does not allow overlap",
                    field=path("spans", i),
                )
            if reach < 0 or span.end > spans[reach].end:
                reach = i

    def _relations(self, answer: SpansAnswer, new_index: dict[int, int]) -> list[dict[str, Any]]:
        if answer.relations and not self.relations:
            raise AnswerError(
                f"this question has no relations; got {len(answer.relations)}", field="relations"
            )
        n = len(answer.spans)
        seen: dict[tuple[int, int, str], int] = {}
        for k, rel in enumerate(answer.relations):
            for key, index in (("from", rel.source), ("to", rel.to)):
                if not 0 <= index < n:
                    raise AnswerError(
                        f"span {index} does not exist (the answer has {plural(n, 'span')})",
                        field=path("relations", k, key),
                    )
            if rel.source == rel.to:
                raise AnswerError(
                    f"a relation needs two different spans; got {rel.source} -> {rel.to}",
                    field=path("relations", k, "to"),
                )
            expect_option(rel.label, self.relations, field=path("relations", k, "label"))
            triple = (new_index[rel.source], new_index[rel.to], rel.label)
            if triple in seen:
                raise AnswerError(
                    f"relation {k} repeats relation {seen[triple]}", field=path("relations", k)
                )
            seen[triple] = k
        return [{"from": a, "to": b, "label": label} for a, b, label in sorted(seen)]


def _key(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)
