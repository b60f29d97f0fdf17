"""`ranking` answers: dense ranks 1..k, one per response; a permutation without ties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from loopline.core.errors import AnswerError
from loopline.core.questions import RankingQuestion
from loopline.core.records import Record

FAST = settings(max_examples=25)  # keeps the whole directory well under 10 s

TIES = RankingQuestion(name="rank")
NO_TIES = RankingQuestion(name="rank", allow_ties=False)


def record(n: int) -> Record:
    return Record(prompt="Rank these.", responses=tuple({"content": f"r{i}"} for i in range(n)))


def reject(question: RankingQuestion, value: Any, n: int) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.validate_answer(value, record(n))
    return info.value


def dense(scores: list[int]) -> list[int]:
    """Ranks from arbitrary scores, lower score = better, equal scores tied."""
    order = sorted(set(scores))
    return [order.index(s) + 1 for s in scores]


RANKINGS = st.integers(2, 7).flatmap(
    lambda n: st.lists(st.integers(0, n), min_size=n, max_size=n).map(dense)
)
PERMUTATIONS = st.integers(2, 7).flatmap(lambda n: st.permutations(list(range(1, n + 1))))


@FAST
@given(RANKINGS)
def test_dense_ranking_accepted(ranks: list[int]) -> None:
    """Any dense ranking, ties included, is its own normal form."""
    assert TIES.validate_answer(ranks, record(len(ranks))) == ranks


@FAST
@given(PERMUTATIONS)
def test_permutation_accepted_without_ties(ranks: list[int]) -> None:
    """Without ties a permutation of 1..n is accepted."""
    assert NO_TIES.validate_answer(ranks, record(len(ranks))) == ranks


@FAST
@given(RANKINGS)
def test_tie_rejected_at_repeat_without_ties(ranks: list[int]) -> None:
    """A shared rank is reported at the response that repeats it."""
    repeat = next((i for i, r in enumerate(ranks) if r in ranks[:i]), None)
    assume(repeat is not None)
    err = reject(NO_TIES, ranks, len(ranks))
    assert err.field == str(repeat) and "ties" in err.message


@FAST
@given(RANKINGS, st.data())
def test_gap_rejected_at_first_rank_above_it(ranks: list[int], data: st.DataObject) -> None:
    """Ranks skipping a value are reported at the first response ranked past the gap."""
    assume(max(ranks) < len(ranks))
    gap = data.draw(st.integers(1, max(ranks)))
    gapped = [r + 1 if r >= gap else r for r in ranks]
    err = reject(TIES, gapped, len(ranks))
    assert err.field == str(next(i for i, r in enumerate(gapped) if r > gap))
    assert f"no response is ranked {gap}" in err.message


@FAST
@given(RANKINGS, st.data())
def test_out_of_range_rank_rejected_at_index(ranks: list[int], data: st.DataObject) -> None:
    """A rank below 1 or above the number of responses names itself and the range."""
    n = len(ranks)
    i = data.draw(st.integers(0, n - 1))
    bad = data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=n + 1)))
    err = reject(TIES, ranks[:i] + [bad] + ranks[i + 1 :], n)
    assert err.field == str(i) and err.message == f"rank {bad} is out of range 1..{n}"


@FAST
@given(PERMUTATIONS, st.data())
def test_non_int_rank_rejected_at_index(ranks: list[int], data: st.DataObject) -> None:
    """A bool, float or string in place of a rank is reported at its index."""
    i = data.draw(st.integers(0, len(ranks) - 1))
    bad = data.draw(st.one_of(st.booleans(), st.just(float(ranks[i])), st.just(str(ranks[i]))))
    err = reject(TIES, ranks[:i] + [bad] + ranks[i + 1 :], len(ranks))
    assert err.field == str(i)


@FAST
@given(RANKINGS, st.integers(-1, 1).filter(bool))
def test_wrong_length_rejected(ranks: list[int], delta: int) -> None:
    """One rank per response: too few or too many is an error on the whole answer."""
    n = len(ranks) + delta
    assume(n >= 2)
    err = reject(TIES, ranks, n)
    assert err.field is None
    assert err.message == f"expected {n} ranks, one per response; got {len(ranks)}"


@FAST
@given(st.one_of(st.text(), st.integers(), st.none(), st.dictionaries(st.text(), st.integers())))
def test_non_list_rejected(value: Any) -> None:
    """The answer must be a list."""
    assert reject(TIES, value, 3).field is None


@pytest.mark.parametrize("n", [0, 1])
def test_too_few_responses_rejected(n: int) -> None:
    """A record with fewer than two responses cannot be ranked."""
    err = reject(TIES, [1] * n, n)
    assert err.field is None and "at least 2 responses" in err.message
