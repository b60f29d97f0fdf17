"""`loopline eval MODEL --against PARENT`: reward score, win rates (reward model, LLM judge),
project metrics; stored and plotted."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from loopline.cli.console import console


def run(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(help="Model version id or promoted line.")],
    against: Annotated[Optional[str], typer.Option(help="Model to compare with (e.g. the parent).")] = None,
    reward_model: Annotated[Optional[str], typer.Option(help="Reward model version (or folder) that scores replies.")] = None,
    judge: Annotated[Optional[str], typer.Option(help="LLM judge: OpenAI-compatible http://host/v1#model, or a model reference.")] = None,
    judge_api_key: Annotated[str, typer.Option(envvar="LOOPLINE_JUDGE_API_KEY", help="API key for the judge endpoint.")] = "not-needed",
    metric: Annotated[list[str], typer.Option(help="Project metric: off_topic_rate or module:function.")] = ["off_topic_rate"],
    project: Annotated[Optional[str], typer.Option("--project", "-p", help="Prompts from this project's records (default: the demo's off-topic prompts).")] = None,
    limit: Annotated[int, typer.Option(help="Number of prompts.")] = 40,
) -> None:
    """Evaluate a model version and store the result on it, with a plot of its lineage's history."""
    from loopline.train.evaluation import evaluate_model, plot_history

    with ctx.obj.open() as ws:
        prompts = _prompts(ws, project, limit)
        result = evaluate_model(ws, model, prompts=prompts, against=against, reward_model=reward_model, metrics=metric,
                                judge=judge, judge_api_key=judge_api_key)
        from loopline.train.registry import resolve_model

        png = plot_history(ws, resolve_model(ws, model).id)
    for key, value in result["metrics"].items():
        console.print(f"  {key}: {value:.4f}")
    if "judge" in result:
        j = result["judge"]
        console.print(f"  judge: {j['requests']} requests, {j['wins']} wins, {j['losses']} losses, "
                      f"{j['parse_failures']} unparsed; candidate shown first {j['candidate_first']}x, second {j['candidate_second']}x")
    console.print(f"  plot: {png}")


def _prompts(ws, project: str | None, limit: int):  # type: ignore[no-untyped-def]
    if project is None:
        from loopline.demo.corpus import off_topic_prompts

        return off_topic_prompts(limit)
    from loopline.annotate.projects import get_project
    from loopline.core.records import Record
    from loopline.store.candidates import project_task_records

    info = get_project(ws, project)
    with ws.database.read() as conn:
        rows = project_task_records(conn=conn, project_id=info.id, limit=limit)
    return [Record.model_validate(r["data"]).prompt_messages() for r in rows]
