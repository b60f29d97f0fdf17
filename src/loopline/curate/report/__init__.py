"""The funnel report (JSON + HTML with a funnel plot)."""

from loopline.curate.report.funnel import check_funnel, funnel_rows, write_report

__all__ = ["check_funnel", "funnel_rows", "write_report"]
