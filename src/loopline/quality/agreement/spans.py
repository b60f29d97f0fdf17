"""Span agreement: F1 between two annotators' labelled spans, exact or by overlap.

Treating annotator A as reference and B as prediction, precision = matched B spans / |B|,
recall = matched A spans / |A|, F1 their harmonic mean; it is symmetric, so either can be the
reference (Hripcsak & Rothschild 2005, "Agreement, the F-measure, and reliability in
information retrieval"). `exact` matches spans with equal start, end and label; `overlap`
matches spans with the same label whose character ranges intersect, one-to-one (greedy by
overlap size), as in MUC/SemEval partial matching.

>>> span_f1([(0, 5, "PER")], [(0, 5, "PER"), (7, 9, "LOC")])
0.6666666666666666
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any, Literal

Span = tuple[int, int, str]
Mode = Literal["exact", "overlap"]


def as_spans(value: Any) -> list[Span]:
    """Spans from a `spans` answer (`{"spans": [{start, end, label}]}`), dicts or tuples."""
    if isinstance(value, dict):
        value = value.get("spans", [])
    spans: list[Span] = []
    for span in value or []:
        if isinstance(span, dict):
            spans.append((int(span["start"]), int(span["end"]), str(span["label"])))
        else:
            start, end, label = span
            spans.append((int(start), int(end), str(label)))
    return spans


def matched(a: Sequence[Span], b: Sequence[Span], mode: Mode) -> int:
    """How many spans of `a` and `b` match one-to-one."""
    if mode == "exact":
        left = {}
        for span in a:
            left[span] = left.get(span, 0) + 1
        hits = 0
        for span in b:
            if left.get(span, 0) > 0:
                left[span] -= 1
                hits += 1
        return hits
    if mode != "overlap":
        raise ValueError(f"mode must be 'exact' or 'overlap'; got {mode!r}")
    candidates = []
    for i, (s1, e1, l1) in enumerate(a):
        for j, (s2, e2, l2) in enumerate(b):
            size = min(e1, e2) - max(s1, s2)
            if l1 == l2 and size > 0:
                candidates.append((size, i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


def span_f1(a: Iterable[Any], b: Iterable[Any], *, mode: Mode = "exact") -> float:
    """F1 of two annotators' spans of one text; 1.0 when both marked nothing."""
    sa, sb = as_spans(list(a) if not isinstance(a, dict) else a), as_spans(list(b) if not isinstance(b, dict) else b)
    if not sa and not sb:
        return 1.0
    return 2.0 * matched(sa, sb, mode) / (len(sa) + len(sb))


def mean_span_f1(annotations: Sequence[Any], *, mode: Mode = "exact") -> float:
    """Mean F1 over every pair of annotators of one text (micro-averaging is up to the caller)."""
    pairs = [span_f1(a, b, mode=mode) for a, b in combinations(annotations, 2)]
    if not pairs:
        raise ValueError("span agreement needs at least two annotations of the text")
    return sum(pairs) / len(pairs)
