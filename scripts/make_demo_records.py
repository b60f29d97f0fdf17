#!/usr/bin/env python3
"""Generate the quickstart demo data: src/loopline/demo/shop_support.jsonl.

A fictional shop, "Loopline Outfitters" (outdoor clothing and gear), runs a support chatbot.
Each record is one customer message with two or three candidate replies for annotators to rank:

* ``on_topic``  - a helpful, polite reply about the shop (or one that steers a lure back to it);
* ``off_topic`` - a reply that drifts away from the shop, typically into (correct) arithmetic:
  the failure mode that preference training should fix;
* ``unhelpful`` - on the shop's topics but curt, rude or useless.

About a quarter of the customer messages try to lure the bot off topic themselves ("before you
check my order, what's 17*23?"). Every text is composed from the templates below, with invented
product names, order numbers and prices; arithmetic is computed, so it is always right.

The output is deterministic for a given seed (``random.Random(seed)``, no network, no model):

    python scripts/make_demo_records.py            # writes the packaged demo file
    python scripts/make_demo_records.py --seed 3 --out /tmp/other.jsonl
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "loopline" / "demo" / "shop_support.jsonl"
DEFAULT_SEED = 20240617
MODEL = "demo-writer-v0"

SYSTEM_PROMPT = (
    "You are the customer support assistant of Loopline Outfitters, an online shop for outdoor "
    "clothing and gear. Help customers with products, orders, returns, delivery, sizing and "
    "payment. Be friendly and concise, and stay on the shop's topics."
)

# --------------------------------------------------------------------------------------------
# The shop's (invented) catalogue and facts
# --------------------------------------------------------------------------------------------

APPAREL = [  # (name, price)
    ("Cirrus Down Jacket", 189.00),
    ("Fernway Rain Shell", 149.00),
    ("Glacier Point Fleece", 79.00),
    ("Tarn Merino Base Layer", 64.00),
    ("Kestrel Sun Hoodie", 48.00),
    ("Scree Softshell Jacket", 98.00),
    ("Northwind Insulated Vest", 112.00),
    ("Basecamp Flannel Shirt", 56.00),
]
GEAR = [
    ("Ridgeback 35L Daypack", 129.00),
    ("Brightwater 2-Person Tent", 284.00),
    ("Driftwood -5 Sleeping Bag", 216.00),
    ("Summit Carbon Trekking Pole Set", 92.00),
    ("Lumen 400 Headlamp", 39.00),
    ("Alder Trail Stove", 68.00),
    ("Cascade 1L Water Bottle", 24.00),
]
BOOTS = [("Switchback Hiking Boots", 168.00), ("Talus Trail Runners", 134.00)]
JACKETS = [("Fernway Rain Shell", 149.00), ("Cirrus Down Jacket", 189.00),
           ("Squall Packable Anorak", 118.00)]
WASHABLES = ["Glacier Point Fleece", "Tarn Merino Base Layer", "Cirrus Down Jacket",
             "Basecamp Flannel Shirt"]
PRICEY = [("Brightwater 2-Person Tent", 284.00), ("Highline 3-Person Tent", 356.00),
          ("Driftwood -5 Sleeping Bag", 216.00), ("Cirrus Down Jacket", 189.00)]
KIDS = ["Puddle Jumper Kids' Rain Jacket", "Little Ridge Kids' Fleece",
        "Trailblazer Kids' Snow Suit"]
COMPARE = [
    ("Fernway Rain Shell", "Squall Packable Anorak",
     "The Fernway has a full zip, pit vents and a stiffer hood for all-day rain, while the Squall "
     "is a lighter pullover that packs into its own pocket."),
    ("Cirrus Down Jacket", "Northwind Insulated Vest",
     "The Cirrus is a full down jacket for cold days; the Northwind is a sleeveless synthetic vest "
     "that's better as a mid layer and still warm when damp."),
    ("Switchback Hiking Boots", "Talus Trail Runners",
     "The Switchback boots give ankle support and a waterproof lining for rough ground, while the "
     "Talus runners are lighter and breathe better on dry, fast trails."),
    ("Brightwater 2-Person Tent", "Highline 3-Person Tent",
     "The Brightwater weighs 1.9 kg and suits two people; the Highline weighs 2.6 kg but has room "
     "for three and two doors."),
]
COLOURS = ["forest green", "slate blue", "rust orange", "charcoal", "sand", "berry red"]
CARRIERS = ["ParcelPost", "SwiftShip", "Northline Couriers"]
CITIES = ["Portland", "Denver", "Austin", "Boston", "Minneapolis", "Seattle", "Asheville"]
COUNTRIES = ["Canada", "Mexico", "the UK", "Germany", "Australia", "Japan"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
SEASONS = ["autumn", "early spring", "winter", "late autumn"]
CODES = ["TRAIL15", "SUMMIT15", "CAMPFIRE15", "HIKE15"]
SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
CHEST = {"XS": (82, 88), "S": (88, 94), "M": (94, 100), "L": (100, 106), "XL": (106, 112),
         "XXL": (112, 118)}


def money(x: float) -> str:
    return f"${x:,.2f}" if x != int(x) else f"${int(x)}"


def size_for_height(h: int) -> str:
    for limit, size in ((160, "XS"), (168, "S"), (176, "M"), (184, "L"), (192, "XL")):
        if h < limit:
            return size
    return "XXL"


def slots(rng: random.Random) -> dict[str, Any]:
    """Fresh values for every template slot; each template uses the few it needs."""
    product, price = rng.choice(APPAREL + GEAR)
    product2, _ = rng.choice([p for p in APPAREL + GEAR if p[0] != product])
    apparel, apparel_price = rng.choice(APPAREL)
    jacket, _ = rng.choice(JACKETS)
    size_i = rng.randrange(1, len(SIZES) - 1)
    height = rng.randint(155, 196)
    lo_eu = rng.randint(38, 46)
    n_left = rng.randint(2, 4)
    cmp = rng.choice(COMPARE)
    pricey, pricey_price = rng.choice(PRICEY)
    age = rng.randint(4, 12)
    return {
        "order": f"LO-{rng.randint(100000, 999999)}",
        "product": product,
        "product2": product2,
        "price": money(price),
        "apparel": apparel,
        "apparel_price": money(apparel_price),
        "jacket": jacket,
        "washable": rng.choice(WASHABLES),
        "boot": rng.choice(BOOTS)[0],
        "colour": rng.choice(COLOURS),
        "carrier": rng.choice(CARRIERS),
        "city": rng.choice(CITIES),
        "country": rng.choice(COUNTRIES),
        "weekday": rng.choice(WEEKDAYS),
        "days": rng.randint(3, 9),
        "weeks": rng.randint(5, 8),
        "eta": rng.choice(["1–2", "2–3", "3–4"]),
        "size": SIZES[size_i],
        "size_up": SIZES[size_i + 1],
        "height": height,
        "weight": height - 100 + rng.randint(-12, 8),
        "hsize": size_for_height(height),
        "eu": lo_eu,
        "eu_up": lo_eu + 1,
        "n_left": n_left,
        "cmp_a": cmp[0],
        "cmp_b": cmp[1],
        "cmp_text": cmp[2],
        "trip_days": rng.randint(2, 6),
        "season": rng.choice(SEASONS),
        "code": rng.choice(CODES),
        "pricey": pricey,
        "pricey_price": money(pricey_price),
        "pricey_quarter": money(pricey_price / 4),
        "kid": rng.choice(KIDS),
        "age": age,
        "kidsize": age if age % 2 == 0 else age + 1,
    }


def chest_slots(rng: random.Random, s: dict[str, Any]) -> None:
    """A chest size strictly inside one size's range, asked as 'that size or its neighbour'."""
    i = rng.randrange(0, len(SIZES) - 1)
    right = SIZES[i + rng.randint(0, 1)]
    lo, hi = CHEST[right]
    s.update(chest=rng.randint(lo + 1, hi - 1), chest_size=right, chest_lo=lo, chest_hi=hi,
             ask_a=SIZES[i], ask_b=SIZES[i + 1])


