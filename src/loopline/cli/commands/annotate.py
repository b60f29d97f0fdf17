"""`loopline annotate -p P --as NAME`: label tasks in the terminal (the web app comes with
the server; this serves a team before it, and scripts)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import typer
from rich.markdown import Markdown
from rich.panel import Panel

from loopline.cli.console import console


def run(
    ctx: typer.Context,
    project: Annotated[str, typer.Option("--project", "-p", help="Project to work on.")],
    name: Annotated[str, typer.Option("--as", help="Annotator name (see `loopline annotators add`).")],
    limit: Annotated[int, typer.Option(help="Stop after this many tasks (0: until the queue is empty).")] = 0,
) -> None:
    """Claim tasks one at a time, show them, read your answers, submit. 's' skips, 'q' quits."""
    from loopline.annotate import queue
    from loopline.annotate.annotators import get_annotator
    from loopline.annotate.projects import get_project

    with ctx.obj.open() as ws:
        p = get_project(ws, project)
        me = get_annotator(ws, name)
        if p.definition.guidelines:
            console.print(Panel(Markdown(p.definition.guidelines), title="Guidelines"))
        done = 0
        while not limit or done < limit:
            lease = next(iter(queue.current_leases(ws, p.id, me.id)), None) or queue.claim(ws, p.id, me.id)
            if lease is None:
                console.print("The queue has nothing more for you. Thank you!")
                break
            _show(lease.record)
            action, answers = _ask(p.questions, lease.record)
            if action == "q":
                console.print("Stopped; your lease lapses on its own if you do not come back.")
                break
            if action == "s":
                queue.skip(ws, p.id, me.id, lease.task_id)
                continue
            _submit(ws, p, me, lease, answers)
            done += 1
        console.print(f"{done} tasks submitted.")


def _show(record: Any) -> None:
    for m in record.prompt_messages():
        if m["role"] != "system":
            console.print(f"[bold]{m['role']}[/]: {m['content']}")
    for i, r in enumerate(record.responses):
        console.print(Panel(r.content, title=f"response {i + 1} ({chr(65 + i)})", expand=False))


def _ask(questions: list[Any], record: Any) -> tuple[str, dict[str, Any]]:
    """('submit', answers), or ('s' | 'q', {}) when the annotator skips or quits."""
    from loopline.cli.terminal_answers import hint, parse_answer
    from loopline.core.errors import AnswerError

    answers: dict[str, Any] = {}
    for q in questions:
        options = getattr(q, "options", None)
        if options:
            console.print("  " + "  ".join(f"{i + 1}) {o}" for i, o in enumerate(options)))
        while True:
            typed = typer.prompt(f"{q.title or q.name} [{hint(q)}]", default="" if not q.required else None, show_default=False)
            if typed.strip() in ("s", "q"):
                return typed.strip(), {}
            if not typed.strip() and not q.required:
                break
            try:
                answers[q.name] = parse_answer(q, typed, record)
                q.validate_answer(answers[q.name], record)
                break
            except AnswerError as exc:
                console.print(f"[red]{exc}[/]")
    return "submit", answers


def _submit(ws: Any, p: Any, me: Any, lease: Any, answers: dict[str, Any]) -> None:
    from loopline.annotate import queue

    result = queue.submit(ws, p.id, me.id, lease.task_id, answers, client_key=uuid.uuid4().hex)
    console.print(f"[green]saved[/] annotation {result.annotation_id}\n")
