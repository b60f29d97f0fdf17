"""The PII patterns, one alternation scanned once per document.

Order matters: payment cards before phone numbers (a card number would otherwise read as a
phone), national ids before phones. A match a validator refuses (a Luhn failure, an IP octet
over 255) is left as written.
"""

from __future__ import annotations

import ipaddress
import re

PATTERNS: dict[str, str] = {
    "email": r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
    "credit_card": r"\b\d(?:[ -]?\d){12,18}\b",
    "us_ssn": r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b",
    "uk_nino": r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    "ipv6": r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}(?![\w:])",
    "ipv4": r"\b(?:\d{1,3}\.){3}\d{1,3}\b",
    "phone": r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)|\d{2,4})[ .-]?\d{3,4}[ .-]?\d{3,4}\b",
    "street_address": (
        r"\b\d{1,5} (?:[A-Z][a-z]+ ){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|"
        r"Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy)\b\.?"
    ),
}

PLACEHOLDERS: dict[str, str] = {
    "email": "<EMAIL>", "credit_card": "<CREDIT_CARD>", "us_ssn": "<NATIONAL_ID>",
    "uk_nino": "<NATIONAL_ID>", "ipv6": "<IP_ADDRESS>", "ipv4": "<IP_ADDRESS>", "phone": "<PHONE>",
    "street_address": "<STREET_ADDRESS>",
}


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def valid(kind: str, value: str) -> bool:
    if kind == "credit_card":
        digits = re.sub(r"\D", "", value)
        return 13 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 1
    if kind in ("ipv4", "ipv6"):
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return False
        return True
    if kind == "phone":
        return sum(c.isdigit() for c in value) >= 9
    return True


def compile_patterns(kinds: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{k}>{PATTERNS[k]})" for k in kinds))
