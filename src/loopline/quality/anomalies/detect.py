"""Run every detector over every annotator of a long annotations table."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from loopline.core.errors import ValidationError
from loopline.quality.anomalies.detectors import DETECTORS, Crowd
from loopline.quality.anomalies.flags import AnomalyConfig, Flag


def detect_anomalies(
    table: pd.DataFrame, config: AnomalyConfig | None = None, *, kinds: Iterable[str] | None = None,
    annotators: Iterable[str] | None = None,
) -> list[Flag]:
    """Every flag for every annotator, in annotator then detector order.

    `table` has one row per annotation with the columns listed in `flags.py` (only
    `annotator` is required); `kinds` limits which detectors run, `annotators` who is judged
    (everyone in the table is still the crowd: an incremental check judges one annotator).
    """
    if "annotator" not in table.columns:
        raise ValidationError("the annotations table needs an 'annotator' column", field="annotator")
    cfg = config or AnomalyConfig()
    wanted = set(kinds) if kinds is not None else None
    detectors = [d for d in DETECTORS if wanted is None or d.__name__ in wanted]
    table = table.assign(annotator=table["annotator"].astype(str))
    crowd = Crowd(table, cfg)
    flags: list[Flag] = []
    judged = {str(a) for a in annotators} if annotators is not None else None
    for name, rows in table.groupby("annotator", sort=True):
        if judged is not None and str(name) not in judged:
            continue
        for detector in detectors:
            flag = detector(str(name), rows, crowd, cfg)
            if flag is not None:
                flags.append(flag)
    return flags


def flags_frame(flags: list[Flag]) -> pd.DataFrame:
    """Flags as a table (annotator, kind, reason) for printing and reports."""
    return pd.DataFrame([{"annotator": f.annotator, "kind": f.kind, "reason": f.reason} for f in flags], columns=["annotator", "kind", "reason"])
