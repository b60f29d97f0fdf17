"""One function per anomaly kind: an annotator's rows in, a `Flag` or None out.

Each takes the annotator's rows (a DataFrame slice of the long table in `flags.py`), the
whole table where the crowd is the baseline, and the config; each explains itself with numbers.
"""

from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np
import pandas as pd
from scipy import stats

from loopline.quality.anomalies.flags import AnomalyConfig, Flag, wilson_interval


class Crowd:
    """The whole table plus per-annotator tallies computed once, so that each detector's
    "the rest of the crowd" baseline is a subtraction instead of a pass over every row."""

    def __init__(self, table: pd.DataFrame, cfg: AnomalyConfig) -> None:
        self.table = table
        self.first_share: pd.Series = pd.Series(dtype=float)
        if "position" in table.columns:
            chosen = table[["annotator", "position"]].dropna()
            per = chosen.assign(first=chosen["position"] == 0).groupby("annotator")["first"].agg(["mean", "size"])
            self.first_share = per.loc[per["size"] >= cfg.min_annotations, "mean"]
        self.option_counts: pd.Series = pd.Series(dtype=float)
        if "option" in table.columns:
            keys = ["question", "annotator"] if "question" in table.columns else ["annotator"]
            opts = table[[*keys, "option"]].dropna(subset=["option"]).astype({"option": str})
            self.option_counts = opts.groupby([*keys, "option"]).size()
        self.agreement = float(table["agrees"].astype(float).mean()) if "agrees" in table.columns else float("nan")

    def others_share(self, name: str, option: str, question: str | None) -> float:
        """Share of `option` among everyone else's answers (to `question` when given)."""
        counts = self.option_counts
        if question is not None:
            counts = counts.xs(question, level="question")
        if counts.empty:
            return 0.0
        total = counts.groupby(level="annotator").sum()
        picked = counts.xs(option, level="option") if option in counts.index.get_level_values("option") else pd.Series(dtype=float)
        rest_total = float(total.sum() - total.get(name, 0))
        rest_picked = float(picked.sum() - picked.get(name, 0))
        return rest_picked / rest_total if rest_total else 0.0

    def first_share_without(self, name: str) -> float | None:
        others = self.first_share.drop(name, errors="ignore")
        return float(others.median()) if len(others) else None


def _column(rows: pd.DataFrame, name: str) -> pd.Series:
    return rows[name].dropna() if name in rows.columns else pd.Series(dtype=object)


def too_fast(name: str, rows: pd.DataFrame, crowd: Crowd, cfg: AnomalyConfig) -> Flag | None:
    """Most tasks done faster than anyone can read their content."""
    if "duration" not in rows.columns or "content_length" not in rows.columns:
        return None
    timed = rows[["duration", "content_length"]].dropna()
    timed = timed[timed["content_length"] > 0]
    if len(timed) < cfg.min_annotations:
        return None
    speed = timed["content_length"] / timed["duration"].clip(lower=0.05)
    share = float((speed > cfg.max_chars_per_second).mean())
    if share < cfg.fast_share:
        return None
    median = float(speed.median())
    return Flag(name, "too_fast", f"{share:.0%} of {len(timed)} tasks read faster than {cfg.max_chars_per_second:.0f} chars/s (median {median:.0f} chars/s, {timed['duration'].median():.1f} s per task)",
                {"share_too_fast": share, "median_chars_per_second": median, "median_duration": float(timed["duration"].median()), "n": len(timed)})


def straight_lining(name: str, rows: pd.DataFrame, crowd: Crowd, cfg: AnomalyConfig) -> Flag | None:
    """Nearly always the same option, far more often than the rest of the crowd picks it.

    With a `question` column each question is judged on its own and the worst one is reported.
    """
    if "option" not in rows.columns:
        return None
    if "question" not in rows.columns:
        return _straight(name, rows["option"], crowd, cfg, None)
    worst: Flag | None = None
    for question, mine in rows.groupby("question", sort=True):
        flag = _straight(name, mine["option"], crowd, cfg, str(question))
        if flag is not None and (worst is None or flag.metrics["share"] > worst.metrics["share"]):
            worst = flag
    return worst


def _straight(name: str, mine: pd.Series, crowd: Crowd, cfg: AnomalyConfig, question: str | None) -> Flag | None:
    options = mine.dropna().astype(str)
    if len(options) < cfg.min_annotations:
        return None
    counts = options.value_counts()
    top, top_count = counts.index[0], int(counts.iloc[0])
    share = top_count / len(options)
    crowd_share = crowd.others_share(name, str(top), question)
    if share < cfg.straight_share or share - crowd_share < cfg.straight_margin:
        return None
    where = f" on {question!r}" if question else ""
    return Flag(name, "straight_lining", f"chose {top!r}{where} in {top_count} of {len(options)} answers ({share:.0%}); the rest of the crowd chose it {crowd_share:.0%} of the time",
                {"option": top, "question": question, "share": share, "crowd_share": crowd_share, "n": len(options)})


