"""`loopline demo-model`: train (or find cached) the shop-support demo's tiny causal LM."""

from __future__ import annotations

from typing import Annotated

import typer

from loopline.cli.console import console


def run(
    ctx: typer.Context,
    budget: Annotated[float, typer.Option(help="Training time budget in seconds.")] = 120.0,
    force: Annotated[bool, typer.Option(help="Train again even when a cached model exists.")] = False,
) -> None:
    """Train the demo model on a synthetic shop corpus (about two minutes on 2 cores), cached in the workspace."""
    from loopline.cli.progress import counting_progress
    from loopline.demo.model import DemoModelSpec, ensure_demo_model, train_demo_model

    spec = DemoModelSpec(time_budget_s=budget)
    with ctx.obj.open() as ws, counting_progress() as bar:
        task = bar.add_task("training the demo model", total=spec.max_steps, rate="")
        progress = lambda step, total: bar.update(task, completed=step)  # noqa: E731
        info = train_demo_model(ws, spec, progress=progress) if force else ensure_demo_model(ws, spec, progress=progress)
    console.print(f"Demo model [bold]{info.id}[/] ({info.status}) at {info.path}")
    console.print(f"  steps {info.metrics.get('steps')}, loss {info.metrics.get('first_loss', 0):.3f} -> {info.metrics.get('last_loss', 0):.3f}")
    console.print(f"  try it: loopline serve-model {info.id}   or   loopline generate -p shop-support -m {info.id} --n 2")
