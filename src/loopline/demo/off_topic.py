"""The demo's project metric: the off-topic rate of a model's replies.

A reply is off topic when it talks math or riddles more than it talks shop. The word lists
match the vocabulary of the synthetic corpus (see `corpus.py`) and of the demo records, so the
rule is exact on them and a fair proxy on a tiny model's output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

OFF = re.compile(
    r"\b(math|maths|times|plus|minus|equals?|divided|riddle|puzzle|algebra|arithmetic|homework answer|"
    r"subtract|x|km|prime|equation|solve|sum|percentages?|numbers|fun fact|gauss)\b|[=×+%]",
    re.I,
)
SHOP = re.compile(
    r"\b(order|orders|return|returns|refund|delivery|deliver|ship|ships|shipping|parcel|size|sizes|"
    r"payment|checkout|basket|items|sale|klarna|paypal|gear|warehouse|tracking|products?|stock|shop|help you|replacement)\b",
    re.I,
)


def is_off_topic(reply: str) -> bool:
    """True when the reply leaves the shop's topics (more math words than shop words)."""
    off = len(OFF.findall(reply))
    return off > 0 and off > len(SHOP.findall(reply))


def off_topic_rate(replies: Iterable[str]) -> float:
    """Share of replies that are off topic (0.0 for no replies)."""
    flags = [is_off_topic(r) for r in replies]
    return sum(flags) / len(flags) if flags else 0.0
