"""`chat`: a live conversation with the model, kept as a tree of original, edited and
regenerated branches (the live page comes with the web app; the transcript is validated now).

Answer: `{"nodes": [{"id", "parent", "role", "content", "origin", "branch_of"?, "label"?}]}`,
nodes in creation order (a parent before its children).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from loopline.core.errors import AnswerError
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record


class ChatQuestion(QuestionBase):
    type: Literal["chat"] = "chat"
    labels: list[str] = Field(default_factory=list, description="Labels for assistant turns.")
    max_nodes: int = Field(default=200, ge=1, description="Largest transcript accepted.")

    def validate_answer(self, value: Any, record: Record) -> Any:
        raise NotImplementedError  # TODO(helper-questions)
