"""Open-Assistant message-tree exports: every ranked set of assistant replies is one record.

OASST trees branch: a prompt has several assistant replies that volunteers ranked, each reply has
several follow-ups, and so on. Each node with at least two ranked assistant replies becomes a
record whose context is the conversation from the root down to that node and whose responses are
those replies; the crowd's ranking is imported as a `rank` answer (1 = best, dense).
"""

from __future__ import annotations

from typing import Any

from loopline.annotate.importing.build import Context, make_record
from loopline.annotate.importing.items import ImportedAnnotation
from loopline.core.errors import RecordError
from loopline.core.records import Record

QUESTION = "rank"
DEFAULT_ANNOTATOR = "open-assistant"
_ROLES = {"prompter": "user", "assistant": "assistant"}


def build_oasst(row: dict[str, Any], ctx: Context) -> list[tuple[Record, list[ImportedAnnotation]]]:
    """One (record, annotations) per node with >= 2 ranked assistant replies, in tree order."""
    root = row.get("prompt")
    if not isinstance(root, dict):
        raise RecordError("must be the tree's root message", field="prompt")
    metadata: dict[str, Any] = {}
    if row.get("message_tree_id") is not None:
        metadata["message_tree_id"] = row["message_tree_id"]
    if root.get("lang") is not None:
        metadata["lang"] = root["lang"]
    out: list[tuple[Record, list[ImportedAnnotation]]] = []
    stack: list[tuple[dict[str, Any], list[dict[str, str]], str]] = [(root, [], "prompt")]
    while stack:
        node, parents, where = stack.pop()
        path = [*parents, _message(node, where)]
        replies = node.get("replies") or []
        if not isinstance(replies, list):
            raise RecordError("must be a list", field=f"{where}.replies")
        live = [(i, r) for i, r in enumerate(replies)
                if isinstance(r, dict) and not r.get("deleted")]
        ranked = [(i, r) for i, r in live
                  if r.get("role") == "assistant" and r.get("rank") is not None]
        if len(ranked) >= 2:
            out.append(_record(path, ranked, where, metadata, ctx))
        stack.extend((r, path, f"{where}.replies.{i}") for i, r in reversed(live))
    return out


def _message(node: dict[str, Any], where: str) -> dict[str, str]:
    role = node.get("role")
    role = _ROLES.get(role) if isinstance(role, str) else None
    if role is None:
        raise RecordError("must be 'prompter' or 'assistant'", field=f"{where}.role")
    text = node.get("text")
    if not isinstance(text, str):
        raise RecordError("must be a string", field=f"{where}.text")
    return {"role": role, "content": text}


def _record(path: list[dict[str, str]], ranked: list[tuple[int, dict[str, Any]]], where: str,
            metadata: dict[str, Any], ctx: Context) -> tuple[Record, list[ImportedAnnotation]]:
    responses = []
    ranks: list[int] = []
    for i, reply in ranked:
        rank = reply["rank"]
        if not isinstance(rank, int) or isinstance(rank, bool) or rank < 0:
            raise RecordError("must be a whole number >= 0", field=f"{where}.replies.{i}.rank")
        text = reply.get("text")
        if not isinstance(text, str):
            raise RecordError("must be a string", field=f"{where}.replies.{i}.text")
        ranks.append(rank)
        responses.append({"content": text,
                          "metadata": {"message_id": reply.get("message_id"), "rank": rank}})
    record = make_record({"messages": path, "responses": responses, "metadata": dict(metadata)},
                         ctx)
    if not ctx.with_annotations:
        return record, []
    dense = {r: n for n, r in enumerate(sorted(set(ranks)), 1)}
    answer = {QUESTION: [dense[r] for r in ranks]}
    return record, [ImportedAnnotation(ctx.annotator_or(DEFAULT_ANNOTATOR), answer)]
