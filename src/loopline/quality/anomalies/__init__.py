"""Anomaly detection on annotators, and the trust scores that weight them."""

from loopline.quality.anomalies.detect import detect_anomalies, flags_frame
from loopline.quality.anomalies.flags import KINDS, AnomalyConfig, Flag, wilson_interval
from loopline.quality.anomalies.trust import domain_trust, trust_scores

__all__ = ["KINDS", "AnomalyConfig", "Flag", "detect_anomalies", "domain_trust", "flags_frame", "trust_scores", "wilson_interval"]