def position_bias(name: str, rows: pd.DataFrame, crowd: Crowd, cfg: AnomalyConfig) -> Flag | None:
    """Picks the first (or last) position more often than the crowd does: binomial test.

    The null rate is the median, over the other annotators with enough choices, of their share
    of first-position picks (1 / n_positions when there are none): the median keeps a minority
    of biased annotators from moving the baseline, and a data set whose truth sits mostly in one
    position does not flag everyone.
    """
    if "position" not in rows.columns:
        return None
    mine = rows[["position"]].assign(n=rows.get("n_positions", 2)).dropna()
    if len(mine) < cfg.min_annotations:
        return None
    first = int((mine["position"] == 0).sum())
    expected = crowd.first_share_without(name)
    if expected is None:
        expected = float((1.0 / mine["n"]).mean())
    expected = min(max(expected, 0.01), 0.99)
    share = first / len(mine)
    p_value = float(stats.binomtest(first, len(mine), expected).pvalue)
    if p_value >= cfg.alpha or abs(share - expected) < cfg.min_position_effect:
        return None
    side = "first" if share > expected else "last"
    return Flag(name, "position_bias", f"picked the first position in {first} of {len(mine)} choices ({share:.0%}) against {expected:.0%} for the crowd (binomial p = {p_value:.2g}): favours the {side} position",
                {"share_first": share, "expected": expected, "p_value": p_value, "n": len(mine)})


def low_gold_accuracy(name: str, rows: pd.DataFrame, crowd: Crowd, cfg: AnomalyConfig) -> Flag | None:
    """Gold answers right too rarely: the Wilson upper bound is under the minimum."""
    gold = _column(rows, "gold_correct").astype(float)
    if len(gold) < max(5, cfg.min_annotations // 4):
        return None
    correct = float(gold.sum())
    low, high = wilson_interval(correct, len(gold))
    if high >= cfg.min_gold_accuracy:
        return None
    return Flag(name, "low_gold_accuracy", f"{correct:.0f} of {len(gold)} gold tasks right ({correct / len(gold):.0%}, 95% CI {low:.0%}-{high:.0%}; minimum {cfg.min_gold_accuracy:.0%})",
                {"gold_accuracy": correct / len(gold), "ci_low": low, "ci_high": high, "n": len(gold)})


def low_agreement(name: str, rows: pd.DataFrame, crowd: Crowd, cfg: AnomalyConfig) -> Flag | None:
    """Agrees with the consensus too rarely: the Wilson upper bound is under the minimum."""
    agrees = _column(rows, "agrees").astype(float)
    if len(agrees) < cfg.min_annotations:
        return None
    hits = float(agrees.sum())
    low, high = wilson_interval(hits, len(agrees))
    if high >= cfg.min_agreement:
        return None
    crowd_rate = crowd.agreement
    return Flag(name, "low_agreement", f"agreed with the consensus on {hits:.0f} of {len(agrees)} answers ({hits / len(agrees):.0%}, 95% CI {low:.0%}-{high:.0%}); the crowd agrees {crowd_rate:.0%}",
                {"agreement": hits / len(agrees), "ci_low": low, "ci_high": high, "crowd_agreement": crowd_rate, "n": len(agrees)})


def similarity(text: str, candidates: list[str]) -> float:
    """Highest difflib ratio between a text and any candidate (cheap bounds first)."""
    best = 0.0
    for candidate in candidates or []:
        if not candidate:
            continue
        if text == candidate:
            return 1.0
        matcher = SequenceMatcher(None, text, candidate, autojunk=False)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


def copied_text(name: str, rows: pd.DataFrame, crowd: Crowd, cfg: AnomalyConfig) -> Flag | None:
    """Written answers that are (near-)exact copies of the candidates shown."""
    if "text" not in rows.columns or "candidates" not in rows.columns:
        return None
    written = rows[["text", "candidates"]].dropna(subset=["text"])
    written = written[written["text"].astype(str).str.strip() != ""]
    if len(written) < cfg.min_text_answers:
        return None
    scores = np.array([similarity(str(t), list(c) if isinstance(c, (list, tuple, np.ndarray)) else []) for t, c in zip(written["text"], written["candidates"])])
    copies = int((scores >= cfg.copy_similarity).sum())
    share = copies / len(written)
    if share < cfg.copy_share:
        return None
    return Flag(name, "copied_text", f"{copies} of {len(written)} written answers ({share:.0%}) are copies of a shown candidate (similarity >= {cfg.copy_similarity:.2f}, median {float(np.median(scores)):.2f})",
                {"share_copied": share, "median_similarity": float(np.median(scores)), "n": len(written)})


DETECTORS = (too_fast, straight_lining, position_bias, low_gold_accuracy, low_agreement, copied_text)
