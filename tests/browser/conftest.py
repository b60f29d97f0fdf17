"""Real-browser tests: Debian's chromium driven by Playwright against a real Uvicorn server.

One server and one browser for the whole session (starting chromium costs about a second);
each test gets a fresh browser context, logged in by cookie state saved once per user.
They skip, saying why, where chromium or the playwright package is missing.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

from loopline.annotate.stats import list_annotations  # noqa: E402
from loopline.annotate.workspace import Workspace, init_workspace  # noqa: E402
from tests.browser.site import PASSWORD, seed  # noqa: E402
from tests.utils.server import running_server  # noqa: E402


@dataclass
class Site:
    url: str
    ws: Workspace
    browser: Any
    states: dict[str, Any] = field(default_factory=dict)

    def state(self, user: str) -> Any:
        """The user's logged-in cookie state (logging in through the form the first time)."""
        if user not in self.states:
            self.states[user] = login(self.browser, self.url, user)
        return self.states[user]

    def annotations(self, project: str) -> list[dict[str, Any]]:
        return list_annotations(self.ws, project, limit=500)[0]

    def wait_annotation(self, project: str, task_id: int, annotator: str, timeout: float = 10) -> dict[str, Any]:
        """The stored annotation of this task by this annotator, waiting for the page to send it."""
        deadline = time.monotonic() + timeout
        while True:
            found = [a for a in self.annotations(project) if a["task_id"] == task_id and a["annotator"] == annotator]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"no annotation of task {task_id} by {annotator} in {project}")
            time.sleep(0.05)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def login(browser: Any, url: str, user: str) -> Any:
    """Log in through the login form; returns the context's cookie state."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/login" not in u)
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="session")
def site(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from loopline.web.app import create_app
    from loopline.web.settings import WebSettings

    root = tmp_path_factory.mktemp("browser-ws")
    ws, _, _ = init_workspace(root)
    seed(ws)
    app = create_app(WebSettings(workspace=root), ws)
    with running_server(app) as url:
        yield Site(url, ws, browser)
    ws.close()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def as_user(browser: Any, site: Site) -> Iterator[Callable[[str], Any]]:
    """as_user("ann1") -> a page in a fresh context logged in as that user."""
    contexts: list[Any] = []

    def open_page(user: str) -> Any:
        context = browser.new_context(storage_state=site.state(user))
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