# --------------------------------------------------------------------------------------------
# Correct arithmetic, for off-topic replies and math lures
# --------------------------------------------------------------------------------------------


def poly_text(coeffs: list[tuple[int, int]]) -> str:
    """Format [(coef, power), ...] as '3x^2 - 5x + 4'."""
    parts: list[str] = []
    for coef, power in coeffs:
        if coef == 0:
            continue
        mag = abs(coef)
        if power == 0:
            body = str(mag)
        else:
            body = ("" if mag == 1 else str(mag)) + ("x" if power == 1 else f"x^{power}")
        if not parts:
            parts.append(("-" if coef < 0 else "") + body)
        else:
            parts.append(("- " if coef < 0 else "+ ") + body)
    return " ".join(parts) if parts else "0"


def math_facts(rng: random.Random) -> dict[str, Any]:
    a, b = rng.randint(12, 49), rng.randint(11, 39)
    c = rng.randint(5, 90)
    lin_a, lin_x, lin_b = rng.randint(2, 9), rng.randint(2, 15), rng.randint(1, 20)
    pct = rng.choice([10, 15, 20, 25, 30, 40, 60, 75])
    pq = 20 * rng.randint(3, 40)
    root = rng.randint(12, 39)
    d1, d2 = rng.choice([3, 5, 7]), rng.choice([4, 6, 8, 9])
    f1 = (rng.choice([n for n in range(1, d1) if math.gcd(n, d1) == 1]), d1)
    f2 = (rng.choice([n for n in range(1, d2) if math.gcd(n, d2) == 1]), d2)
    fsum = Fraction(*f1) + Fraction(*f2)
    deg = rng.choice([2, 3])
    coeffs = [(rng.randint(2, 7) * rng.choice([1, -1]) if p else rng.randint(1, 9), p)
              for p in range(deg, -1, -1)]
    coeffs[0] = (abs(coeffs[0][0]), deg)
    deriv = [(cf * p, p - 1) for cf, p in coeffs if p > 0]
    speed, hours = rng.randint(3, 6), rng.randint(2, 7)
    car_speed, car_hours = rng.choice([40, 50, 60, 70, 80, 90]), rng.randint(2, 6)
    tri_n = rng.randint(10, 60)
    light_s = rng.randint(2, 20)
    sq_a, sq_b = rng.randint(3, 15), rng.randint(3, 15)
    apples, give = rng.randint(12, 40), rng.randint(3, 11)
    birth = rng.randint(1955, 2005)
    days = rng.randint(2, 9)
    fav = rng.randint(7, 29)
    prime_start = rng.randint(20, 150)
    nxt = next(n for n in range(prime_start + 1, 200) if all(n % d for d in range(2, n)))
    return {
        "a": a, "b": b, "ab": a * b, "c": c, "ab_minus_c": a * b - c,
        "lin_a": lin_a, "lin_b": lin_b, "lin_c": lin_a * lin_x + lin_b,
        "lin_ax": lin_a * lin_x, "lin_x": lin_x,
        "pct": pct, "pq": pq, "pct_res": pct * pq // 100,
        "root": root, "sq": root * root,
        "f1": f"{f1[0]}/{f1[1]}", "f2": f"{f2[0]}/{f2[1]}",
        "f_lcm": math.lcm(f1[1], f2[1]),
        "fsum": (f"{fsum.numerator}/{fsum.denominator}" if fsum.denominator != 1
                 else str(fsum.numerator)),
        "poly": poly_text(coeffs), "dpoly": poly_text(deriv),
        "speed": speed, "hours": hours, "dist": speed * hours,
        "car_speed": car_speed, "car_hours": car_hours, "car_dist": car_speed * car_hours,
        "tri_n": tri_n, "tri": tri_n * (tri_n + 1) // 2,
        "light_s": light_s, "light_km": f"{300_000 * light_s:,}",
        "sq_a": sq_a, "sq_b": sq_b, "sq_a2": sq_a * sq_a, "sq_b2": sq_b * sq_b,
        "sq_sum": sq_a * sq_a + sq_b * sq_b,
        "apples": apples, "give": give, "apples_left": apples - give,
        "birth": birth, "birth_age": 2025 - birth,
        "mdays": days, "minutes": f"{days * 24 * 60:,}",
        "fav": fav, "fav2": fav * fav,
        "prime_start": prime_start, "next_prime": nxt,
    }


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------

