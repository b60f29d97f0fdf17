"""No work is lost: a reload keeps the answer being typed, a failed submit is kept and resent;
skipping, the help overlay and the heartbeat."""

from __future__ import annotations

import json

from tests.browser.test_annotate_types import keys, open_task


def test_reload_mid_task_keeps_the_answer(site, as_user):
    """Typed text survives a reload (same task resumed) and then submits."""
    page = as_user("ann2")
    task_id = open_task(page, site.url, "p-text")
    keys(page, "e")
    page.keyboard.type(" Reload-proof.")
    typed = page.locator("textarea.answer").input_value()
    page.reload()
    page.wait_for_selector("body[data-task-id] textarea.answer")
    assert int(page.evaluate("document.body.dataset.taskId")) == task_id
    assert page.locator("textarea.answer").input_value() == typed
    keys(page, "Escape", "Enter")
    assert site.wait_annotation("p-text", task_id, "ann2")["answers"] == {"rewrite": typed.strip()}


def test_failed_submit_is_kept_and_resent(site, as_user):
    """With the network down the answer waits in localStorage, then goes with the same key."""
    page = as_user("ann2")
    task_id = open_task(page, site.url, "p-label")
    sent: list[dict] = []

    def fail(route):  # the first submit never reaches the server
        sent.append(json.loads(route.request.post_data))
        route.abort("internetdisconnected")

    page.route("**/api/v1/tasks/*/submit", fail)
    keys(page, "1", "Enter")
    page.wait_for_selector(".status.warn")
    outbox = json.loads(page.evaluate("localStorage.getItem(`loopline:p-label:${looplineAnnotate.config.user.id}:outbox`)"))
    assert [e["task_id"] for e in outbox] == [task_id]
    assert not [a for a in site.annotations("p-label") if a["task_id"] == task_id and a["annotator"] == "ann2"]
    page.unroute("**/api/v1/tasks/*/submit")
    with page.expect_request("**/api/v1/tasks/*/submit") as resent:
        page.wait_for_selector(".status.ok", timeout=15_000)
    assert json.loads(resent.value.post_data)["client_key"] == sent[0]["client_key"]
    assert site.wait_annotation("p-label", task_id, "ann2")["answers"] == {"quality": "good"}
    assert page.evaluate("localStorage.getItem(`loopline:p-label:${looplineAnnotate.config.user.id}:outbox`)") == "[]"


def test_unsent_answer_survives_a_reload(site, as_user):
    """An answer still in the outbox when the page reloads is sent by the reloaded page."""
    page = as_user("ann2")
    task_id = open_task(page, site.url, "p-rating")
    page.route("**/api/v1/tasks/*/submit", lambda route: route.abort("internetdisconnected"))
    keys(page, "5", "Enter")
    page.wait_for_selector(".status.warn")
    page.unroute("**/api/v1/tasks/*/submit")
    page.reload()
    assert site.wait_annotation("p-rating", task_id, "ann2")["answers"] == {"score": 5}
    page.wait_for_selector("body[data-task-id]")
    assert int(page.evaluate("document.body.dataset.taskId")) != task_id


def test_skip_key_moves_on(site, as_user):
    """s skips: the next task shows and the skipped one is never stored as answered."""
    page = as_user("ann2")
    task_id = open_task(page, site.url, "p-pairwise")
    keys(page, "s")
    page.wait_for_function(f"document.body.dataset.taskId && document.body.dataset.taskId != '{task_id}'")
    assert not [a for a in site.annotations("p-pairwise") if a["task_id"] == task_id]


def test_missing_answer_is_not_submitted(site, as_user):
    """Enter with a required question unanswered marks it and sends nothing."""
    page = as_user("ann2")
    task_id = open_task(page, site.url, "p-turns")
    keys(page, "1", "Enter")  # one of two turns labelled
    page.wait_for_selector("section.question.invalid")
    assert int(page.evaluate("document.body.dataset.taskId")) == task_id


def test_help_lists_the_shortcuts(site, as_user):
    """? opens a help listing the global keys and the current question's; Esc closes it."""
    page = as_user("ann2")
    open_task(page, site.url, "p-ranking")
    keys(page, "?")
    help_text = page.locator("#help").inner_text()
    for expected in ("Enter", "skip this task", "Shift+↑ ↓", "tie it with the one above", "drag"):
        assert expected in help_text
    keys(page, "Escape")
    assert page.locator("#help").is_hidden()


def test_heartbeat_renews_the_lease(site, as_user):
    """While a task is open the page renews its lease (the clock is fast-forwarded)."""
    page = as_user("ann2")
    page.clock.install()
    task_id = open_task(page, site.url, "p-label")
    with page.expect_request(f"**/api/v1/tasks/{task_id}/heartbeat") as beat:
        page.clock.run_for(250_000)  # past the first beat (lease 600 s: every 60 s)
    assert beat.value.response().status == 200
