"""The review page in a real browser: a accepts, r rejects, c corrects with the widgets
prefilled and Enter saves; annotators are turned away."""

from __future__ import annotations

from loopline.annotate import queue, review, users
from loopline.annotate.annotators import get_annotator
from loopline.annotate.projects import create_project
from loopline.core.project import ProjectDefinition
from loopline.store import reviews as review_store
from tests.utils.factories import make_record, queue_records


def _seed_reviews(ws, name: str) -> None:
    project = create_project(ws, ProjectDefinition.model_validate({
        "name": name, "questions": [{"type": "label", "name": "quality", "options": ["good", "bad"]}], "review": {"rate": 1.0},
    }))
    queue_records(ws, project, [make_record(900 + i) for i in range(3)])
    for user in ("reviewer", "ann1"):
        users.add_member(ws, name, user)
    ann1 = get_annotator(ws, "ann1")
    lease = queue.claim(ws, project.id, ann1.id)
    while lease is not None:
        lease = queue.submit(ws, project.id, ann1.id, lease.task_id, {"quality": "good"}, claim_next=True).next


def _verdicts(ws, name: str) -> dict[str, int]:
    return review.review_counts(ws, name)


def test_review_page_keyboard(site, as_user):
    """a, r, then c + 2 + Enter: one accepted, one rejected, one corrected to 'bad'."""
    _seed_reviews(site.ws, "p-review")
    page = as_user("reviewer")
    page.goto(f"{site.url}/review/p-review")
    page.wait_for_selector("body[data-review-id]")
    first = page.get_attribute("body", "data-review-id")
    assert page.inner_text("#answers").count("good") == 1
    page.keyboard.press("a")
    page.wait_for_function(f"document.body.dataset.reviewId && document.body.dataset.reviewId !== '{first}'")
    second = page.get_attribute("body", "data-review-id")
    page.keyboard.press("r")
    page.wait_for_function(f"document.body.dataset.reviewId && document.body.dataset.reviewId !== '{second}'")
    third = int(page.get_attribute("body", "data-review-id"))
    page.keyboard.press("c")
    page.wait_for_selector("#questions:not([hidden]) button.choice.on")  # prefilled with the annotator's answer
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    page.wait_for_selector("#empty:not([hidden])")
    assert _verdicts(site.ws, "p-review") == {"pending": 0, "leased": 0, "accepted": 1, "rejected": 1, "corrected": 1}
    with site.ws.database.read() as conn:
        item = review_store.get_item(conn=conn, review_id=third)
    assert item["correction"] == {"quality": "bad"} and item["answers"] == {"quality": "good"}


def test_review_page_refuses_annotators(site, as_user):
    """An annotator gets the 403 page, not the review queue."""
    page = as_user("ann2")
    response = page.goto(f"{site.url}/review/p-label")
    assert response.status == 403