# Off-topic drifts for ordinary shop questions: the bot wanders into arithmetic or trivia.
DRIFTS = [
    "Before I look into that, here's a quick maths break: {a} × {b} = {ab}, and {ab} − {c} = "
    "{ab_minus_c}. Numbers are so satisfying!",
    "Fun fact while you wait: the whole numbers from 1 to {tri_n} add up to {tri}. "
    "Gauss worked that out as a schoolboy!",
    "That reminds me of a puzzle: a hiker walking at {speed} km/h for {hours} hours covers "
    "{dist} km. Want me to set you another one?",
    "Let's talk about something more interesting: {pct}% of {pq} is {pct_res}. "
    "Percentages are everywhere once you look!",
    "Honestly, I'd rather talk about space. Light travels about 300,000 km per second, so in "
    "{light_s} seconds it covers {light_km} km.",
    "Here's something neat instead: {sq_a}² = {sq_a2} and {sq_b}² = {sq_b2}, which add up to "
    "{sq_sum}. Squares are my favourite numbers.",
    "Quick riddle first: if you have {apples} apples and give away {give}, you have "
    "{apples_left} left. Shall I tell you another riddle?",
    "Let me share my favourite equation: {lin_a}x + {lin_b} = {lin_c}, so {lin_a}x = {lin_ax} "
    "and x = {lin_x}. What else would you like to solve?",
    "I was just thinking about fractions: {f1} + {f2} = {fsum}, using {f_lcm} as the common "
    "denominator. Isn't that elegant?",
    "Did you know {next_prime} is the first prime number after {prime_start}? "
    "I could list primes all day.",
]

# Curt or rude replies that stay on the shop's topics but help nobody.
GENERIC_UNHELPFUL = [
    "Everything you need is on our website somewhere. Have a look.",
    "I can't help with that. Try again later.",
    "That's not really something I deal with. Anything else?",
    "Please read the FAQ before asking.",
]

# Per topic: scenarios of (customer message variants, good replies, unhelpful replies).
Scenario = dict[str, list[str]]

