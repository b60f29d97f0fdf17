"""`loopline generate --project P --model M --n 4 [--ray]`: candidate responses as new record versions."""

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
    ray: Annotated[bool, typer.Option("--ray", help="Answer the batches on a Ray cluster (each worker loads the model once).")] = False,
    ray_address: Annotated[Optional[str], typer.Option(help="Ray cluster to join ('auto': the running one; default: start a local one).")] = None,
    ray_workers: Annotated[Optional[int], typer.Option(help="Ray workers (default: one per CPU, or per GPU with --ray-gpus).")] = None,
    ray_gpus: Annotated[float, typer.Option(help="GPUs per Ray worker.")] = 0.0,
) -> None:
    """Have a model write candidates for a project's records (batched, with progress)."""
    from loopline.annotate.projects import project_progress
    from loopline.cli.progress import counting_progress
    from loopline.models.base import SamplingParams
    from loopline.models.candidates import generate_candidates
    from loopline.models.resolve import backend_spec

    sampling = SamplingParams(max_new_tokens=max_new_tokens, temperature=temperature, top_p=top_p, seed=seed, logprobs=logprobs)
    with ctx.obj.open() as ws:
        spec = backend_spec(ws, model)
        total = project_progress(ws, project)["tasks"]
        with counting_progress() as bar:
            task = bar.add_task(f"generating with {spec.name}" + (" on Ray" if ray else ""), total=min(total, limit or total), rate="")
            common = dict(n=n, sampling=sampling, batch_size=batch_size, limit=limit, progress=lambda k: bar.advance(task, k))
            if ray:
                from loopline.models.ray_generation import generate_candidates_ray

                report = generate_candidates_ray(ws, project, spec, address=ray_address, workers=ray_workers,
                                                 gpus_per_worker=ray_gpus, **common)
            else:
                report = generate_candidates(ws, project, spec.load(), **common)
    console.print(f"Wrote {report.responses:,} candidates from [bold]{report.model}[/] into {report.records:,} new record versions "
                  f"in {report.seconds:.1f} s; {report.tasks_moved:,} tasks moved to them, {report.tasks_kept:,} already annotated kept theirs.")
