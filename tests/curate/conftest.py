"""A small corpus with planted exact and near duplicates, spread over several files."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest

WORDS = ("the of and to in that is was for it with as on be at by had are but from or have an they which "
         "river market garden window village student teacher company country history science music family "
         "kitchen weather morning evening doctor report system program question number night water").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(9, 16))).capitalize() + "."


def write_corpus(folder: Path, docs: int = 120, files: int = 4, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(docs):
        text = "\n".join(" ".join(sentence(rng) for _ in range(3)) for _ in range(4))
        rows.append({"id": f"d{i}", "text": text})
    for i in range(10):
        rows.append({"id": f"exact{i}", "text": rows[i]["text"].upper()})
        words = rows[20 + i]["text"].split(" ")
        words[5] = "changed"
        rows.append({"id": f"near{i}", "text": " ".join(words)})
    rows.append({"id": "junk", "text": "Buy now!"})
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(files):
        with open(folder / f"part-{k}.jsonl", "wb") as out:
            for row in rows[k::files]:
                out.write(orjson.dumps(row) + b"\n")
    return rows


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path / "raw")
    with open(tmp_path / "raw" / "part-0.jsonl", "ab") as out:
        out.write(b"{not json\n")
    return tmp_path / "raw"