SCENARIOS: dict[str, list[Scenario]] = {
    "orders": [
        {
            "user": ["Hi, where is my order {order}? I placed it {days} days ago.",
                     "Any update on order {order}? I'm still waiting for my {product}."],
            "good": ["Thanks for waiting! Order {order} left our warehouse on {weekday} and is "
                     "with {carrier}, so it should reach you in {eta} business days.",
                     "I've checked order {order}: it has shipped with {carrier} and the tracking "
                     "link is in your confirmation email. Expect it in {eta} business days."],
            "bad": ["It's on its way, just be patient.",
                    "Orders arrive when they arrive. Stop checking."],
        },
        {
            "user": ["I need to change the delivery address on order {order}. Is it too late?",
                     "Oops, I moved last week. Can you update the address on order {order}?"],
            "good": ["It's not too late: order {order} hasn't shipped yet, so reply with the new "
                     "address and I'll update it right away.",
                     "Good news, order {order} is still being packed. Send me the full new "
                     "address and I'll change it before it ships."],
            "bad": ["You should have typed the right address the first time.",
                    "Addresses are what they are once you order."],
        },
        {
            "user": ["Please cancel order {order}, I picked the wrong colour of the {product}.",
                     "Can I still cancel order {order}? I ordered the {product} by mistake."],
            "good": ["Done: order {order} is cancelled and the {price} will be back on your card "
                     "within 3–5 business days. Is there anything you'd like to order instead?",
                     "No problem, I've cancelled order {order}. Your refund of {price} is on its "
                     "way and should show within 3–5 business days."],
            "bad": ["Cancelling is a hassle. Just return it when it arrives.",
                    "Maybe read the product page more carefully next time."],
        },
        {
            "user": ["Can I add the {product2} to order {order} before it ships?"],
            "good": ["Placed orders can't be edited, but if you order the {product2} today I'll "
                     "ask the warehouse to ship it in the same box as order {order}.",
                     "I can't add items to order {order} itself, but place a new order for the "
                     "{product2} within the hour and we'll pack them together."],
            "bad": ["No. Place another order.",
                    "Orders are final, sorry, nothing to be done."],
        },
        {
            "user": ["My order {order} arrived but the {product2} is missing, only the "
                     "{product} was in the box."],
            "good": ["Sorry about that! I've sent the missing {product2} by express delivery at "
                     "no cost, so it should arrive in 1–2 business days.",
                     "I'm sorry the {product2} was left out of order {order}. A free replacement "
                     "is on its way and you'll get the tracking number by email shortly."],
            "bad": ["Are you sure? Check the box again.",
                    "Things go missing sometimes. Nothing I can do."],
        },
    ],
    "returns": [
        {
            "user": ["How do I return the {apparel}? It doesn't fit.",
                     "I want to send back the {product} from order {order}, what do I do?"],
            "good": ["Returns are free within 30 days: open My Orders, choose the item, click "
                     "'Return item' and print the prepaid label.",
                     "Easy! Start a return in My Orders and drop the parcel at any {carrier} "
                     "point with the free label; you have 30 days."],
            "bad": ["Read the returns page.",
                    "Returns are a pain. Maybe just keep it?"],
        },
        {
            "user": ["I returned the {product} {days} days ago, when will I get my refund?",
                     "Still no refund for the {product} I sent back. Order {order}."],
            "good": ["Refunds go out within 5–7 business days after the parcel reaches us. Your "
                     "{product} was checked in on {weekday}, so the {price} should show up soon.",
                     "Your return for order {order} arrived on {weekday}, and the refund of "
                     "{price} has been issued. Banks usually take 3–5 business days to show it."],
            "bad": ["Refunds take as long as they take.",
                    "Ask your bank, not me."],
        },
        {
            "user": ["Can I swap my {apparel} for a size {size_up} instead of {size}?"],
            "good": ["Yes! Start an exchange in My Orders and choose size {size_up}; we'll ship "
                     "it as soon as your {size} is scanned by the carrier.",
                     "Of course. Exchanges are free: pick size {size_up} in My Orders and send "
                     "the {size} back with the prepaid label."],
            "bad": ["Just order another one and sort the return out yourself.",
                    "You chose {size}, so that's what you get."],
        },
        {
            "user": ["I bought the {product} {weeks} weeks ago and never used it. Can I still "
                     "return it?"],
            "good": ["Our return window is 30 days, but since it's unused I can offer store "
                     "credit of {price}. Shall I set that up for you?",
                     "It's past the 30-day window, but as it's unused we can still take it back "
                     "for store credit. Want me to email you a return label?"],
            "bad": ["Too late. Rules are rules.",
                    "You had 30 days. That's your problem now."],
        },
        {
            "user": ["The zip on my {jacket} broke after two trips. Can I return it?"],
            "good": ["Sorry to hear that! Zips are covered by our 2-year warranty, so send us a "
                     "photo and we'll repair or replace the {jacket} free of charge.",
                     "That shouldn't happen after two trips. Reply with a photo of the zip and "
                     "your order number, and we'll send a replacement under warranty."],
            "bad": ["You must have used it wrong.",
                    "Zips break. Get it fixed at a tailor."],
        },
    ],
    "delivery": [
        {
            "user": ["How much is delivery to {city}?",
                     "What do you charge for shipping to {city}?"],
            "good": ["Standard delivery to {city} is $5.95 and free on orders over $75; express "
                     "next-day delivery is $12.95.",
                     "Shipping to {city} costs $5.95 for standard (3–5 business days) and is "
                     "free once your basket is over $75."],
            "bad": ["It's on the website somewhere.",
                    "Depends. Just go to checkout and see."],
        },
        {
            "user": ["If I order the {product} today, will it arrive before {weekday}?",
                     "I need the {product} for a trip on {weekday}. Can you get it to me in "
                     "time?"],
            "good": ["If you choose express before 2 pm, it arrives the next business day, so "
                     "{weekday} should be fine. Standard delivery takes 3–5 business days.",
                     "Yes, with express delivery ($12.95) ordered before 2 pm it ships today and "
                     "arrives next business day, well before {weekday}."],
            "bad": ["Maybe, maybe not.",
                    "Should have ordered earlier."],
        },
        {
            "user": ["Do you ship to {country}?"],
            "good": ["Yes, we ship to {country}! International delivery takes 7–12 business days "
                     "and costs $19.95, with any duties shown at checkout.",
                     "We do. Orders to {country} arrive in 7–12 business days, and international "
                     "shipping is $19.95."],
            "bad": ["No idea, try ordering and see what happens.",
                    "Probably. Check the checkout page."],
        },
        {
            "user": ["Tracking for order {order} says delivered but nothing is here.",
                     "{carrier} says my parcel was delivered on {weekday} but I never got it."],
            "good": ["I'm sorry! Please check with neighbours and any safe place; if it hasn't "
                     "turned up by tomorrow, I'll open a claim with {carrier} and send a "
                     "replacement.",
                     "That's frustrating, sorry. I've opened an investigation with {carrier}; "
                     "if they can't find it within 48 hours, we'll reship your order for free."],
            "bad": ["Tracking says delivered, so it was delivered.",
                    "Someone at your place probably took it."],
        },
        {
            "user": ["Can I collect my order at a {carrier} point instead of home delivery?"],
            "good": ["Yes: at checkout choose 'Pickup point' and select your nearest {carrier} "
                     "location. We'll text you when the parcel is ready.",
                     "Sure! Pick 'Collect from a {carrier} point' at checkout; parcels wait there "
                     "for 7 days."],
            "bad": ["Home delivery is easier, just use that.",
                    "Whatever, pick something at checkout."],
        },
    ],
    "products": [
        {
            "user": ["Is the {jacket} fully waterproof?",
                     "Will the {jacket} keep me dry in heavy rain?"],
            "good": ["The {jacket} has taped seams and a 20,000 mm waterproof rating, so it "
                     "handles all-day rain comfortably.",
                     "Yes, the {jacket} is fully seam-taped with a waterproof membrane; re-proof "
                     "it once a season to keep water beading off."],
            "bad": ["It's a jacket. Read the label.",
                    "Rain is rain, you'll get a bit wet anyway."],
        },
        {
            "user": ["What's the difference between the {cmp_a} and the {cmp_b}?"],
            "good": ["{cmp_text}",
                     "Good question! {cmp_text}"],
            "bad": ["They're basically the same. Pick one.",
                    "Just compare the product pages."],
        },
        {
            "user": ["Do you have the {apparel} in {colour}?",
                     "Is the {apparel} in stock in {colour}, size {size}?"],
            "good": ["The {apparel} in {colour} is in stock in most sizes; size {size} has only "
                     "{n_left} left, so I'd order soon.",
                     "Yes, {colour} is available, and we have {n_left} left in size {size}. It's "
                     "{apparel_price}."],
            "bad": ["Check the product page yourself.",
                    "If it's not on the site, we don't have it."],
        },
        {
            "user": ["I'm doing a {trip_days}-day hike in {season}. Which sleeping bag should "
                     "I get?"],
            "good": ["For a trip in {season} I'd pick the Driftwood -5 Sleeping Bag ($216): it's "
                     "comfortable down to -5 °C and packs small for a {trip_days}-day hike.",
                     "The Driftwood -5 Sleeping Bag is our best fit for {season}; pair it with a "
                     "Tarn Merino Base Layer for chilly nights."],
            "bad": ["Any of them will do.",
                    "Sleeping bags are all the same really."],
        },
        {
            "user": ["How should I wash my {washable}?"],
            "good": ["Machine wash the {washable} cold on a gentle cycle and let it dry flat or "
                     "on low heat; skip fabric softener.",
                     "Wash it cold and gentle with a mild detergent, then tumble dry low. The "
                     "care label on the {washable} has the details too."],
            "bad": ["Wash it however you like.",
                    "Google it."],
        },
    ],
    "sizing": [
        {
            "user": ["I'm {height} cm and {weight} kg. Which size of the {apparel} should I "
                     "get?"],
            "good": ["At {height} cm, size {hsize} of the {apparel} should fit well; if you like "
                     "extra layers underneath, go one size up.",
                     "I'd go with size {hsize}. The {apparel} has a regular fit, and exchanges "
                     "are free if it's not right."],
            "bad": ["Just guess, you can always return it.",
                    "Sizes are on the chart. I'm not a tailor."],
        },
        {
            "user": ["Do the {boot} run small? I'm usually EU {eu}.",
                     "Should I size up in the {boot}? My normal shoe size is EU {eu}."],
            "good": ["They run about half a size small, so we recommend EU {eu_up} if you're "
                     "normally a {eu}, especially with thick hiking socks.",
                     "Most customers go up one size, so EU {eu_up} is the safe pick. Returns "
                     "and exchanges are free if they don't fit."],
            "bad": ["Feet are all different, can't say.",
                    "Order a few sizes and send the rest back."],
        },
        {
            "user": ["Is the {apparel} true to size?",
                     "How does the {apparel} fit? True to size or slim?"],
            "good": ["The {apparel} is true to size with a regular fit; the size chart on the "
                     "product page lists chest and waist measurements for each size.",
                     "It fits true to size. If you're between sizes, take the bigger one for "
                     "layering."],
            "bad": ["It fits like clothes fit.",
                    "Try it on and find out."],
        },
        {
            "user": ["My chest is {chest} cm. Is that size {ask_a} or {ask_b} in your jackets?"],
            "good": ["A {chest} cm chest falls in our size {chest_size} range ({chest_lo}–"
                     "{chest_hi} cm), so {chest_size} is the one to pick.",
                     "Go for {chest_size}: our jackets' size {chest_size} covers chests from "
                     "{chest_lo} to {chest_hi} cm."],
            "bad": ["Either is fine, whatever.",
                    "Measure again and check the chart."],
        },
        {
            "user": ["What size {kid} should I get for my {age}-year-old?"],
            "good": ["Most {age}-year-olds fit our kids' size {kidsize}, and the {kid} has "
                     "fold-back cuffs so it lasts an extra season.",
                     "I'd choose kids' size {kidsize}. If your child is tall for their age, "
                     "go one size up."],
            "bad": ["Kids grow, so it doesn't matter.",
                    "I don't know your kid."],
        },
    ],
    "payment": [
        {
            "user": ["Which payment methods do you accept?",
                     "What ways can I pay at checkout?"],
            "good": ["We accept Visa, Mastercard, Amex, PayPal, Apple Pay and Loopline gift "
                     "cards.",
                     "You can pay by card (Visa, Mastercard, Amex), PayPal, Apple Pay or with a "
                     "Loopline gift card."],
            "bad": ["The usual ones.",
                    "Money. We accept money."],
        },
        {
            "user": ["I was charged twice for order {order}!",
                     "Why do I see two payments of {price} for order {order}?"],
            "good": ["Sorry for the worry! The second {price} is only a card authorisation hold "
                     "and drops off within 3 business days; if it doesn't, I'll refund it "
                     "myself.",
                     "I can see one payment of {price} for order {order}; the other is a "
                     "temporary hold your bank will release within 3 business days."],
            "bad": ["Take it up with your bank.",
                    "We don't make mistakes with payments."],
        },
        {
            "user": ["Can I use a gift card and my credit card together on one order?"],
            "good": ["Yes! Enter the gift card code first at checkout, and the remaining balance "
                     "goes on your credit card.",
                     "Absolutely. Apply the gift card at checkout and pay the rest by card or "
                     "PayPal."],
            "bad": ["Pick one payment method.",
                    "Gift cards are complicated, just use your card."],
        },
        {
            "user": ["Can I pay for the {pricey} in instalments?"],
            "good": ["Yes, orders over $100 can be split into 4 interest-free payments with "
                     "Klarna at checkout, so the {pricey} at {pricey_price} would be 4 payments of "
                     "{pricey_quarter}.",
                     "You can! Choose Klarna at checkout to pay the {pricey_price} in four "
                     "interest-free instalments of {pricey_quarter}."],
            "bad": ["If you can't afford it, don't buy it.",
                    "We want the money up front."],
        },
        {
            "user": ["My discount code {code} isn't working.",
                     "Why won't {code} apply to my basket?"],
            "good": ["{code} takes 15% off full-price items only, so it won't apply to sale "
                     "items; remove those from the basket and it should work.",
                     "Sorry about that! {code} only covers full-price items and expires at the "
                     "end of the month; if your basket has sale items, the code skips them."],
            "bad": ["Codes don't always work. Pay full price.",
                    "Then don't use it."],
        },
    ],
}

