"""The demo that ships with Loopline: a shop's support chatbot, whose replies sometimes stay on
topic and sometimes drift into solving math problems. Annotators rank them."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DEMO_PROJECT = "shop-support"


def demo_records_path() -> Path:
    return Path(str(files("loopline.demo") / "shop_support.jsonl"))


def demo_project_path() -> Path:
    return Path(str(files("loopline.demo") / "shop_support.yaml"))
