"""Agreement metrics: published examples, hand-computed small cases, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from loopline.quality.agreement import (
    bootstrap_ci,
    cohen_kappa,
    cohen_kappa_ci,
    fleiss_kappa,
    fleiss_table,
    kappa_from_table,
    kendall_w,
    krippendorff_alpha,
    mean_span_f1,
    pairwise_agreement,
    ranking_pairwise_agreement,
    span_f1,
)

NA = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12 units.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
    [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],
]
# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (as patients x ratings).
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_2011_published_values(level, published):
    """Krippendorff's own worked example comes out at every level to three decimals."""
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level=level), 3) == published


def test_fleiss_1971_published_value():
    """Fleiss' psychiatric diagnoses give kappa 0.430."""
    items = [i for i, row in enumerate(FLEISS_1971) for _ in row]
    labels = [v for row in FLEISS_1971 for v in row]
    table, _, _ = fleiss_table(items, labels)
    assert round(fleiss_kappa(table), 3) == 0.430


def test_fleiss_hand_computed():
    """Two items agreed, one split 1-1: P = (1 + 1 + 0) / 3, Pe = 0.5, kappa = 1/3."""
    assert fleiss_kappa([[2, 0], [0, 2], [1, 1]]) == pytest.approx(1 / 3)


def test_cohen_hand_computed():
    """po = 3/4, pe = 0.5*0.25 + 0.5*0.75 = 0.5, kappa = 0.5."""
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]) == pytest.approx(0.5)


def test_cohen_sas_example_with_standard_error():
    """The SAS example table: kappa 0.4842 (ASE 0.1380), linear weighted 0.4701 (ASE 0.1457)."""
    table = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    plain, linear = kappa_from_table(table), kappa_from_table(table, "linear")
    assert (round(plain.kappa, 4), round(plain.std_error, 4), round(plain.low, 4)) == (0.4842, 0.1380, 0.2137)
    assert (round(linear.kappa, 4), round(linear.std_error, 4)) == (0.4701, 0.1457)


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_matches_scikit_learn(weights):
    """Unweighted and weighted kappa equal scikit-learn's on random ordinal labels."""
    rng = np.random.default_rng(3)
    a = rng.integers(1, 6, 200)
    b = np.clip(a + rng.integers(-1, 2, 200), 1, 5)
    assert cohen_kappa(a.tolist(), b.tolist(), weights=weights) == pytest.approx(cohen_kappa_score(a, b, weights=weights))


def test_cohen_ci_contains_estimate():
    """The analytic interval brackets the estimate."""
    r = cohen_kappa_ci(list("aabbaabbab"), list("aabbabbbab"))
    assert r.low < r.kappa < r.high


def test_krippendorff_hand_computed_nominal():
    """Two coders, units (1,1), (1,2): o = [[2,1],[1,0]], n = 4, alpha = 1 - 3*2/(3*1*2) = 0."""
    assert krippendorff_alpha([[1, 1], [1, 2]], level="nominal") == pytest.approx(0.0)


def test_krippendorff_needs_pairable_unit():
    """A matrix where no unit has two values is refused with a clear error."""
    with pytest.raises(ValueError, match="at least two"):
        krippendorff_alpha([[1, NA], [NA, 2]])


def test_kendall_w_hand_computed():
    """Rank sums 3, 5, 4 over m=2, n=3: S = 2, W = 12*2 / (4*24) = 0.25."""
    assert kendall_w([[1, 2, 3], [2, 3, 1]]) == pytest.approx(0.25)


def test_kendall_w_perfect_and_reversed():
    """Identical rankings give 1; two opposite rankings give 0."""
    assert kendall_w([[1, 2, 3, 4]] * 3) == pytest.approx(1.0)
    assert kendall_w([[1, 2, 3, 4], [4, 3, 2, 1]]) == pytest.approx(0.0)


def test_pairwise_agreement_hand_computed():
    """Pair p1: a,a,b (1 of 3 annotator pairs agree); p2: b,b (1 of 1): mean 2/3."""
    result = pairwise_agreement(["p1", "p1", "p1", "p2", "p2"], ["a", "a", "b", "b", "b"])
    assert result.agreement == pytest.approx(2 / 3) and result.pairs == 2


def test_ranking_pairwise_agreement_perfect():
    """Two equal rankings agree on every pair."""
    assert ranking_pairwise_agreement([[1, 2, 3], [1, 2, 3]]).agreement == 1.0


def test_span_f1_exact_and_overlap():
    """Exact needs equal offsets; overlap matches same-label intersecting spans one-to-one."""
    a = [(0, 5, "PER"), (10, 15, "LOC")]
    b = [(0, 4, "PER"), (10, 15, "LOC"), (20, 22, "ORG")]
    assert span_f1(a, b, mode="exact") == pytest.approx(2 * 1 / 5)
    assert span_f1(a, b, mode="overlap") == pytest.approx(2 * 2 / 5)


def test_span_f1_reads_answers_and_empty():
    """Stored spans answers are read as they are; two empty answers agree fully."""
    answer = {"spans": [{"start": 0, "end": 3, "label": "X", "text": "abc"}], "relations": []}
    assert span_f1(answer, answer) == 1.0
    assert mean_span_f1([{"spans": []}, {"spans": []}]) == 1.0


def test_bootstrap_interval_brackets_estimate():
    """A bootstrap over items gives an interval around Fleiss' kappa of the 1971 data."""
    items = [i for i, row in enumerate(FLEISS_1971) for _ in row]
    table, _, _ = fleiss_table(items, [v for row in FLEISS_1971 for v in row])
    ci = bootstrap_ci(fleiss_kappa, table, resamples=200)
    assert ci.low < ci.estimate < ci.high and ci.resamples == 200


labels_st = st.lists(st.sampled_from(["x", "y", "z"]), min_size=2, max_size=30)


@settings(max_examples=50, deadline=None)
@given(labels_st)
def test_perfect_agreement_is_one(labels):
    """Annotators who always agree get 1 from every metric (when there is variation)."""
    if len(set(labels)) < 2:
        return
    assert cohen_kappa(labels, labels) == pytest.approx(1.0)
    codes = [["xyz".index(v) for v in labels]] * 3
    assert krippendorff_alpha(codes, level="nominal") == pytest.approx(1.0)
    items = [i for i in range(len(labels)) for _ in range(3)]
    assert fleiss_kappa(fleiss_table(items, [v for v in labels for _ in range(3)])[0]) == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)), min_size=3, max_size=25), st.randoms())
def test_alpha_invariant_to_unit_and_coder_order(rows, rnd):
    """Shuffling units or coders does not change alpha."""
    data = np.array(rows, dtype=float).T
    try:
        before = krippendorff_alpha(data, level="interval")
    except ValueError:
        return
    units = list(range(data.shape[1]))
    rnd.shuffle(units)
    assert krippendorff_alpha(data[::-1, units], level="interval") == pytest.approx(before)


@settings(max_examples=50, deadline=None)
@given(labels_st, labels_st)
def test_cohen_symmetric(a, b):
    """Kappa does not depend on which annotator is A."""
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    ka, kb = cohen_kappa(a, b), cohen_kappa(b, a)
    assert (np.isnan(ka) and np.isnan(kb)) or ka == pytest.approx(kb)
