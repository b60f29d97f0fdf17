"""PII redaction with typed placeholders."""

from loopline.curate.pii.pii_redactor import PiiRedactor

__all__ = ["PiiRedactor"]
