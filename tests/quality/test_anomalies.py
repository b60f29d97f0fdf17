"""Anomaly flags (each says why, with numbers) and trust scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loopline.quality.anomalies import AnomalyConfig, detect_anomalies, domain_trust, trust_scores


def _crowd_table(rng: np.random.Generator, n: int = 60) -> list[dict]:
    rows = []
    for name in ["g1", "g2", "g3", "g4"]:
        for i in range(n):
            rows.append({"annotator": name, "question": "q", "option": rng.choice(["a", "b", "c"]), "position": float(rng.integers(0, 2)),
                         "n_positions": 2.0, "duration": 30.0, "content_length": 600, "agrees": float(rng.random() < 0.85),
                         "gold_correct": float(rng.random() < 0.9) if i % 5 == 0 else np.nan})
    return rows


def _flags(extra: list[dict]) -> dict[str, set[str]]:
    table = pd.DataFrame(_crowd_table(np.random.default_rng(0)) + extra)
    found: dict[str, set[str]] = {}
    for flag in detect_anomalies(table):
        found.setdefault(flag.annotator, set()).add(flag.kind)
        assert flag.reason and flag.metrics["n"] > 0
    return found


def test_good_crowd_raises_no_flags():
    """Honest, careful annotators are not flagged."""
    assert _flags([]) == {}


def test_too_fast():
    """600 characters in one second, every time, is too fast to read."""
    rows = [{"annotator": "rush", "duration": 1.0, "content_length": 600} for _ in range(30)]
    assert _flags(rows)["rush"] == {"too_fast"}


def test_straight_lining_reason_names_option_and_shares():
    """Always `a` while the crowd picks it a third of the time."""
    rows = [{"annotator": "same", "question": "q", "option": "a"} for _ in range(30)]
    table = pd.DataFrame(_crowd_table(np.random.default_rng(0)) + rows)
    (flag,) = [f for f in detect_anomalies(table) if f.annotator == "same"]
    assert flag.kind == "straight_lining" and "'a'" in flag.reason and "30 of 30" in flag.reason
    assert flag.metrics["share"] == 1.0 and flag.metrics["crowd_share"] < 0.5


def test_position_bias_binomial():
    """First position 54 times out of 60 against a crowd at about half is flagged with a p-value."""
    rows = [{"annotator": "left", "position": float(i >= 54), "n_positions": 2.0} for i in range(60)]
    found = detect_anomalies(pd.DataFrame(_crowd_table(np.random.default_rng(0)) + rows))
    (flag,) = [f for f in found if f.annotator == "left"]
    assert flag.kind == "position_bias" and flag.metrics["p_value"] < 1e-6 and flag.metrics["share_first"] == 0.9


def test_low_gold_accuracy_and_low_agreement():
    """A spammer wrong on gold and rarely with the consensus gets both flags."""
    rows = [{"annotator": "spam", "agrees": float(i % 4 == 0), "gold_correct": float(i % 4 == 0)} for i in range(40)]
    assert _flags(rows)["spam"] == {"low_gold_accuracy", "low_agreement"}


def test_copied_text():
    """Answers that copy a shown candidate (one character changed) are flagged; rewrites are not."""
    candidates = ["The order ships tomorrow morning from our Berlin warehouse."]
    copy = [{"annotator": "copier", "text": candidates[0].replace("tomorrow", "tomorrow!"), "candidates": candidates} for _ in range(4)]
    fresh = [{"annotator": "writer", "text": "We will send your parcel on Monday; here is the tracking link.", "candidates": candidates} for _ in range(4)]
    found = _flags(copy + fresh)
    assert found["copier"] == {"copied_text"} and "writer" not in found


def test_min_annotations_guards_small_samples():
    """Too little evidence raises nothing, however extreme."""
    rows = [{"annotator": "new", "duration": 0.1, "content_length": 900} for _ in range(5)]
    assert "new" not in _flags(rows)
    assert "new" in {f.annotator for f in detect_anomalies(pd.DataFrame(rows), AnomalyConfig(min_annotations=5))}


def test_trust_shrinks_gold_toward_skill():
    """trust = (correct + k * skill) / (n_gold + k); no gold means trust = skill."""
    gold = pd.DataFrame({"annotator": ["a"] * 10 + ["b"] * 10, "gold_correct": [True] * 10 + [False] * 10})
    trust = trust_scores(gold, {"a": 0.8, "b": 0.8, "c": 0.7}, prior_weight=10)
    assert trust.loc["a", "trust"] == pytest.approx((10 + 8) / 20)
    assert trust.loc["b", "trust"] == pytest.approx(8 / 20)
    assert trust.loc["c", "trust"] == pytest.approx(0.7) and trust.loc["c", "n_gold"] == 0


def test_domain_trust_shrinks_each_domain_toward_overall_trust():
    """trust_jd = (correct_jd + k * trust_j) / (n_gold_jd + k); rows without a domain are left out."""
    gold = pd.DataFrame({
        "annotator": ["x", "x", "x", "x", "x"],
        "domain": ["billing", "billing", "math", "math", None],
        "gold_correct": [True, True, False, False, True],
    })
    out = domain_trust(gold, {"x": 0.5}, prior_weight=10)
    assert out.loc[("x", "billing"), "trust"] == pytest.approx((2 + 5) / 12)
    assert out.loc[("x", "math"), "trust"] == pytest.approx(5 / 12)
    assert out.loc[("x", "math"), "gold_accuracy"] == 0.0 and len(out) == 2
    assert domain_trust(gold.iloc[:0], {}).empty
