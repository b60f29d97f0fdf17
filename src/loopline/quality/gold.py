"""Scoring an answer against a gold task's known answer, per question type.

Every score is in [0, 1] (1 = right), so the anomaly detectors and trust treat it as a
(possibly fractional) success:

| type | score |
|---|---|
| label | 1 if equal; with `multiple`, Jaccard similarity of the two sets |
| rating | 1 if equal, 0.5 one point off, else 0 |
| pairwise | 1 if the same choice (a, b or tie), else 0 |
| ranking | share of response pairs put in the same order (a tie only matches a tie) |
| spans | span F1 by overlap (Hripcsak & Rothschild 2005) |
| text | difflib similarity of the whitespace-normalised texts |
| turns | share of assistant turns labelled the same |
| chat | not scored (None) |

>>> score_answer("ranking", [1, 2, 3], [1, 3, 2])
0.6666666666666666
"""

from __future__ import annotations

from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any

from loopline.quality.agreement.spans import as_spans, span_f1


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def score_answer(qtype: str, answer: Any, gold: Any) -> float | None:
    """How well `answer` matches `gold` for a question of type `qtype` (None: not scored)."""
    if answer is None:
        return 0.0
    if qtype == "label":
        if isinstance(gold, list) or isinstance(answer, list):
            a, g = set(answer if isinstance(answer, list) else [answer]), set(gold if isinstance(gold, list) else [gold])
            return len(a & g) / len(a | g) if a | g else 1.0
        return float(answer == gold)
    if qtype == "rating":
        off = abs(int(answer) - int(gold))
        return 1.0 if off == 0 else 0.5 if off == 1 else 0.0
    if qtype == "pairwise":
        return float(_choice(answer) == _choice(gold))
    if qtype == "ranking":
        if len(answer) != len(gold) or len(gold) < 2:
            return 0.0
        pairs = [(i, j) for i in range(len(gold)) for j in range(i + 1, len(gold))]
        return sum(_sign(answer[i] - answer[j]) == _sign(gold[i] - gold[j]) for i, j in pairs) / len(pairs)
    if qtype == "spans":
        a, g = as_spans(answer), as_spans(gold)
        return 1.0 if not a and not g else span_f1(g, a, mode="overlap")
    if qtype == "text":
        a, g = " ".join(str(answer).split()), " ".join(str(gold).split())
        return SequenceMatcher(None, a, g, autojunk=False).ratio()
    if qtype == "turns":
        if len(answer) != len(gold) or not gold:
            return 0.0
        return sum(x == y for x, y in zip(answer, gold)) / len(gold)
    return None


def _choice(value: Any) -> Any:
    return value.get("choice") if isinstance(value, Mapping) else value


def score_annotation(types: Mapping[str, str], answers: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, float]:
    """question -> score for every question the gold task knows (and that can be scored)."""
    out: dict[str, float] = {}
    for name, known in gold.items():
        score = score_answer(types.get(name, ""), answers.get(name), known)
        if score is not None:
            out[name] = float(score)
    return out
