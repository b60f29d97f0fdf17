"""`chat` answers: a transcript tree of original, edited and regenerated turns."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import ChatQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

RECORD = Record(prompt="Chat with the model.")
QUESTION = ChatQuestion(name="chat", labels=["helpful", "harmful"], max_nodes=20)
KEYS = ["id", "parent", "role", "content", "origin", "branch_of", "label"]
NEXT = {None: "user", "system": "user", "user": "assistant", "assistant": "user"}


def node(
    id: str, parent: str | None, role: str, origin: str = "original", **extra: Any
) -> dict[str, Any]:
    content = f"turn {id}"
    return {"id": id, "parent": parent, "role": role, "content": content, "origin": origin, **extra}


def reject(value: Any, question: ChatQuestion = QUESTION) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.validate_answer(value, RECORD)
    return info.value


BASE = [node("s", None, "system"), node("u", "s", "user"), node("a", "u", "assistant")]


@st.composite
def transcripts(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Valid trees: each node continues an earlier one, or branches off an earlier sibling."""
    nodes: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 12))):
        extra: dict[str, Any] = {}
        if nodes and draw(st.booleans()):
            original = draw(st.sampled_from(nodes))
            parent, role = original["parent"], original["role"]
            origin = {"user": "edited", "assistant": "regenerated"}.get(role, "written")
            extra["branch_of"] = original["id"]
        else:
            tip = draw(st.sampled_from([None, *nodes]))
            parent = None if tip is None else tip["id"]
            role = draw(st.sampled_from(["system", "user"])) if tip is None else NEXT[tip["role"]]
            origin = draw(st.sampled_from(["original", "written"]))
        if role == "assistant" and draw(st.booleans()):
            extra["label"] = draw(st.sampled_from(QUESTION.labels))
        nodes.append(node(f"n{i}", parent, role, origin, **extra))
    return nodes


@FAST
@given(transcripts())
def test_valid_transcript_normalized(nodes: list[dict[str, Any]]) -> None:
    """A valid tree comes back in order with every key present, None where absent."""
    result = QUESTION.validate_answer({"nodes": nodes}, RECORD)
    assert [list(n) for n in result["nodes"]] == [KEYS] * len(nodes)
    assert result["nodes"] == [{k: n.get(k) for k in KEYS} for n in nodes]


@FAST
@given(transcripts())
def test_normal_form_is_stable(nodes: list[dict[str, Any]]) -> None:
    """Validating a normal form gives it back unchanged."""
    normal = QUESTION.validate_answer({"nodes": nodes}, RECORD)
    assert QUESTION.validate_answer(normal, RECORD) == normal


@FAST
@given(transcripts(), st.data())
def test_wrong_type_rejected_at_key(nodes: list[dict[str, Any]], data: st.DataObject) -> None:
    """A node key holding the wrong type is reported at that node and key."""
    i = data.draw(st.integers(0, len(nodes) - 1))
    key = data.draw(st.sampled_from(KEYS))
    nodes[i][key] = data.draw(st.integers() | st.booleans() | st.lists(st.text(), max_size=2))
    assert reject({"nodes": nodes}).field == f"nodes.{i}.{key}"


@FAST
@given(st.integers(0, 2), st.sampled_from(KEYS[:5]))
def test_missing_key_rejected(i: int, key: str) -> None:
    """id, parent, role, content and origin are required on every node."""
    nodes = [dict(n) for n in BASE]
    del nodes[i][key]
    err = reject({"nodes": nodes})
    assert err.field == f"nodes.{i}.{key}" and err.message == f"missing required key {key!r}"


def test_unknown_node_key_rejected() -> None:
    """A node key the format does not know is reported at that key."""
    err = reject({"nodes": [*BASE[:2], {**BASE[2], "score": 3}]})
    assert err.field == "nodes.2.score"


def test_empty_transcript_rejected() -> None:
    """A transcript needs at least one node."""
    assert reject({"nodes": []}).field == "nodes"


def test_too_many_nodes_rejected() -> None:
    """A transcript larger than max_nodes is rejected as a whole."""
    nodes = [node(f"n{i}", None, "user") for i in range(3)]
    err = reject({"nodes": nodes}, ChatQuestion(name="chat", max_nodes=2))
    assert err.field == "nodes" and err.message == "expected 1 to 2 nodes; got 3"


def test_empty_id_rejected() -> None:
    """A node needs a non-empty id."""
    assert reject({"nodes": [node("", None, "user")]}).field == "nodes.0.id"


