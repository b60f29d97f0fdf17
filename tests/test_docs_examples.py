"""The Python examples in docs/ run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCKS = [
    pytest.param(code, id=f"{page.name}:{i}")
    for page in sorted(DOCS.glob("*.md"))
    for i, code in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), re.S))
]


@pytest.mark.parametrize("code", BLOCKS)
def test_docs_example_runs(code: str) -> None:
    """Each ```python block of the docs executes without error."""
    exec(compile(code, "<docs>", "exec"), {"__name__": "__docs__"})
