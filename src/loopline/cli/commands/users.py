"""`loopline users add|list|passwd|token|revoke|member`: people who log in to the web app.

Users are annotators with a password and a role; `loopline annotators` manages the same rows
for terminal and simulated work.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Optional

import typer
from rich.table import Table

from loopline.cli.console import console

app = typer.Typer(help="Manage users of the web app: passwords, roles, API tokens, projects.", no_args_is_help=True)


def new_password() -> str:
    return secrets.token_urlsafe(12)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Unique user name.")],
    role: Annotated[str, typer.Option(help="admin | reviewer | annotator")] = "annotator",
    password: Annotated[Optional[str], typer.Option(help="Password (default: a generated one, printed once).")] = None,
    project: Annotated[Optional[list[str]], typer.Option(help="A project to join (repeat for several).")] = None,
) -> None:
    """Add a user who can log in; prints a generated password once unless one is given."""
    from loopline.annotate.users import add_member, create_user

    chosen = password or new_password()
    with ctx.obj.open() as ws:
        user = create_user(ws, name, role=role, password=chosen)
        for p in project or []:
            add_member(ws, p, name)
    console.print(f"Added {user.role} [bold]{user.name}[/] (id {user.id}).")
    if password is None:
        console.print(f"Password (shown once): [bold]{chosen}[/]")


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """Every user with role, projects and state."""
    from loopline.annotate.users import list_users, project_names

    table = Table("id", "name", "role", "projects", "active")
    with ctx.obj.open() as ws:
        people, _ = list_users(ws, limit=100_000)
        for u in people:
            table.add_row(str(u.id), u.name, u.role, ", ".join(project_names(ws, u)) if u.role != "admin" else "(all)",
                          "yes" if u.active else "paused")
    console.print(table)


@app.command("passwd")
def passwd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    password: Annotated[Optional[str], typer.Option(help="New password (default: asked for).")] = None,
) -> None:
    """Set a user's password (ends their sessions; API tokens stay valid)."""
    from loopline.annotate.users import set_password

    chosen = password or typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with ctx.obj.open() as ws:
        set_password(ws, name, chosen)
    console.print(f"Password of [bold]{name}[/] changed.")


@app.command("token")
def token(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    label: Annotated[str, typer.Option("--name", help="What the token is for.")] = "cli",
) -> None:
    """Create an API token for scripts; it is shown once and stored only as a hash."""
    from loopline.annotate.annotators import get_annotator
    from loopline.annotate.users import create_token

    with ctx.obj.open() as ws:
        info, secret = create_token(ws, get_annotator(ws, name).id, label)
    console.print(f"Token {info.id} for [bold]{name}[/] (shown once):")
    console.print(secret, markup=False, highlight=False, soft_wrap=True)


@app.command("revoke")
def revoke(ctx: typer.Context, token_id: Annotated[int, typer.Argument(help="Token id.")]) -> None:
    """Revoke an API token."""
    from loopline.annotate.users import revoke_token

    with ctx.obj.open() as ws:
        revoke_token(ws, token_id)
    console.print(f"Token {token_id} revoked.")


@app.command("member")
def member(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    project: Annotated[str, typer.Argument(help="Project name.")],
    remove: Annotated[bool, typer.Option("--remove", help="Take the user out of the project.")] = False,
) -> None:
    """Add a user to a project (or remove them)."""
    from loopline.annotate.users import add_member, remove_member

    with ctx.obj.open() as ws:
        if remove:
            remove_member(ws, project, name)
        else:
            add_member(ws, project, name)
    console.print(f"[bold]{name}[/] {'removed from' if remove else 'is a member of'} {project}.")
