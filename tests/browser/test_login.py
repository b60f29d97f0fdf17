"""Logging in through the page, as a person does it: a first visit, the form, then the page
they were going to."""

from __future__ import annotations

from tests.browser.site import PASSWORD


def test_login_on_first_visit_returns_to_the_page(site, browser):
    """A fresh browser sent to /annotate/... logs in once and lands on the annotator page."""
    context = browser.new_context()
    context.set_default_timeout(5_000)
    try:
        page = context.new_page()
        page.goto(f"{site.url}/annotate/p-label")
        assert "/login?next=/annotate/p-label" in page.url
        page.fill("input[name=username]", "ann1")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("body[data-task-id] section.question")
        assert page.url == f"{site.url}/annotate/p-label"
        assert page.locator("meta[name=csrf-token]").get_attribute("content") == next(
            c["value"] for c in context.cookies() if c["name"] == "loopline_csrf"
        )
    finally:
        context.close()
