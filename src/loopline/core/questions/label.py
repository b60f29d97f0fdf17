"""`label`: pick one option (or several, with `multiple`).

Answer: the option (`"good"`), or with `multiple` a list of distinct options, stored in
`options` order so that two annotators who chose the same set store the same answer.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from loopline.core.errors import AnswerError
from loopline.core.questions._checks import check_names, expect_list, expect_option, one_of
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class LabelQuestion(QuestionBase):
    type: Literal["label"] = "label"
    options: list[str] = Field(min_length=1, description="The choices, in display order.")
    multiple: bool = Field(default=False, description="Allow choosing several options.")

    @model_validator(mode="after")
    def _check_options(self) -> "LabelQuestion":
        check_names(self.options, "option")
        return self

    def validate_answer(self, value: Any, record: Record) -> Any:
        if not self.multiple:
            return expect_option(value, self.options)
        chosen = expect_list(value, "a list of options")
        if self.required and not chosen:
            raise AnswerError(f"choose at least one of {one_of(self.options)}")
        seen: set[str] = set()
        for i, option in enumerate(chosen):
            expect_option(option, self.options, field=str(i))
            if option in seen:
                raise AnswerError(f"{option!r} is chosen twice", field=str(i))
            seen.add(option)
        return [o for o in self.options if o in seen]
