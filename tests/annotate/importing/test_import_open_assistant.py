"""Open-Assistant trees: each node with ranked assistant replies becomes a ranked record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.stream import iter_items


def _msg(mid: str, role: str, text: str, rank: int | None = None,
         replies: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"message_id": mid, "role": role, "text": text, "rank": rank, "lang": "en",
            "replies": replies or [], **extra}


TREE = {"message_tree_id": "t1", "tree_state": "ready_for_export", "prompt": _msg(
    "m0", "prompter", "Why is the sky blue?", replies=[
        _msg("a1", "assistant", "Scattering.", rank=1, replies=[
            _msg("p2", "prompter", "Explain more.", replies=[
                _msg("b1", "assistant", "Short waves scatter.", rank=0),
                _msg("b2", "assistant", "It just is.", rank=2),
                _msg("b3", "assistant", "Gone.", rank=1, deleted=True),
            ])]),
        _msg("a2", "assistant", "Rayleigh scattering.", rank=0),
        _msg("a3", "assistant", "Unranked."),
    ])}


def _items(tmp_path: Path, **kwargs: Any) -> list[ImportItem]:
    path = tmp_path / "trees.jsonl"
    path.write_bytes(orjson.dumps(TREE) + b"\n")
    items = list(iter_items(path, **kwargs))
    assert all(isinstance(i, ImportItem) for i in items)
    return items  # type: ignore[return-value]


def test_each_ranked_node_is_one_item(tmp_path: Path) -> None:
    """The root and the nested prompter node each yield one item, in tree order."""
    items = _items(tmp_path)
    assert len(items) == 2 and {i.shape for i in items} == {"oasst"}
    assert all(i.location.line == 1 for i in items)


def test_context_is_the_path_from_the_root(tmp_path: Path) -> None:
    """A nested item's messages are the conversation down to its node, roles mapped."""
    nested = _items(tmp_path)[1]
    assert [(m.role, m.content) for m in nested.record.messages or ()] == [
        ("user", "Why is the sky blue?"), ("assistant", "Scattering."), ("user", "Explain more.")]


def test_responses_are_the_ranked_replies_with_their_ids(tmp_path: Path) -> None:
    """Unranked and deleted replies are left out; each response keeps message id and rank."""
    root, nested = _items(tmp_path)
    assert [r.content for r in root.record.responses] == ["Scattering.", "Rayleigh scattering."]
    assert [r.metadata for r in nested.record.responses] == [
        {"message_id": "b1", "rank": 0}, {"message_id": "b2", "rank": 2}]
    assert root.record.metadata == {"message_tree_id": "t1", "lang": "en"}


def test_ranking_answer_is_dense_and_one_based(tmp_path: Path) -> None:
    """OA ranks (0 = best, gaps after deletions) become dense ranks from 1."""
    root, nested = _items(tmp_path)
    assert root.annotations[0].answers == {"rank": [2, 1]}
    assert nested.annotations[0].answers == {"rank": [1, 2]}
    assert root.annotations[0].annotator == "open-assistant"


def test_annotator_can_be_renamed_or_annotations_dropped(tmp_path: Path) -> None:
    """The ranking's annotator name is a parameter; annotations can be turned off."""
    assert _items(tmp_path, annotator="oasst-crowd")[0].annotations[0].annotator == "oasst-crowd"
    assert _items(tmp_path, with_annotations=False)[0].annotations == []
