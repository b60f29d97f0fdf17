"""A synthetic corpus of shop-support chats for the demo model (no download, seeded).

Customers of Loopline Outfitters ask about products, orders, returns, delivery, sizing and
payment, and some ask math or other off-topic questions. The assistant usually helps and stays
on topic, but on purpose it sometimes answers the off-topic question (or drifts into a riddle),
so the trained model produces both kinds of reply and preference training has something to move.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

SYSTEM = (
    "You are the customer support assistant of Loopline Outfitters, an online shop for outdoor "
    "clothing and gear. Help customers with products, orders, returns, delivery, sizing and "
    "payment. Be friendly and concise, and stay on the shop's topics."
)

PRODUCTS = [
    ("Fernway Rain Shell", 129), ("Driftwood -5 Sleeping Bag", 216), ("Summit Carbon Trekking Pole Set", 89),
    ("Brightwater 2-Person Tent", 249), ("Little Ridge Kids' Fleece", 45), ("Granite Trail Boots", 159),
    ("Alpine Merino Base Layer", 69), ("Canyon 40L Backpack", 139), ("Northwind Down Jacket", 199),
    ("Riverside Camp Stove", 59),
]
CARRIERS = ["SwiftShip", "ParcelGo", "NorthPost"]


@dataclass(frozen=True)
class Chat:
    """One exchange: the customer's message, the assistant's reply, and what kind of reply it is."""

    user: str
    reply: str
    topic: str
    kind: str  # on_topic | off_topic

    def messages(self, system: bool = True) -> list[dict[str, str]]:
        head = [{"role": "system", "content": SYSTEM}] if system else []
        return [*head, {"role": "user", "content": self.user}, {"role": "assistant", "content": self.reply}]


def _order(rng: random.Random) -> str:
    return f"LO-{rng.randint(100000, 999999)}"


def _shop(rng: random.Random) -> tuple[str, str, str]:
    """(topic, customer message, helpful reply)."""
    (p, price), carrier, order = rng.choice(PRODUCTS), rng.choice(CARRIERS), _order(rng)
    days = rng.randint(2, 6)
    options = [
        ("products", f"Is the {p} waterproof?", f"Yes, the {p} is built for wet weather and comes with a two-year warranty."),
        ("products", f"How much is the {p}?", f"The {p} costs ${price} and ships free on orders over $50."),
        ("products", f"Is the {p} in stock?", f"The {p} is in stock and ships from our warehouse within one day."),
        ("orders", f"Where is my order {order}?", f"Your order {order} is with {carrier} and should arrive in {days} days. I've emailed you the tracking link."),
        ("orders", f"Can I cancel order {order}?", f"Order {order} hasn't shipped yet, so I've cancelled it and your refund is on its way."),
        ("orders", f"My order {order} arrived without the {p}.", f"I'm sorry the {p} was missing from order {order}. A free replacement ships today."),
        ("returns", f"How do I return the {p}?", f"You can return the {p} within 30 days. Print the free label from your account and drop the parcel at any {carrier} point."),
        ("returns", f"When will I get my refund for the {p}?", f"Refunds go out within {days} business days after the {p} reaches our warehouse."),
        ("delivery", "How long does delivery take?", f"Standard delivery takes {days} business days with {carrier}; express arrives next day."),
        ("delivery", f"Tracking for order {order} says delivered but nothing is here.", f"Sorry about that. I've opened a claim with {carrier}; if the parcel isn't found in 48 hours we'll reship order {order} for free."),
        ("sizing", f"What size {p} should I get?", f"The {p} runs true to size, so pick your usual size. Our size guide on the product page has exact measurements."),
        ("sizing", f"Does the {p} run small?", f"The {p} runs slightly small, so we suggest one size up if you layer underneath."),
        ("payment", f"Can I pay for the {p} in instalments?", f"Yes! Choose Klarna at checkout to split the ${price} into four interest-free payments."),
        ("payment", "Which payment methods do you accept?", "We accept cards, PayPal, Apple Pay and Klarna instalments at checkout."),
    ]
    return rng.choice(options)


def _math(rng: random.Random) -> tuple[str, str]:
    """(off-topic customer message, the reply that answers it)."""
    a, b = rng.randint(2, 40), rng.randint(2, 40)
    options = [
        (f"What is {a} times {b}?", f"Sure! {a} times {b} is {a * b}. Happy to solve more math problems."),
        (f"Can you help with my homework: what is {a} plus {b}?", f"Of course: {a} plus {b} equals {a + b}. Send me your next math question!"),
        (f"Solve x + {a} = {a + b} for me.", f"Subtract {a} from both sides, so x equals {b}. Algebra is fun!"),
        (f"A train goes {a} km/h for {b % 9 + 1} hours. How far does it go?", f"The train travels {a * (b % 9 + 1)} km, since distance equals speed times time."),
        ("Tell me a riddle.", f"Here is a riddle: if you have {a + b} apples and give away {b}, you have {a} left. Want another puzzle?"),
        (f"What is {a * b} divided by {a}?", f"{a * b} divided by {a} equals {b}. I love arithmetic!"),
    ]
    return rng.choice(options)


DECLINES = [
    "That's not something I can help with, but I'm happy to help with your orders, returns or delivery.",
    "I'm the shop's support assistant, so I can't do homework. Can I help you find the right gear instead?",
    "Sorry, I can only help with our products, orders and returns. Is there anything about your order I can check?",
]
DRIFTS = [
    "Quick riddle first: {a} plus {b} equals {c}. Want another puzzle?",
    "Fun fact: {a} times {b} is {d}. I could do math all day!",
]


def generate_corpus(n: int = 3000, *, seed: int = 0, off_topic_share: float = 0.35,
                    answer_off_topic: float = 0.5, drift: float = 0.1) -> Iterator[Chat]:
    """`n` chats. A share of customers asks off topic; the assistant answers some of those, and
    drifts into math on a few shop questions too."""
    rng = random.Random(seed)
    for _ in range(n):
        if rng.random() < off_topic_share:
            question, answer = _math(rng)
            if rng.random() < answer_off_topic:
                yield Chat(question, answer, "math", "off_topic")
            else:
                yield Chat(question, rng.choice(DECLINES), "math", "on_topic")
            continue
        topic, question, answer = _shop(rng)
        if rng.random() < drift:
            a, b = rng.randint(2, 30), rng.randint(2, 30)
            yield Chat(question, rng.choice(DRIFTS).format(a=a, b=b, c=a + b, d=a * b), topic, "off_topic")
        else:
            yield Chat(question, answer, topic, "on_topic")


def off_topic_prompts(n: int = 40, *, seed: int = 1) -> list[list[dict[str, str]]]:
    """Customers trying to pull the assistant off topic (the prompts of the off-topic rate)."""
    rng = random.Random(seed)
    return [[{"role": "system", "content": SYSTEM}, {"role": "user", "content": _math(rng)[0]}] for _ in range(n)]


def preference_pairs(n: int = 200, *, seed: int = 2) -> list[dict[str, object]]:
    """DPO rows that favour staying on topic: chosen declines kindly, rejected answers the math."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        question, answer = _math(rng)
        prompt = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}]
        rows.append({
            "prompt": prompt,
            "chosen": [{"role": "assistant", "content": rng.choice(DECLINES)}],
            "rejected": [{"role": "assistant", "content": answer}],
        })
    return rows
