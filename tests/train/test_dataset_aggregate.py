"""The aggregation policies on hand-checked numbers."""

from __future__ import annotations

from loopline.train.datasets.aggregate import (
    majority_vote,
    midpoint_label,
    pairwise_margin,
    rank_sums,
    ranked_pairs,
    thumbs_label,
    thumbs_options,
)


def test_mean_rank_pairs_and_margins() -> None:
    """[1,2,2] and [1,2,1] -> mean ranks 1, 2, 1.5 -> three ordered pairs, gaps as margins."""
    sums, count = rank_sums([[1, 2, 2], [1, 2, 1]], 3)
    assert (sums, count) == ([2, 4, 3], 2)
    pairs, ties = ranked_pairs(sums, count)
    assert pairs == [(0, 1, 1.0), (0, 2, 0.5), (2, 1, 0.5)]
    assert ties == 0


def test_equal_mean_ranks_are_a_counted_tie() -> None:
    """[1,2,1] and [1,1,2] -> means 1, 1.5, 1.5: responses 1 and 2 tie and give no pair."""
    pairs, ties = ranked_pairs(*rank_sums([[1, 2, 1], [1, 1, 2]], 3))
    assert pairs == [(0, 1, 0.5), (0, 2, 0.5)]
    assert ties == 1


def test_a_single_ranking_with_a_tie() -> None:
    pairs, ties = ranked_pairs(*rank_sums([[2, 1, 2]], 3))
    assert pairs == [(1, 0, 1.0), (1, 2, 1.0)]
    assert ties == 1


def test_rankings_of_the_wrong_length_are_skipped() -> None:
    assert rank_sums([[1, 2], [2, 1, 3]], 3) == ([2, 1, 3], 1)
    assert ranked_pairs([0, 0], 0) == ([], 0)


def test_majority_vote() -> None:
    a = {"choice": "a", "strength": None}
    b = {"choice": "b", "strength": None}
    tie = {"choice": "tie", "strength": None}
    assert majority_vote([a, a, b]) == ("a", None)
    assert majority_vote([b]) == ("b", None)
    assert majority_vote([a, b]) == ("tie", None)  # split vote
    assert majority_vote([a, tie, tie]) == ("tie", None)  # tie chosen most
    assert majority_vote([a, a, tie, tie]) == ("tie", None)  # no strict winner
    assert majority_vote([]) == ("tie", None)


def test_majority_vote_strength_is_the_winners_mean() -> None:
    votes = [
        {"choice": "b", "strength": 2},
        {"choice": "b", "strength": 1},
        {"choice": "b", "strength": None},
        {"choice": "a", "strength": 0},
    ]
    assert majority_vote(votes) == ("b", 1.5)
    assert pairwise_margin(1.5) == 2.5
    assert pairwise_margin(None) == 1.0
    assert pairwise_margin(0) == 1.0


def test_midpoint_label() -> None:
    assert midpoint_label([4, 5], 1, 5) is True
    assert midpoint_label([1, 2], 1, 5) is False
    assert midpoint_label([3], 1, 5) is None  # exactly the midpoint
    assert midpoint_label([2, 4], 1, 5) is None  # mean 3
    assert midpoint_label([2, 3], 1, 4) is None  # even scale: midpoint 2.5
    assert midpoint_label([3, 3], 1, 4) is True
    assert midpoint_label([], 1, 5) is None


def test_thumbs_options_need_exactly_a_positive_negative_pair() -> None:
    assert thumbs_options(["good", "bad"]) == ("good", "bad")
    assert thumbs_options(["Thumbs_Down", "thumbs_up"]) == ("thumbs_up", "Thumbs_Down")
    assert thumbs_options(["yes", "no"]) == ("yes", "no")
    assert thumbs_options(["good", "fine"]) is None
    assert thumbs_options(["good", "bad", "ugly"]) is None
    assert thumbs_options(["good", "positive"]) is None


def test_thumbs_label_by_majority() -> None:
    assert thumbs_label(["good", "good", "bad"], "good", "bad") is True
    assert thumbs_label(["bad"], "good", "bad") is False
    assert thumbs_label(["good", "bad"], "good", "bad") is None
    assert thumbs_label([["good"], ["bad"], ["bad"]], "good", "bad") is False
