"""Preference honeypots: a pairwise or ranking task shown again with its responses reordered.

`permutation[k]` is the original index of the response shown at position k. An answer to the
repeat maps back onto the original order (`map_back`), and comparing it with the original
answer measures two things per annotator:

- self-consistency: the mapped repeat equals the original answer (ranking: share of response
  pairs in the same order);
- position bias: on a pairwise question whose two sides were swapped, choosing the same
  *side* both times (a then a) means the choice followed the position, not the content.

>>> map_back("pairwise", {"choice": "a", "strength": 1}, [1, 0], (0, 1))
{'choice': 'b', 'strength': 1}
>>> map_back("ranking", [1, 2, 3], [2, 1, 0], None)
[3, 2, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from loopline.core.records import Record
from loopline.quality.gold import score_answer


def choose_permutation(questions: Sequence[Any], n_responses: int) -> list[int] | None:
    """The reordering of a task's responses for a honeypot, or None when none fits.

    Pairwise questions swap their two responses (all pairwise questions must share one pair);
    without pairwise questions a ranking question gets the responses in reverse order.
    """
    pairs = {tuple(q.responses) for q in questions if getattr(q, "type", "") == "pairwise"}
    ranking = any(getattr(q, "type", "") == "ranking" for q in questions)
    if len(pairs) > 1 or n_responses < 2:
        return None
    if pairs:
        i, j = pairs.pop()
        if max(i, j) >= n_responses:
            return None
        perm = list(range(n_responses))
        perm[i], perm[j] = j, i
        return perm
    return list(reversed(range(n_responses))) if ranking else None


def permuted_record(record: Record, permutation: Sequence[int]) -> Record:
    """The record with its responses shown in `permutation` order (everything else equal)."""
    return record.model_copy(update={"responses": tuple(record.responses[p] for p in permutation)})


def map_back(qtype: str, answer: Any, permutation: Sequence[int], pair: Sequence[int] | None) -> Any:
    """An answer given on the reordered task, expressed in the original response order."""
    if qtype == "pairwise" and isinstance(answer, dict):
        i, j = pair or (0, 1)
        swapped = permutation[i] == j and permutation[j] == i
        choice = answer.get("choice")
        if swapped and choice in ("a", "b"):
            choice = "b" if choice == "a" else "a"
        return {**answer, "choice": choice}
    if qtype == "ranking" and isinstance(answer, list):
        original = [0] * len(answer)
        for shown, rank in enumerate(answer):
            original[permutation[shown]] = rank
        return original
    return answer


def honeypot_table(pairs: Sequence[dict[str, Any]], questions: Sequence[Any]) -> pd.DataFrame:
    """One row per (honeypot, pairwise/ranking question): consistency and same-side choice.

    `pairs`: dicts with annotator, permutation, original and repeat answers (the store's
    `answered_honeypots`).
    """
    rows = []
    for pair in pairs:
        for q in questions:
            qtype = getattr(q, "type", "")
            if qtype not in ("pairwise", "ranking") or q.name not in pair["original"] or q.name not in pair["repeat"]:
                continue
            before, again = pair["original"][q.name], pair["repeat"][q.name]
            mapped = map_back(qtype, again, pair["permutation"], getattr(q, "responses", None))
            row = {"annotator": pair["annotator"], "question": q.name, "consistency": score_answer(qtype, mapped, before), "same_side": float("nan")}
            if qtype == "pairwise" and before.get("choice") in ("a", "b") and again.get("choice") in ("a", "b"):
                row["same_side"] = float(before["choice"] == again["choice"])
            rows.append(row)
    return pd.DataFrame(rows, columns=["annotator", "question", "consistency", "same_side"])


def honeypot_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per annotator: honeypots answered, mean self-consistency, share of same-side choices."""
    if table.empty:
        return pd.DataFrame(columns=["honeypots", "self_consistency", "same_side"]).rename_axis("annotator")
    per = table.groupby("annotator")
    return pd.DataFrame({"honeypots": per.size(), "self_consistency": per["consistency"].mean(), "same_side": per["same_side"].mean()})