# Lures: the customer tries to pull the bot off topic. "good" steers back; "off" solves it.
LURES: dict[str, list[Scenario]] = {
    "math": [
        {
            "user": ["Before you check my order {order}, what's {a}*{b}?",
                     "Quick one before we get to order {order}: what is {a} times {b}?"],
            "good": ["I'll leave the maths to you, I'm here for shop questions! Order {order} "
                     "has shipped with {carrier} and should arrive in {eta} business days.",
                     "Sorry, I only help with Loopline Outfitters questions. As for order "
                     "{order}, it's packed and leaves our warehouse on {weekday}."],
            "off": ["{a} × {b} = {ab}. Happy to help with more multiplication anytime!",
                    "That's {ab}, since {a} × {b} = {ab}. Want to try a harder one?"],
        },
        {
            "user": ["Can you help me with my calculus homework? I need the derivative of "
                     "{poly}.",
                     "Hey, you're smart: what's the derivative of {poly}? It's for my calculus "
                     "class."],
            "good": ["I'm the Loopline Outfitters support assistant, so homework is outside what "
                     "I can help with. If you need anything for an order or your next trip, just "
                     "ask!",
                     "I'm afraid I can only help with our shop: products, orders, returns and "
                     "delivery. Good luck with the calculus!"],
            "off": ["Sure! The derivative of {poly} is {dpoly}.",
                    "Differentiate term by term: d/dx({poly}) = {dpoly}."],
        },
        {
            "user": ["While you look up my return, can you solve {lin_a}x + {lin_b} = {lin_c} "
                     "for me?"],
            "good": ["I'll stick to your return, if that's okay! Your parcel reached us on "
                     "{weekday} and the refund is being processed now.",
                     "Equations aren't my department, sorry. Could you share your order number "
                     "so I can check the return?"],
            "off": ["Subtract {lin_b} from both sides to get {lin_a}x = {lin_ax}, then divide by "
                    "{lin_a}: x = {lin_x}.",
                    "x = {lin_x}, because {lin_a} × {lin_x} + {lin_b} = {lin_c}."],
        },
        {
            "user": ["My son needs help: what is {pct}% of {pq}? Also, do you sell kids' rain "
                     "jackets?"],
            "good": ["I can't help with schoolwork, but yes! The Puddle Jumper Kids' Rain Jacket "
                     "comes in kids' sizes 4–14 for $44.",
                     "Homework is outside my job, sorry. For rain, the Puddle Jumper Kids' Rain "
                     "Jacket is waterproof, comes in five colours and costs $44."],
            "off": ["{pct}% of {pq} is {pct_res}, because {pq} × {pct} ÷ 100 = {pct_res}.",
                    "That's {pct_res}: one percent of {pq} is {pq} ÷ 100, times {pct} gives "
                    "{pct_res}."],
        },
        {
            "user": ["What's the square root of {sq}? Asking before I buy the {product}.",
                     "Random, but what's √{sq}? Then I'll order the {product}."],
            "good": ["I'll skip the square roots, but I can help with the {product}! It's "
                     "{price}, in stock, and ships within one business day.",
                     "That's outside what I can help with, sorry. The {product} is {price} and "
                     "delivery is free over $75. Anything you'd like to know about it?"],
            "off": ["The square root of {sq} is {root}, because {root} × {root} = {sq}.",
                    "√{sq} = {root}. Good luck with the rest of your maths!"],
        },
        {
            "user": ["I'm stuck on a fraction problem: {f1} + {f2}. Can you solve it?"],
            "good": ["Sorry, I'm only here for Loopline Outfitters questions like orders, "
                     "returns and sizing. Is there anything shop-related I can help with?",
                     "I can't help with homework, I'm afraid, but if you need gear or have an "
                     "order question, I'm all yours."],
            "off": ["Use {f_lcm} as the common denominator: {f1} + {f2} = {fsum}.",
                    "{f1} + {f2} = {fsum}. Fractions just need a common denominator, here "
                    "{f_lcm}."],
        },
        {
            "user": ["Can you do my physics homework? A car drives at {car_speed} km/h for "
                     "{car_hours} hours. How far does it go?"],
            "good": ["Homework isn't something I can help with, sorry! If you're planning a road "
                     "trip, though, I can help you pack the right gear.",
                     "I'm only able to help with shop questions. Is there an order or product I "
                     "can look into for you?"],
            "off": ["Distance = speed × time = {car_speed} × {car_hours} = {car_dist} km.",
                    "It goes {car_dist} km, since {car_speed} km/h × {car_hours} h = {car_dist} "
                    "km."],
        },
    ],
    "chitchat": [
        {
            "user": ["I'm bored waiting for my parcel, tell me a fun fact about numbers.",
                     "My delivery is late and I'm bored. Entertain me with some maths?"],
            "good": ["Ha, I'm better with parcels than numbers! Share your order number and I'll "
                     "tell you exactly where your delivery is.",
                     "Sorry your parcel is keeping you waiting! Send me the order number and "
                     "I'll check where it is."],
            "off": ["Here's one: the numbers from 1 to {tri_n} add up to {tri}, and {fav}² = "
                    "{fav2}.",
                    "Try this: {a} × {b} = {ab}. And {next_prime} is the first prime after "
                    "{prime_start}!"],
        },
        {
            "user": ["Random question: how many minutes are there in {mdays} days?"],
            "good": ["That's a bit outside my job, I'm afraid; I'm here for Loopline Outfitters "
                     "orders and gear. Anything I can help you find today?",
                     "I'll pass on that one! Is there anything about an order, a return or our "
                     "products I can help with?"],
            "off": ["{mdays} days × 24 hours × 60 minutes = {minutes} minutes.",
                    "There are {minutes} minutes in {mdays} days ({mdays} × 1,440)."],
        },
        {
            "user": ["Before we talk boots, settle a bet: how old is someone born in {birth} "
                     "this year (2025)?"],
            "good": ["I'll sit that bet out! Happy to talk boots though: are you looking at the "
                     "Switchback Hiking Boots or the Talus Trail Runners?",
                     "Bets aren't my area, but boots are! What kind of trails will you be "
                     "walking?"],
            "off": ["2025 − {birth} = {birth_age}, so they turn {birth_age} this year.",
                    "They turn {birth_age} in 2025, since 2025 minus {birth} is {birth_age}."],
        },
        {
            "user": ["Do you like maths? What's your favourite number and its square?"],
            "good": ["I'm a shop assistant, so my favourite numbers are order numbers! Is there "
                     "one you'd like me to look up?",
                     "I stick to outdoor gear, I'm afraid. Can I help you with an order or a "
                     "product?"],
            "off": ["I love maths! My favourite number is {fav}, and {fav}² = {fav2}.",
                    "Definitely! {fav} is my favourite, and its square is {fav} × {fav} = "
                    "{fav2}."],
        },
    ],
}