def test_duplicate_id_rejected() -> None:
    """Ids are unique; the repeat is reported."""
    err = reject({"nodes": [*BASE, node("u", "a", "user")]})
    assert err.field == "nodes.3.id" and "'u'" in err.message


@pytest.mark.parametrize("parent", ["later", "nowhere"])
def test_parent_not_earlier_rejected(parent: str) -> None:
    """A parent must appear before its child."""
    nodes = [*BASE, node("x", parent, "user"), node("later", "a", "user")]
    assert reject({"nodes": nodes}).field == "nodes.3.parent"


@pytest.mark.parametrize(
    ("parent", "role"), [("u", "user"), ("a", "assistant"), ("s", "assistant")]
)
def test_roles_must_alternate(parent: str, role: str) -> None:
    """User and assistant alternate along a path, and a system prompt is followed by a user."""
    err = reject({"nodes": [*BASE, node("x", parent, role)]})
    assert err.field == "nodes.3.role" and err.message.startswith("expected '")


def test_system_node_with_parent_rejected() -> None:
    """A system node may only be a root."""
    err = reject({"nodes": [*BASE, node("x", "a", "system")]})
    assert err.field == "nodes.3.role" and "root" in err.message


@pytest.mark.parametrize(("origin", "role"), [("edited", "assistant"), ("regenerated", "user")])
def test_branch_origin_needs_its_role(origin: str, role: str) -> None:
    """Only a user turn is edited and only an assistant turn regenerated."""
    parent = "u" if role == "assistant" else "a"
    err = reject({"nodes": [*BASE, node("x", parent, role, origin, branch_of="a")]})
    assert err.field == "nodes.3.origin"


@pytest.mark.parametrize(
    ("origin", "parent", "role"), [("edited", "s", "user"), ("regenerated", "u", "assistant")]
)
def test_branch_origin_needs_branch_of(origin: str, parent: str, role: str) -> None:
    """An edited or regenerated turn names what it replaces."""
    err = reject({"nodes": [*BASE, node("x", parent, role, origin)]})
    assert err.field == "nodes.3.branch_of"


def test_branch_of_other_parent_rejected() -> None:
    """A branch is a sibling of what it replaces."""
    regenerated = node("a2", "u2", "assistant", "regenerated", branch_of="a")
    nodes = [*BASE, node("u2", "a", "user"), regenerated]
    err = reject({"nodes": nodes})
    assert err.field == "nodes.4.branch_of" and "share its parent" in err.message


def test_branch_of_other_role_rejected() -> None:
    """A branch has the role of what it replaces."""
    nodes = [*BASE, node("u2", None, "user", "written", branch_of="s")]
    err = reject({"nodes": nodes})
    assert err.field == "nodes.3.branch_of" and "same role" in err.message


def test_branch_of_unknown_node_rejected() -> None:
    """A branch names an earlier node."""
    err = reject({"nodes": [*BASE, node("a2", "u", "assistant", "regenerated", branch_of="a9")]})
    assert err.field == "nodes.3.branch_of"


def test_label_on_user_turn_rejected() -> None:
    """Only assistant turns carry a label."""
    err = reject({"nodes": [*BASE[:1], node("u", "s", "user", label="helpful")]})
    assert err.field == "nodes.1.label"


def test_label_without_question_labels_rejected() -> None:
    """A question with no labels takes no label."""
    nodes = [*BASE[:2], node("a", "u", "assistant", label="helpful")]
    err = reject({"nodes": nodes}, ChatQuestion(name="chat"))
    assert err.field == "nodes.2.label" and "no labels" in err.message


def test_unknown_label_rejected() -> None:
    """A label must be one of the question's labels."""
    err = reject({"nodes": [*BASE[:2], node("a", "u", "assistant", label="funny")]})
    assert err.field == "nodes.2.label"
    assert err.message == "expected one of 'helpful', 'harmful'; got 'funny'"


@FAST
@given(st.one_of(st.lists(st.integers()), st.text(), st.none()))
def test_non_object_rejected(value: Any) -> None:
    """A bare node list is not an answer: the answer is an object."""
    assert reject(value).field is None


def test_duplicate_labels_in_definition_rejected() -> None:
    """Each label is named once."""
    with pytest.raises(pydantic.ValidationError):
        ChatQuestion(name="chat", labels=["ok", "ok"])
