"""How several annotators' answers to one question become one judgement.

Kept free of records and formats so each policy can be checked by hand on toy numbers, and so the
policy names written into a manifest map onto exactly one function here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

POSITIVE_LABELS = frozenset({"good", "thumbs_up", "up", "yes", "acceptable", "positive"})
NEGATIVE_LABELS = frozenset({"bad", "thumbs_down", "down", "no", "unacceptable", "negative"})

Choice = Literal["a", "b", "tie"]


def rank_sums(rankings: Iterable[Sequence[int]], size: int) -> tuple[list[int], int]:
    """Per-response sums of ranks and the number of rankings summed.

    Sums (not means) are compared so that equal mean ranks are detected exactly, with no float
    rounding; rankings of the wrong length are skipped (the record changed under them).
    """
    sums = [0] * size
    count = 0
    for ranks in rankings:
        if len(ranks) != size:
            continue
        count += 1
        for i, rank in enumerate(ranks):
            sums[i] += rank
    return sums, count


def ranked_pairs(sums: Sequence[int], count: int) -> tuple[list[tuple[int, int, float]], int]:
    """Policy `mean_rank`: every (better, worse, margin) pair plus how many pairs tied.

    `better` has a strictly lower mean rank; margin = mean rank of worse - mean rank of better.
    Pairs come in response order (better first, then worse) so output order is deterministic.
    """
    pairs: list[tuple[int, int, float]] = []
    ties = 0
    if count == 0:
        return pairs, ties
    n = len(sums)
    for i in range(n):
        for j in range(n):
            if sums[i] < sums[j]:
                pairs.append((i, j, (sums[j] - sums[i]) / count))
            elif i < j and sums[i] == sums[j]:
                ties += 1
    return pairs, ties


def majority_vote(answers: Iterable[Mapping[str, Any]]) -> tuple[Choice, float | None]:
    """Policy `majority_vote`: the choice with strictly the most votes, or "tie".

    A tie wins when "tie" gets the most votes or when no choice is strictly ahead. The strength
    is the mean strength index among the winner's voters who gave one (None if nobody did).
    """
    votes: dict[str, int] = {"a": 0, "b": 0, "tie": 0}
    strengths: dict[str, list[int]] = {"a": [], "b": []}
    for answer in answers:
        choice = answer.get("choice")
        if choice not in votes:
            continue
        votes[choice] += 1
        strength = answer.get("strength")
        if choice != "tie" and strength is not None:
            strengths[choice].append(int(strength))
    ordered = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    (top, top_votes), (_, second_votes) = ordered[0], ordered[1]
    if top_votes == 0 or top_votes == second_votes or top == "tie":
        return "tie", None
    given = strengths[top]
    return top, (sum(given) / len(given) if given else None)  # type: ignore[return-value]


def pairwise_margin(strength: float | None) -> float:
    """Reward margin of a pairwise preference: 1.0, plus the strength index when one was given."""
    return 1.0 + (strength if strength is not None else 0.0)


def midpoint_label(ratings: Sequence[int], low: int, high: int) -> bool | None:
    """Policy `mean_vs_midpoint`: True above the scale's midpoint, False below, None on it."""
    if not ratings:
        return None
    # Compare 2*sum with n*(low+high) to stay in integers: mean vs (low+high)/2.
    lhs, rhs = 2 * sum(ratings), len(ratings) * (low + high)
    if lhs == rhs:
        return None
    return lhs > rhs


def thumbs_options(options: Sequence[str]) -> tuple[str, str] | None:
    """(positive, negative) when a label question is exactly a thumbs up/down pair, else None."""
    if len(options) != 2:
        return None
    first, second = (o.strip().lower() for o in options)
    if first in POSITIVE_LABELS and second in NEGATIVE_LABELS:
        return options[0], options[1]
    if second in POSITIVE_LABELS and first in NEGATIVE_LABELS:
        return options[1], options[0]
    return None


def thumbs_label(answers: Iterable[Any], positive: str, negative: str) -> bool | None:
    """Policy `thumbs_majority`: True if more up than down votes, False if fewer, None if even."""
    up = down = 0
    for answer in answers:
        picked = answer if isinstance(answer, list) else [answer]
        if positive in picked and negative not in picked:
            up += 1
        elif negative in picked and positive not in picked:
            down += 1
    if up == down:
        return None
    return up > down
