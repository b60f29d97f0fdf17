"""The workspace the browser tests run on: one project per question type, a user per role."""

from __future__ import annotations

from typing import Any

from loopline.annotate import users
from loopline.annotate.workspace import Workspace
from loopline.core.records import Record
from tests.utils.factories import make_project, queue_records

PASSWORD = "correct horse battery"
TASKS_PER_PROJECT = 6

CONVERSATION = {
    "messages": [
        {"role": "user", "content": "Do you sell hiking boots?"},
        {"role": "assistant", "content": "Yes, we have three models of hiking boots."},
        {"role": "user", "content": "Now solve 2x + 3 = 7 for me."},
        {"role": "assistant", "content": "x = 2. By the way, our boots are waterproof."},
    ]
}

PROJECTS: dict[str, dict[str, Any]] = {
    "p-label": {"questions": [{"type": "label", "name": "quality", "options": ["good", "bad", "unsure"]}],
                "guidelines": "# Labelling\nPick **good** when the reply answers the question."},
    "p-rating": {"questions": [{"type": "rating", "name": "score", "min": 1, "max": 5, "response": 0}]},
    "p-ranking": {"questions": [{"type": "ranking", "name": "rank"}]},
    "p-pairwise": {"questions": [{"type": "pairwise", "name": "pref", "strengths": ["slightly", "clearly"]}]},
    "p-text": {"questions": [{"type": "text", "name": "rewrite", "mode": "edit"}]},
    "p-spans": {"questions": [{"type": "spans", "name": "ents", "labels": ["PER", "ORG"],
                               "relations": ["works_for"]}]},
    "p-turns": {"questions": [{"type": "turns", "name": "turn_quality", "options": ["ok", "bad"]}]},
    "p-chat": {"questions": [{"type": "chat", "name": "convo", "labels": ["helpful", "harmful"]}]},
}


def _record(project: str, i: int) -> Record:
    if project in ("p-turns", "p-chat"):
        messages = [dict(m) for m in CONVERSATION["messages"]]
        messages[0]["content"] += f" ({project} #{i})"
        return Record(messages=messages)
    if project == "p-spans":
        return Record(prompt=f"Ada Lovelace works at Acme Corp \U0001F680 ticket {i}.")
    responses = 3 if project == "p-ranking" else 2
    return Record(
        prompt=f"Question {i} for {project}: how do I return a parcel?",
        responses=[{"content": f"Answer {j} to question {i}: use the returns form."} for j in range(responses)],
    )


def seed(ws: Workspace) -> None:
    for name, overrides in PROJECTS.items():
        project = make_project(ws, name, **overrides)
        queue_records(ws, project, [_record(name, i) for i in range(TASKS_PER_PROJECT)])
    for name, role in [("admin", "admin"), ("reviewer", "reviewer"), ("ann1", "annotator"),
                       ("ann2", "annotator")]:
        users.create_user(ws, name, role=role, password=PASSWORD)
        if role != "admin":
            for project in PROJECTS:
                users.add_member(ws, project, name)
