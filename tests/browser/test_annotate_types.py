"""Each question type annotated with the keyboard only, submitted, and checked in the database."""

from __future__ import annotations

from typing import Any

import pytest


def open_task(page: Any, url: str, project: str) -> int:
    """Open the annotator page and wait for a task; returns its id."""
    page.goto(f"{url}/annotate/{project}")
    page.wait_for_selector("body[data-task-id] section.question")
    return int(page.evaluate("document.body.dataset.taskId"))


def keys(page: Any, *presses: str) -> None:
    for key in presses:
        page.keyboard.press(key)


CASES = [
    ("p-label", ["2"], {"quality": "bad"}),
    ("p-rating", ["4"], {"score": 4}),
    # highlight response 2, move it to the top, go to response 3 and tie it with response 1
    ("p-ranking", ["ArrowDown", "Shift+ArrowUp", "ArrowDown", "ArrowDown", "t"], {"rank": [2, 1, 2]}),
    ("p-pairwise", ["b", "2"], {"pref": {"choice": "b", "strength": 1}}),
    ("p-turns", ["1", "2"], {"turn_quality": ["ok", "bad"]}),
]


@pytest.mark.parametrize(("project", "presses", "expected"), CASES, ids=[c[0] for c in CASES])
def test_keyboard_only_annotation_is_stored(site, as_user, project, presses, expected):
    """Keys answer the question, Enter submits, and the database holds exactly that answer."""
    page = as_user("ann1")
    task_id = open_task(page, site.url, project)
    keys(page, *presses, "Enter")
    stored = site.wait_annotation(project, task_id, "ann1")
    assert stored["answers"] == expected
    page.wait_for_function(f"document.body.dataset.taskId && document.body.dataset.taskId != '{task_id}'")


def test_text_edit_with_diff(site, as_user):
    """The candidate is pre-filled; e edits at the end, Esc leaves, d shows the diff."""
    page = as_user("ann1")
    task_id = open_task(page, site.url, "p-text")
    area = page.locator("textarea.answer")
    candidate = area.input_value()
    assert candidate.startswith("Answer 0 to question")
    keys(page, "e")
    page.keyboard.type(" Thanks!")
    keys(page, "Escape", "d")
    assert page.locator(".diff ins").inner_text().strip() == "Thanks!"
    keys(page, "Enter")
    stored = site.wait_annotation("p-text", task_id, "ann1")
    assert stored["answers"] == {"rewrite": candidate + " Thanks!"}


def test_spans_and_relation_by_keyboard(site, as_user):
    """Shift+→ widens a selection, digits label it, r relates two spans."""
    page = as_user("ann1")
    task_id = open_task(page, site.url, "p-spans")
    keys(page, "Shift+ArrowRight", "1")  # "Ada Lovelace" PER
    keys(page, "ArrowRight", "ArrowRight", "ArrowRight", "Shift+ArrowRight", "2")  # "Acme Corp" ORG
    keys(page, "[", "r", "1")  # Ada Lovelace works_for Acme Corp
    assert page.locator(".relation-list li").count() == 1
    keys(page, "Enter")
    stored = site.wait_annotation("p-spans", task_id, "ann1")
    assert stored["answers"] == {"ents": {
        "spans": [
            {"start": 0, "end": 12, "label": "PER", "text": "Ada Lovelace"},
            {"start": 22, "end": 31, "label": "ORG", "text": "Acme Corp"},
        ],
        "relations": [{"from": 0, "to": 1, "label": "works_for"}],
    }}


def test_chat_transcript_labels(site, as_user):
    """The chat shows the transcript as a thread; digits label its assistant turns."""
    page = as_user("ann1")
    task_id = open_task(page, site.url, "p-chat")
    assert page.locator(".thread .msg.assistant").count() == 2
    keys(page, "2", "1", "Enter")
    nodes = site.wait_annotation("p-chat", task_id, "ann1")["answers"]["convo"]["nodes"]
    assert [n["role"] for n in nodes] == ["user", "assistant", "user", "assistant"]
    assert [n["label"] for n in nodes if n["role"] == "assistant"] == ["harmful", "helpful"]
    assert nodes[1]["parent"] == nodes[0]["id"] and all(n["origin"] == "original" for n in nodes)


def test_spans_from_a_mouse_selection_use_code_points(site, as_user):
    """A mouse selection after an emoji is stored with Python (code point) offsets."""
    page = as_user("ann1")
    task_id = open_task(page, site.url, "p-spans")
    page.evaluate("""() => {
        const seg = [...document.querySelectorAll('.span-text .seg')].find((s) => s.textContent.includes('ticket'));
        const node = seg.firstChild;
        const i = node.textContent.indexOf('ticket');
        getSelection().setBaseAndExtent(node, i, node, i + 'ticket'.length);
        seg.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    keys(page, "2", "Enter")
    stored = site.wait_annotation("p-spans", task_id, "ann1")["answers"]["ents"]
    assert stored["spans"] == [{"start": 34, "end": 40, "label": "ORG", "text": "ticket"}]
