"""PII redaction: every type, the Luhn check, typed placeholders and counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopline.curate import Document, PiiRedactor
from loopline.curate.pii.patterns import luhn_valid


@pytest.mark.parametrize(("text", "placeholder", "kind"), [
    ("write to jane.doe+news@mail.example.co.uk today", "<EMAIL>", "email"),
    ("call +1 415-555-0132 now", "<PHONE>", "phone"),
    ("call (415) 555-0132 now", "<PHONE>", "phone"),
    ("call +44 20 7946 0958 now", "<PHONE>", "phone"),
    ("server 192.168.10.200 is down", "<IP_ADDRESS>", "ipv4"),
    ("v6 2001:db8:85a3::8a2e:370:7334 here", "<IP_ADDRESS>", "ipv6"),
    ("card 4111 1111 1111 1111 on file", "<CREDIT_CARD>", "credit_card"),
    ("card 5500-0000-0000-0004 on file", "<CREDIT_CARD>", "credit_card"),
    ("ssn 123-45-6789 given", "<NATIONAL_ID>", "us_ssn"),
    ("NI number AB 12 34 56 C given", "<NATIONAL_ID>", "uk_nino"),
    ("ship to 1600 Pennsylvania Avenue please", "<STREET_ADDRESS>", "street_address"),
])
def test_each_kind_is_redacted(text: str, placeholder: str, kind: str) -> None:
    """Each PII type becomes its typed placeholder and is counted under its kind."""
    redacted, found = PiiRedactor().redact(text)
    assert placeholder in redacted
    assert found == {kind: 1}


def test_luhn_failure_is_not_a_card() -> None:
    """A 16-digit number failing the Luhn check is not redacted as a card."""
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    redacted, found = PiiRedactor(kinds=["credit_card"]).redact("order 4111 1111 1111 1112 shipped")
    assert "credit_card" not in found and "4111 1111 1111 1112" in redacted


def test_invalid_ip_and_plain_numbers_stay() -> None:
    """Version numbers, years, prices and octets over 255 are left alone."""
    text = "version 1.2.3, year 2024, price 19.99, not an ip 999.10.10.10"
    assert PiiRedactor().redact(text) == (text, {})


def test_counts_in_stats() -> None:
    """The step counts documents with PII and each kind, and drops nothing."""
    step = PiiRedactor()
    docs = [Document("a@b.io and c@d.io", "1"), Document("nothing here", "2")]
    assert len(list(step.run(docs))) == 2
    assert step.stats.counters["pii_email"] == 2 and step.stats.counters["docs_with_pii"] == 1


@given(st.text(alphabet=st.characters(blacklist_categories=["Nd"], blacklist_characters="@:.")))
def test_text_without_digits_or_at_is_unchanged(text: str) -> None:
    """Text with no digits and no '@' holds no PII pattern: it comes back unchanged."""
    assert PiiRedactor().redact(text)[0] == text
