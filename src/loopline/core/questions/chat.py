"""`chat`: a live conversation with the model, kept as a tree of original, edited and
regenerated branches (the live page comes with the web app; the transcript is validated now).

Answer: `{"nodes": [{"id", "parent", "role", "content", "origin", "branch_of"?, "label"?}]}`,
nodes in creation order (a parent before its children). Along every path from a root the roles
alternate user / assistant; a system node may only be a root and is followed by a user turn.
An edited user turn or a regenerated assistant turn is a sibling of what it replaces and names
it in `branch_of`. Normal form: every key present, None where absent.
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
)
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record

ChatRole = Literal["system", "user", "assistant"]

_NEXT_ROLE: dict[str, str] = {"system": "user", "user": "assistant", "assistant": "user"}
_BRANCH_ROLE: dict[str, str] = {"edited": "user", "regenerated": "assistant"}


class ChatNode(BaseModel):
    model_config = STRICT

    id: str = Field(min_length=1)
    parent: str | None
    role: ChatRole
    content: str
    origin: Literal["original", "edited", "regenerated", "written"]
    branch_of: str | None = None
    label: str | None = None


class ChatAnswer(BaseModel):
    model_config = STRICT

    nodes: list[ChatNode]


class ChatQuestion(QuestionBase):
    type: Literal["chat"] = "chat"
    labels: list[str] = Field(default_factory=list, description="Labels for assistant turns.")
    max_nodes: int = Field(default=200, ge=1, description="Largest transcript accepted.")

    @model_validator(mode="after")
    def _check_labels(self) -> "ChatQuestion":
        check_names(self.labels, "label")
        return self

    def validate_answer(self, value: Any, record: Record) -> Any:
        nodes = parse_answer(ChatAnswer, value).nodes
        if not 1 <= len(nodes) <= self.max_nodes:
            raise AnswerError(
                f"expected 1 to {self.max_nodes} nodes; got {len(nodes)}", field="nodes"
            )
        earlier: dict[str, ChatNode] = {}
        for i, node in enumerate(nodes):
            if node.id in earlier:
                raise AnswerError(f"id {node.id!r} is used twice", field=path("nodes", i, "id"))
            self._check_node(i, node, earlier)
            earlier[node.id] = node
        return {"nodes": [node.model_dump() for node in nodes]}

    def _check_node(self, i: int, node: ChatNode, earlier: dict[str, ChatNode]) -> None:
        if node.parent is not None:
            parent = earlier.get(node.parent)
            if parent is None:
                raise _fail(i, "parent", f"parent {node.parent!r} is not an earlier node")
            if node.role == "system":
                raise _fail(i, "role", "a system node must be a root (parent null)")
            if node.role != _NEXT_ROLE[parent.role]:
                raise _fail(
                    i,
                    "role",
                    f"expected {_NEXT_ROLE[parent.role]!r} after a {parent.role} turn; "
                    f"got {node.role!r}",
                )
        needed_role = _BRANCH_ROLE.get(node.origin)
        if needed_role is not None and node.role != needed_role:
            raise _fail(
                i, "origin", f"origin {node.origin!r} needs a {needed_role} turn; got {node.role!r}"
            )
        if node.branch_of is not None:
            _check_branch(i, node, earlier)
        elif needed_role is not None:
            raise _fail(
                i, "branch_of", f"origin {node.origin!r} needs branch_of: the node it replaces"
            )
        if node.label is not None:
            self._check_label(i, node)

    def _check_label(self, i: int, node: ChatNode) -> None:
        if node.role != "assistant":
            raise _fail(
                i, "label", f"only assistant turns take a label; this is a {node.role} turn"
            )
        if not self.labels:
            raise _fail(i, "label", f"this question has no labels; got {node.label!r}")
        expect_option(node.label, self.labels, field=path("nodes", i, "label"))


def _check_branch(i: int, node: ChatNode, earlier: dict[str, ChatNode]) -> None:
    """A branch replaces a sibling: same parent, same role, already in the transcript."""
    original = earlier.get(node.branch_of or "")
    if original is None:
        raise _fail(i, "branch_of", f"branch_of {node.branch_of!r} is not an earlier node")
    if original.parent != node.parent:
        raise _fail(
            i,
            "branch_of",
            f"a branch must share its parent: {original.id!r} has parent "
            f"{original.parent!r}, this node has {node.parent!r}",
        )
    if original.role != node.role:
        raise _fail(
            i,
            "branch_of",
            f"a branch must have the same role: {original.id!r} is a {original.role} turn, "
            f"this node is a {node.role} turn",
        )


def _fail(i: int, key: str, message: str) -> AnswerError:
    return AnswerError(message, field=path("nodes", i, key))
