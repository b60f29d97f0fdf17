"""`loopline train sft|reward|dpo|kto|grpo --dataset ds-... --config cfg.yaml`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from loopline.cli.console import console

app = typer.Typer(help="Train a model on dataset versions (TRL) and register it.", no_args_is_help=True)


def _run(ctx: typer.Context, algorithm: str, dataset: list[str], config: Optional[Path], model: Optional[str],
         max_steps: Optional[int], name: Optional[str], resume: bool) -> None:
    from transformers import TrainerCallback

    from loopline.cli.progress import counting_progress
    from loopline.train import trainer_classes
    from loopline.train.base_config import load_config

    config_cls, trainer_cls = trainer_classes(algorithm)
    cfg = load_config(config_cls, config, model=model, max_steps=max_steps, name=name, resume=resume or None)
    with ctx.obj.open() as ws, counting_progress() as bar:
        task = bar.add_task(f"training {algorithm}", total=cfg.max_steps if cfg.max_steps > 0 else None, rate="")

        class Progress(TrainerCallback):
            def on_step_end(self, args, state, control, **kw):  # type: ignore[no-untyped-def]
                bar.update(task, completed=state.global_step, total=state.max_steps)

            def on_log(self, args, state, control, logs=None, **kw):  # type: ignore[no-untyped-def]
                if logs and "loss" in logs:
                    bar.update(task, rate=f"loss {logs['loss']:.4f}")

        info = trainer_cls(ws, dataset, cfg, callbacks=[Progress()]).train()
    console.print(f"Registered model version [bold]{info.id}[/] ({info.algorithm}, line {info.name}, parent {info.parent_id or '-'})")
    for key, value in info.metrics.items():
        console.print(f"  {key}: {value}")
    console.print(f"  weights: {info.path}")


def _command(algorithm: str) -> None:
    def command(
        ctx: typer.Context,
        dataset: Annotated[list[str], typer.Option("--dataset", "-d", help="Dataset version id (repeat for several) or a Parquet/JSONL file.")],
        config: Annotated[Optional[Path], typer.Option("--config", "-c", help="YAML file of the algorithm's knobs.")] = None,
        model: Annotated[Optional[str], typer.Option("--model", "-m", help="Base model (overrides the config).")] = None,
        max_steps: Annotated[Optional[int], typer.Option(help="Stop after N steps (overrides the config).")] = None,
        name: Annotated[Optional[str], typer.Option(help="Model line in the registry.")] = None,
        resume: Annotated[bool, typer.Option(help="Resume from the run's last checkpoint.")] = False,
    ) -> None:
        _run(ctx, algorithm, dataset, config, model, max_steps, name, resume)

    command.__doc__ = f"Train with {algorithm.upper()} and register the model version."
    app.command(algorithm)(command)


for _algorithm in ("sft", "reward", "dpo", "kto", "grpo"):
    _command(_algorithm)
