"""Properties of the small parsers at the web edge: redirect targets and error field paths."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from loopline.web.errors import field_loc
from loopline.web.login import safe_next
from loopline.web.ratelimit import LoginLimiter


@given(st.text(max_size=60))
def test_safe_next_never_leaves_the_site(target):
    """Whatever `next` says, the login redirect stays on this host."""
    out = safe_next(target)
    parts = urlsplit(out)
    assert out.startswith("/") and not out.startswith("//") and not parts.netloc and not parts.scheme


def test_safe_next_refuses_known_tricks():
    for trick in ("//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/\n/x", "evil"):
        assert safe_next(trick) == "/"
    assert safe_next("/annotate/p?x=1") == "/annotate/p?x=1"


@given(st.lists(st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), st.integers(0, 999)), max_size=5))
def test_field_loc_splits_dotted_paths(parts):
    """'answers.rank.2' becomes ['answers', 'rank', 2]: names stay strings, indexes ints."""
    assert field_loc(".".join(map(str, parts))) == parts


def test_limiter_counts_failures_per_key_in_a_window():
    limiter = LoginLimiter(attempts=2, window=60)
    limiter.failed("ip:a", "user:x")
    assert limiter.retry_after("ip:a") == 0
    limiter.failed("ip:a", "user:y")
    assert limiter.retry_after("ip:a") > 0 and limiter.retry_after("user:x") == 0
    limiter.succeeded("user:x")
    assert limiter.retry_after("ip:b", "user:x") == 0
