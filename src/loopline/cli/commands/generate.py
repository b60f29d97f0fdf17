"""`loopline generate --project P --model M --n 4`: candidate responses as new record versions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from loopline.cli.console import console


def run(
    ctx: typer.Context,
    project: Annotated[str, typer.Option("--project", "-p", help="Project whose records get candidates.")],
    model: Annotated[str, typer.Option("--model", "-m", help="'demo', a model version, a line, a folder/hub id, or http://host/v1#name.")] = "demo",
    n: Annotated[int, typer.Option("--n", help="Candidates per record.")] = 4,
    max_new_tokens: Annotated[int, typer.Option(help="Longest reply in tokens.")] = 64,
    temperature: Annotated[float, typer.Option(help="Sampling temperature (0: greedy).")] = 1.0,
    top_p: Annotated[float, typer.Option(help="Nucleus sampling.")] = 1.0,
    seed: Annotated[Optional[int], typer.Option(help="Sampling seed.")] = None,
    logprobs: Annotated[bool, typer.Option(help="Store token log-probabilities.")] = True,
    batch_size: Annotated[int, typer.Option(help="Records per generation batch.")] = 16,
    limit: Annotated[Optional[int], typer.Option(help="Only the first N records.")] = None,
) -> None:
    """Have a model write candidates for a project's records (batched, with progress)."""
    from loopline.annotate.projects import project_progress
    from loopline.cli.progress import counting_progress
    from loopline.models.base import SamplingParams
    from loopline.models.candidates import generate_candidates
    from loopline.models.resolve import load_backend

    sampling = SamplingParams(max_new_tokens=max_new_tokens, temperature=temperature, top_p=top_p, seed=seed, logprobs=logprobs)
    with ctx.obj.open() as ws:
        backend = load_backend(ws, model)
        total = project_progress(ws, project)["tasks"]
        with counting_progress() as bar:
            task = bar.add_task(f"generating with {backend.name}", total=min(total, limit or total), rate="")
            report = generate_candidates(
                ws, project, backend, n=n, sampling=sampling, batch_size=batch_size, limit=limit,
                progress=lambda k: bar.advance(task, k),
            )
    console.print(f"Wrote {report.responses:,} candidates from [bold]{report.model}[/] into {report.records:,} new record versions "
                  f"in {report.seconds:.1f} s; {report.tasks_moved:,} tasks moved to them, {report.tasks_kept:,} already annotated kept theirs.")
