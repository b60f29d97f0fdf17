"""A synthetic web-like corpus with planted exact duplicates, near duplicates, low-quality
documents and PII, plus its ground truth (which document copies which, and every PII value).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson

WORDS = (
    "the of and to in that is was he for it with as his on be at by had are but from or have an they which "
    "one you were her all she there would their we him been has when who will more no if out so said what up "
    "its about into than them can only other new some could time these two may then do first any my now such "
    "like our over man me even most made after also did many before must through back years where much your "
    "way well down should because each just those people how too little state good very make world still own "
    "see men work long get here between both life being under never day same another know while last might us "
    "great old year off come since against go came right used take three market river garden window village "
    "student teacher company country history science music family kitchen weather morning evening doctor "
    "report system program question government number night point water room mother area money story fact "
    "month lot study book eye job word business issue side kind head house service friend father power hour "
    "game line end member law car city community name president team minute idea kid body information school "
    "face others level office door health person art war party result change reason research girl guy moment "
    "air force education foot boy age policy process music market sense nation plan college interest death "
    "experience effect use class control care field development role effort rate heart drug show leader light "
    "voice wife police mind price bank"
).split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + rng.choice(".......!?")


def _document(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(3, 9)):
        paragraphs.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 6))))
    return "\n".join(paragraphs)


def _near_copy(rng: random.Random, text: str, rate: float) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), max(1, int(len(words) * rate))):
        words[i] = rng.choice(WORDS)
    return " ".join(words)


def _luhn_card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i : i + 4] for i in range(0, 16, 4))


def _pii(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["email", "phone", "ipv4", "credit_card", "us_ssn", "street_address"])
    if kind == "email":
        value = f"{rng.choice(WORDS)}.{rng.choice(WORDS)}{rng.randint(1, 999)}@example{rng.randint(1, 99)}.com"
    elif kind == "phone":
        value = f"+1 {rng.randint(201, 989)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
    elif kind == "ipv4":
        value = ".".join(str(rng.randint(1, 254)) for _ in range(4))
    elif kind == "credit_card":
        value = _luhn_card(rng)
    elif kind == "us_ssn":
        value = f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    else:
        value = f"{rng.randint(1, 9999)} {rng.choice(['Oak', 'Maple', 'Cedar', 'Main', 'High'])} {rng.choice(['Street', 'Avenue', 'Road'])}"
    return kind, value


def _junk(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return "Buy now!"  # too short
    if kind == 1:
        line = _sentence(rng)
        return "\n".join([line] * 12)  # repeated lines
    return "\n".join(f"- {rng.choice(WORDS)} {rng.randint(1, 99)}" for _ in range(40))  # a list


def generate(folder: Path, megabytes: float, files: int = 16, seed: int = 0) -> dict[str, Any]:
    """Write `files` JSONL shards of about `megabytes` MB; return the ground truth."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    target = int(megabytes * 1e6)
    sinks = [(folder / f"part-{k:03d}.jsonl").open("wb") for k in range(files)]
    truth: dict[str, Any] = {"exact": {}, "near": {}, "pii": {}, "bytes": 0, "docs": 0}
    originals: list[tuple[str, str]] = []
    written = n = 0
    while written < target:
        n += 1
        doc_id = f"doc{n}"
        roll = rng.random()
        if roll < 0.03 and originals:
            source_id, text = rng.choice(originals)
            text = text.upper() if rng.random() < 0.3 else text.replace(" ", "  ")
            truth["exact"][doc_id] = source_id
        elif roll < 0.06 and originals:
            source_id, text = rng.choice(originals)
            text = _near_copy(rng, text, rng.choice([0.01, 0.02, 0.03]))
            truth["near"][doc_id] = source_id
        elif roll < 0.10:
            text = _junk(rng)
        else:
            text = _document(rng)
            if rng.random() < 0.15:
                kind, value = _pii(rng)
                cut = text.find(". ", len(text) // 2)
                cut = cut + 2 if cut > 0 else len(text)
                text = f"{text[:cut]}Contact: {value} for details. {text[cut:]}"
                truth["pii"][doc_id] = [kind, value]
            elif len(originals) < 200_000:
                originals.append((doc_id, text))
        line = orjson.dumps({"id": doc_id, "text": text}) + b"\n"
        sinks[n % files].write(line)
        written += len(line)
    for sink in sinks:
        sink.close()
    truth["bytes"], truth["docs"] = written, n
    return truth
