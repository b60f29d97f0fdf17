"""LLM-judge win rate: an OpenAI-compatible model picks the better of two replies.

Judges prefer whichever reply they read first (or second) more often than quality explains, so
the order is randomised and balanced: half of the pairs show the candidate's reply as A, half
as B (shuffled with a seed), and a verdict counts for the reply it names, not the letter. The
judge answers with one letter; answers naming neither or both count as parse failures and
are left out of the win rate, not guessed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from loopline.models.base import Messages, ModelBackend, SamplingParams

JUDGE_PROMPT = """Two assistant replies answer the same conversation. Decide which one is better: \
more helpful, correct and on topic.

Conversation:
{conversation}

Reply A:
{a}

Reply B:
{b}

Answer with a single letter: A or B."""

JUDGE_SAMPLING = SamplingParams(max_new_tokens=8, temperature=0.0)

_LEADING = re.compile(r"^[\s\"'*(\[]*([AB])(?![A-Za-z0-9])")
_ANYWHERE = re.compile(r"(?<![A-Za-z0-9])([AB])(?![A-Za-z0-9])")


def parse_verdict(text: str) -> str | None:
    """'A' or 'B' from a judge's answer, else None.

    A leading letter wins ("B", "**A**", "(B) because..."); otherwise the answer must name
    exactly one of the two as a standalone capital letter ("Reply B is better").
    """
    if m := _LEADING.match(text):
        return m.group(1)
    found = set(_ANYWHERE.findall(text))
    return found.pop() if len(found) == 1 else None


def judge_messages(conversation: Messages, a: str, b: str) -> Messages:
    convo = "\n".join(f"{m['role']}: {m['content']}" for m in conversation)
    return [{"role": "user", "content": JUDGE_PROMPT.format(conversation=convo, a=a, b=b)}]


@dataclass
class JudgeResult:
    """Counts of one judged comparison: the candidate's wins and losses, and what went unparsed."""

    judge: str
    requests: int = 0
    wins: int = 0
    losses: int = 0
    parse_failures: int = 0
    candidate_first: int = 0
    candidate_second: int = 0
    verdict_a: int = 0
    verdicts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def win_rate(self) -> float | None:
        parsed = self.wins + self.losses
        return self.wins / parsed if parsed else None

    def as_dict(self, keep: int = 5) -> dict[str, Any]:
        out = asdict(self)
        out["verdicts"] = self.verdicts[:keep]
        out["win_rate"] = self.win_rate
        return out


def balanced_orders(n: int, seed: int) -> list[bool]:
    """True where the candidate's reply is shown first: half of the pairs, in a seeded shuffle."""
    orders = [i % 2 == 0 for i in range(n)]
    random.Random(seed).shuffle(orders)
    return orders


def judge_pairs(
    judge: ModelBackend,
    prompts: Sequence[Messages],
    candidate: Sequence[str],
    baseline: Sequence[str],
    *,
    seed: int = 0,
    sampling: SamplingParams = JUDGE_SAMPLING,
) -> JudgeResult:
    """Ask `judge` which reply is better for each prompt; the candidate's side is randomised."""
    if not len(prompts) == len(candidate) == len(baseline):
        raise ValueError("prompts, candidate and baseline replies must have the same length")
    orders = balanced_orders(len(prompts), seed)
    asks = [
        judge_messages(p, c, b) if first else judge_messages(p, b, c)
        for p, c, b, first in zip(prompts, candidate, baseline, orders)
    ]
    answers = judge.generate(asks, sampling, n=1)
    result = JudgeResult(judge=judge.name, requests=len(asks))
    for first, gens in zip(orders, answers):
        text = gens[0].text if gens else ""
        verdict = parse_verdict(text)
        result.candidate_first += first
        result.candidate_second += not first
        if verdict is None:
            result.parse_failures += 1
        else:
            result.verdict_a += verdict == "A"
            won = (verdict == "A") == first
            result.wins += won
            result.losses += not won
        result.verdicts.append({"candidate_first": first, "answer": text, "verdict": verdict})
    return result