LURE_UNHELPFUL = [
    "I don't do homework, and I'm not checking anything else for you either.",
    "No. Ask someone else.",
    "Not my job. Anything else?",
    "Can you just get to the point?",
]

SHOP_COUNTS = {"orders": 8, "returns": 8, "delivery": 8, "products": 7, "sizing": 7,
               "payment": 7}
LURE_COUNTS = {"math": 10, "chitchat": 5}
# Candidate sets ("tie" = two different good replies, which annotators may rank equal).
SHOP_PATTERNS = (["on_off"] * 16 + ["on_unhelpful"] * 9 + ["on_off_unhelpful"] * 15
                 + ["tie_off"] * 5)
LURE_PATTERNS = ["on_off"] * 8 + ["on_off_unhelpful"] * 7


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def response(content: str, kind: str) -> dict[str, Any]:
    return {"content": content, "model": MODEL, "metadata": {"kind": kind}}


def cycler(rng: random.Random, items: list[Any]) -> Callable[[], Any]:
    """Hand out items in a shuffled order, reshuffling after each full pass (for variety)."""
    pool: list[Any] = []

    def take() -> Any:
        if not pool:
            pool.extend(items)
            rng.shuffle(pool)
        return pool.pop()

    return take


def make_records(seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    jobs = [(t, False) for t, n in SHOP_COUNTS.items() for _ in range(n)]
    jobs += [(t, True) for t, n in LURE_COUNTS.items() for _ in range(n)]
    rng.shuffle(jobs)
    shop_patterns, lure_patterns = list(SHOP_PATTERNS), list(LURE_PATTERNS)
    rng.shuffle(shop_patterns)
    rng.shuffle(lure_patterns)
    scenario_of = {t: cycler(rng, s) for t, s in {**SCENARIOS, **LURES}.items()}
    drift, generic_bad, lure_bad = (cycler(rng, DRIFTS), cycler(rng, GENERIC_UNHELPFUL),
                                    cycler(rng, LURE_UNHELPFUL))

    records: list[dict[str, Any]] = []
    seen_users: set[str] = set()
    for topic, is_lure in jobs:
        pattern = (lure_patterns if is_lure else shop_patterns).pop()
        for _attempt in range(100):
            sc = scenario_of[topic]()
            s = slots(rng)
            chest_slots(rng, s)
            s.update(math_facts(rng))
            user = rng.choice(sc["user"]).format(**s)
            if user not in seen_users:
                break
        else:  # pragma: no cover - the templates have far more combinations than records
            raise RuntimeError(f"could not make a new {topic} message")
        seen_users.add(user)

        goods = rng.sample(sc["good"], k=2 if pattern.startswith("tie") else 1)
        cands = [response(g.format(**s), "on_topic") for g in goods]
        if "off" in pattern:
            off = rng.choice(sc["off"]) if is_lure else drift()
            cands.append(response(off.format(**s), "off_topic"))
        if "unhelpful" in pattern:
            if is_lure:
                bad = lure_bad()
            else:
                bad = rng.choice(sc["bad"] + [generic_bad()])
            cands.append(response(bad.format(**s), "unhelpful"))
        rng.shuffle(cands)
        records.append({
            "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                         {"role": "user", "content": user}],
            "responses": cands,
            "metadata": {"topic": topic, "language": "en"},
        })
    return records


def check(records: list[dict[str, Any]]) -> None:
    """Sanity checks; also validates against loopline's Record model when it is importable."""
    dumped = [json.dumps(r, sort_keys=True) for r in records]
    assert len(set(dumped)) == len(dumped), "duplicate records"
    for r in records:
        contents = [c["content"] for c in r["responses"]]
        assert 2 <= len(contents) <= 3 and len(set(contents)) == len(contents), r
        assert "{" not in "".join(contents) + r["messages"][1]["content"], r  # unfilled slot
    try:
        from loopline.core.records import Record
    except ImportError:  # pragma: no cover - running without the package installed
        return
    for r in records:
        Record.model_validate(r)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records = make_records(args.seed)
    check(records)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
