"""`loopline`: one command, with subcommands (one small module each under cli/commands)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from loopline.cli.context import CliState
from loopline.cli.commands import (
    annotate, annotators, curate, datasets, demo_model, eval_, export, generate, import_, init, models,
    projects, qa, quickstart, serve, serve_model, train, users,
)
from loopline.cli.console import err_console
from loopline.core.errors import LooplineError

app = typer.Typer(
    name="loopline",
    help="The human side of LLM training: curate and import data, label it in the web app, check its quality, export datasets, train and serve models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    ctx: typer.Context,
    workspace: Annotated[
        Optional[Path], typer.Option("--workspace", "-w", help="Workspace folder [env LOOPLINE_WORKSPACE; default: .]")
    ] = None,
    database_url: Annotated[
        Optional[str], typer.Option("--database-url", help="Database URL [env LOOPLINE_DATABASE_URL; default: SQLite file in the workspace]")
    ] = None,
) -> None:
    ctx.obj = CliState.from_options(workspace, database_url)


# Set-up and data in
app.command("quickstart")(quickstart.run)
app.command("init")(init.run)
app.command("curate")(curate.run)
app.command("import")(import_.run)
app.add_typer(projects.app, name="projects")
# People and labeling
app.command("serve")(serve.run)
app.add_typer(users.app, name="users")
app.add_typer(annotators.app, name="annotators")
app.command("annotate")(annotate.run)
app.command("qa")(qa.run)
# Datasets and models
app.command("export")(export.run)
app.add_typer(datasets.app, name="datasets")
app.command("generate")(generate.run)
app.command("demo-model")(demo_model.run)
app.add_typer(train.app, name="train")
app.add_typer(models.app, name="models")
app.command("eval")(eval_.run)
app.command("serve-model")(serve_model.run)


def main(argv: list[str] | None = None) -> int:
    try:
        app(args=argv if argv is not None else sys.argv[1:], standalone_mode=False)
    except LooplineError as exc:
        err_console.print(f"[bold red]error:[/] {exc}")
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
