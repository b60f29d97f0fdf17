"""Aggregation policies on hand-checked toy frames and a small simulated crowd."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_series_equal

from loopline.core.errors import ValidationError
from loopline.quality.aggregation import MACE, BradleyTerry, DawidSkene, MajorityVote


def _toy() -> pd.DataFrame:
    return pd.DataFrame({
        "task": ["t1", "t1", "t1", "t2", "t2", "t2"],
        "worker": ["a", "b", "c", "a", "b", "c"],
        "label": ["yes", "yes", "no", "no", "no", "yes"],
    })


def _crowd(seed: int = 0, n_tasks: int = 400, n_workers: int = 30, k: int = 3) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n_tasks)
    skill = np.where(np.arange(n_workers) < n_workers // 3, 1.0 / k, 0.85)  # a third are spammers
    task = np.repeat(np.arange(n_tasks), 5)
    worker = np.concatenate([rng.choice(n_workers, 5, replace=False) for _ in range(n_tasks)])
    right = rng.random(len(task)) < skill[worker]
    label = np.where(right, truth[task], rng.integers(0, k, len(task)))
    return pd.DataFrame({"task": task, "worker": worker, "label": label}), truth, skill


def test_majority_vote_toy():
    """Two of three votes win; agreement and confidence are the vote share."""
    mv = MajorityVote().fit(_toy())
    expected = pd.Series(["yes", "no"], index=pd.Index(["t1", "t2"], name="task"), name="agg_label")
    assert_series_equal(mv.labels_, expected)
    assert mv.agreement_.tolist() == pytest.approx([2 / 3, 2 / 3])
    assert mv.confidence_.tolist() == pytest.approx([2 / 3, 2 / 3])


def test_majority_vote_trust_weights_flip_the_result():
    """A trusted minority outweighs two untrusted votes."""
    labels = MajorityVote().fit_predict(_toy(), weights={"a": 0.1, "b": 0.1, "c": 1.0})
    assert labels.tolist() == ["no", "yes"]


@pytest.mark.parametrize("model", [DawidSkene(), MACE()])
def test_em_models_beat_majority_with_spammers(model):
    """With a third of the crowd spamming, the EM models are at least as accurate as MV."""
    df, truth, _ = _crowd()
    mv = (MajorityVote().fit_predict(df).to_numpy() == truth).mean()
    em = (model.fit_predict(df).to_numpy() == truth).mean()
    assert em >= mv and em > 0.9


def test_dawid_skene_skills_separate_spammers():
    """Estimated P(correct) is lower for every spammer than for every good worker."""
    df, _, skill = _crowd(seed=1)
    ds = DawidSkene().fit(df)
    spam, good = ds.skills_[skill < 0.5], ds.skills_[skill > 0.5]
    assert spam.max() < good.min()
    assert ds.probas_.sum(axis=1).to_numpy() == pytest.approx(1.0)


def test_mace_competence_separates_spammers():
    """MACE's competence theta is lower for every spammer than for every good worker."""
    df, _, skill = _crowd(seed=2)
    mace = MACE().fit(df)
    assert mace.skills_[skill < 0.5].max() < mace.skills_[skill > 0.5].min()


def test_dawid_skene_unanimous_toy_is_certain():
    """Unanimous tasks get their label with confidence near 1 and agreement exactly 1."""
    df = pd.DataFrame({"task": [1, 1, 2, 2], "worker": ["a", "b", "a", "b"], "label": ["x", "x", "y", "y"]})
    ds = DawidSkene().fit(df)
    assert ds.labels_.tolist() == ["x", "y"]
    assert (ds.confidence_ > 0.95).all() and (ds.agreement_ == 1.0).all()


def test_missing_column_is_named():
    """A frame without `label` is refused, naming the column."""
    with pytest.raises(ValidationError, match="label"):
        MajorityVote().fit(pd.DataFrame({"task": [1], "worker": ["a"]}))


def test_bradley_terry_hand_checked_order():
    """x beats y twice, y beats z twice, x beats z once: strengths x > y > z."""
    df = pd.DataFrame({
        "worker": list("abcde"),
        "left": ["x", "y", "x", "y", "z"],
        "right": ["y", "x", "z", "z", "x"],
        "label": ["x", "x", "x", "y", "x"],
    })
    bt = BradleyTerry().fit(df)
    assert bt.scores_.sort_values(ascending=False).index.tolist() == ["x", "y", "z"]
    assert bt.scores_.sum() == pytest.approx(1.0)
    assert bt.predict_proba("x", "z") > 0.5


def test_bradley_terry_mle_without_prior():
    """Without the prior, two items with wins 2:1 get the MLE p_x / (p_x + p_y) = 2/3."""
    df = pd.DataFrame({"worker": list("abc"), "left": ["x"] * 3, "right": ["y"] * 3, "label": ["x", "x", "y"]})
    assert BradleyTerry(prior=0.0).fit(df).predict_proba("x", "y") == pytest.approx(2 / 3, abs=1e-4)


def test_bradley_terry_recovers_ranking_and_weights():
    """On simulated comparisons the fitted order matches the true strengths; trust weights
    that silence a contrarian worker change the pair summary accordingly."""
    rng = np.random.default_rng(0)
    true = np.linspace(-2, 2, 20)
    left, right = rng.integers(0, 20, 3000), rng.integers(0, 20, 3000)
    keep = left != right
    left, right = left[keep], right[keep]
    win = rng.random(len(left)) < 1 / (1 + np.exp(true[right] - true[left]))
    df = pd.DataFrame({"worker": rng.integers(0, 10, len(left)), "left": left, "right": right, "label": np.where(win, left, right)})
    scores = BradleyTerry().fit(df).log_strengths_
    assert np.corrcoef(scores.reindex(range(20)).to_numpy(), true)[0, 1] > 0.98
    pairs = BradleyTerry().fit(df).pair_summary()
    assert ((pairs["confidence"] >= 0.5) & (pairs["agreement"] <= 1.0)).all()
