"""Quality: agreement between annotators, aggregation of their answers, anomalies, trust.

Algorithms follow crowd-kit's API shape (hyperparameters in the constructor, `fit` returns
self, `fit_predict` / `fit_predict_proba`, learned state ends in `_`) over a long
`task, worker, label` table, with NumPy integer codes inside. Names resolve lazily so that
importing `loopline.quality` does not pull in SciPy and pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS: dict[str, str] = {
    "AGGREGATIONS": "consensus",
    "AnomalyConfig": "anomalies",
    "BradleyTerry": "aggregation",
    "DawidSkene": "aggregation",
    "Flag": "anomalies",
    "MACE": "aggregation",
    "MajorityVote": "aggregation",
    "QualityReport": "report",
    "build_report": "report",
    "detect_anomalies": "anomalies",
    "fit_consensus": "consensus",
    "trust_scores": "anomalies",
    "domain_trust": "anomalies",
    "write_html": "report_html",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)


__all__ = sorted(_EXPORTS)
