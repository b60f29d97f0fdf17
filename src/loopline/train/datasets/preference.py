"""Paired preferences for DPO (`preference`) and for reward modelling (`reward`, with a margin).

Rankings give every strictly ordered pair of mean ranks (policy `mean_rank`); pairwise questions
give one pair per task by majority vote (policy `majority_vote`). The reward margin is the mean
rank gap for rankings and, for pairwise, 1.0 plus the mean strength index of the winning voters
(1.0 without strengths), so a "much better" vote pushes the two rewards further apart.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from loopline.core.questions import PairwiseQuestion
from loopline.core.questions.base import QuestionBase
from loopline.core.records import Record
from loopline.train.datasets.aggregate import (
    majority_vote,
    pairwise_margin,
    rank_sums,
    ranked_pairs,
)
from loopline.train.datasets.rows import (
    BuiltRow,
    answers_to,
    completion_value,
    prompt_value,
    response_text,
    text_type,
)
from loopline.train.datasets.tasks import AnnotatedTask

if TYPE_CHECKING:
    from loopline.quality.consensus import Consensus


class PreferenceBuilder:
    """Rows `prompt, chosen, rejected` (+ `margin` when `with_margin`).

    With a `consensus` (an aggregation policy chosen at export) the judgements come from it and
    every row also carries `agreement` and `confidence` (see `loopline.quality.consensus`).
    """

    def __init__(
        self, questions: Sequence[QuestionBase], *, conversational: bool, with_margin: bool,
        consensus: "Consensus | None" = None,
    ) -> None:
        self.conversational = conversational
        self.with_margin = with_margin
        self.consensus = consensus
        self.fmt = "reward" if with_margin else "preference"
        self.rankings = [q for q in questions if getattr(q, "type", None) == "ranking"]
        self.pairwise = [q for q in questions if getattr(q, "type", None) == "pairwise"]
        self.questions = [q.name for q in [*self.rankings, *self.pairwise]]
        self.policy: dict[str, str] = {}
        if self.rankings:
            self.policy["ranking"] = "mean_rank"
        if self.pairwise:
            self.policy["pairwise"] = "majority_vote"
        kind = text_type(conversational)
        fields = [pa.field("prompt", kind), pa.field("chosen", kind), pa.field("rejected", kind)]
        if with_margin:
            fields.append(pa.field("margin", pa.float64()))
        if consensus is not None:
            self.policy.update({k: v for k, v in consensus.policy.items() if k in self.policy})
            fields += [pa.field("agreement", pa.float64()), pa.field("confidence", pa.float64())]
        self.schema = pa.schema(fields)

    def notes(self) -> list[str]:
        """Why a version may come out empty, for the stats."""
        if not self.questions:
            return ["the project has no ranking or pairwise question: no preference rows"]
        return []

    def rows(self, task: AnnotatedTask, stats: Counter[str]) -> Iterator[BuiltRow]:
        if self.consensus is not None:
            yield from self._consensus_rows(task, stats, self.consensus)
            return
        record = task.record
        responses = [r.content for r in record.responses]
        prompt = None
        for q in self.rankings:
            given = list(answers_to(task, q.name))
            if not given:
                continue
            sums, count = rank_sums((a for _, a in given), len(responses))
            if count < len(given):
                stats["skipped_invalid_rankings"] += len(given) - count
            pairs, ties = ranked_pairs(sums, count)
            if ties:
                stats["excluded_rank_ties"] += ties
            ids = [i for i, _ in given]
            for better, worse, margin in pairs:
                if prompt is None:
                    prompt = prompt_value(record, self.conversational)
                row = self._row(prompt, responses[better], responses[worse], margin)
                yield (row, q.name, ids)
        for q in self.pairwise:
            given = list(answers_to(task, q.name))
            if not given:
                continue
            choice, strength = majority_vote(a for _, a in given)
            if choice == "tie":
                stats["excluded_ties"] += 1
                continue
            pair = _chosen_rejected(record, q, choice, stats)
            if pair is None:
                continue
            chosen, rejected = pair
            if prompt is None:
                prompt = prompt_value(record, self.conversational)
            row = self._row(prompt, chosen, rejected, pairwise_margin(strength))
            yield (row, q.name, [i for i, _ in given])

    def _consensus_rows(self, task: AnnotatedTask, stats: Counter[str], consensus: "Consensus") -> Iterator[BuiltRow]:
        from loopline.quality.consensus import mean_rank_agreement, ranked_pairs_bt

        record = task.record
        responses = [r.content for r in record.responses]
        prompt = None
        for q in self.rankings:
            given = list(answers_to(task, q.name))
            if not given:
                continue
            valid = [a for _, a in given if len(a) == len(responses)]
            strengths = consensus.strengths.get(q.name, {}).get(task.task_id)
            if strengths is not None:
                pairs, ties = ranked_pairs_bt(strengths, valid, len(responses))
                found = [(p.better, p.worse, p.margin, p.confidence, p.agreement) for p in pairs]
            else:
                plain, ties = ranked_pairs(*rank_sums(valid, len(responses)))
                found = [(b, w, m, *([mean_rank_agreement(valid, b, w)] * 2)) for b, w, m in plain]
            if len(valid) < len(given):
                stats["skipped_invalid_rankings"] += len(given) - len(valid)
            if ties:
                stats["excluded_rank_ties"] += ties
            for better, worse, margin, confidence, agreement in found:
                if prompt is None:
                    prompt = prompt_value(record, self.conversational)
                row = self._row(prompt, responses[better], responses[worse], margin)
                row.update(agreement=agreement, confidence=confidence)
                yield (row, q.name, [i for i, _ in given])
        for q in self.pairwise:
            given = list(answers_to(task, q.name))
            if not given:
                continue
            choice, confidence, agreement = _pairwise_judgement(consensus, q.name, task.task_id, [a for _, a in given])
            if choice is None or choice == "tie":
                stats["excluded_ties"] += 1
                continue
            pair = _chosen_rejected(record, q, choice, stats)
            if pair is None:
                continue
            chosen, rejected = pair
            strengths_given = [a.get("strength") for _, a in given if a.get("choice") == choice and a.get("strength") is not None]
            strength = sum(strengths_given) / len(strengths_given) if strengths_given else None
            if prompt is None:
                prompt = prompt_value(record, self.conversational)
            row = self._row(prompt, chosen, rejected, pairwise_margin(strength))
            row.update(agreement=agreement, confidence=confidence)
            yield (row, q.name, [i for i, _ in given])

    def _row(self, prompt: object, chosen: str, rejected: str, margin: float) -> dict[str, object]:
        row: dict[str, object] = {
            "prompt": prompt,
            "chosen": completion_value(chosen, self.conversational),
            "rejected": completion_value(rejected, self.conversational),
        }
        if self.with_margin:
            row["margin"] = margin
        return row


def _chosen_rejected(record: Record, question: PairwiseQuestion, choice: str, stats: Counter[str]) -> tuple[str, str] | None:
    """The pairwise question's two responses as (chosen, rejected); None (counted) when one is missing."""
    index_a, index_b = question.responses
    text_a, text_b = response_text(record, index_a), response_text(record, index_b)
    if text_a is None or text_b is None:
        stats["skipped_missing_response"] += 1
        return None
    return (text_a, text_b) if choice == "a" else (text_b, text_a)


def _pairwise_judgement(consensus: "Consensus", question: str, task_id: int, answers: list[dict]) -> tuple[str | None, float, float]:
    """(choice, confidence, agreement) of a pairwise question from the fitted consensus."""
    strengths = consensus.strengths.get(question, {}).get(task_id)
    if strengths is not None:
        gap = float(strengths[0] - strengths[1]) if len(strengths) > 1 else 0.0
        if abs(gap) <= 1e-9:
            return "tie", 0.5, 0.0
        choice = "a" if gap > 0 else "b"
        votes = [a.get("choice") for a in answers]
        confidence = 1.0 / (1.0 + math.exp(-abs(gap)))
        return choice, confidence, votes.count(choice) / len(votes) if votes else 0.0
    judgement = consensus.judgement(question, task_id)
    if judgement is None:
        return None, 0.0, 0.0
    return judgement.value, judgement.confidence, judgement.agreement
