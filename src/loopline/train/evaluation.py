"""`loopline eval MODEL --against PARENT`: score a model version's replies and keep the result.

Both models answer the same prompts. A reward model scores every reply (mean score per model,
and the win rate: how often the candidate's reply beats the parent's, ties counting half);
an LLM judge behind any OpenAI-compatible endpoint can pick the better reply of each pair
instead (`loopline.train.judge`); project metrics are plain functions of the replies (the
demo's `off_topic_rate`, or any 'module:function'). Results are appended to the model version's evaluations, and the history
of its lineage can be plotted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from loopline.annotate.workspace import Workspace
from loopline.core.errors import ValidationError
from loopline.models.base import Messages, ModelBackend, SamplingParams
from loopline.train.grpo_trainer import import_reward
from loopline.train.registry import ModelVersionInfo, add_evaluation, get_model, resolve_model

BUILTIN_METRICS = {"off_topic_rate": "loopline.demo.off_topic:off_topic_rate"}


def metric_function(name: str) -> Callable[[list[str]], float]:
    return import_reward(BUILTIN_METRICS.get(name, name))


class RewardScorer:
    """Scores (conversation, reply) pairs with a sequence-classification reward model."""

    def __init__(self, path: str) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(path)
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1).eval()
        self.model.config.pad_token_id = self.tokenizer.pad_token_id

    def _text(self, messages: Messages, reply: str) -> str:
        convo = [*messages, {"role": "assistant", "content": reply}]
        if self.tokenizer.chat_template:
            return self.tokenizer.apply_chat_template(convo, tokenize=False)
        return "\n".join(f"{m['role']}: {m['content']}" for m in convo)

    def score(self, prompts: Sequence[Messages], replies: Sequence[str], batch_size: int = 16) -> list[float]:
        import torch

        texts = [self._text(p, r) for p, r in zip(prompts, replies)]
        out: list[float] = []
        with torch.inference_mode():
            for i in range(0, len(texts), batch_size):
                enc = self.tokenizer(texts[i : i + batch_size], return_tensors="pt", padding=True, truncation=True, max_length=512)
                out.extend(self.model(**enc).logits.squeeze(-1).float().tolist())
        return out


def _replies(ws: Workspace, ref: str, prompts: Sequence[Messages], sampling: SamplingParams) -> list[str]:
    from loopline.models.resolve import load_backend

    backend = load_backend(ws, ref)
    return [g[0].text for g in backend.generate(list(prompts), sampling, n=1)]


def evaluate_model(
    ws: Workspace,
    model: str,
    *,
    prompts: Sequence[Messages],
    against: str | None = None,
    reward_model: str | None = None,
    metrics: Sequence[str] = ("off_topic_rate",),
    sampling: SamplingParams | None = None,
    judge: str | ModelBackend | None = None,
    judge_api_key: str = "not-needed",
) -> dict[str, Any]:
    """Evaluate `model` (optionally against `against`) and store the result on the version.

    `judge` is an OpenAI-compatible URL (`http://host/v1#model`), any model reference
    `load_backend` takes, or a backend; it needs `against`.
    """
    if judge is not None and against is None:
        raise ValidationError("an LLM judge compares two models: pass --against", field="judge")
    sampling = sampling or SamplingParams(max_new_tokens=48, temperature=0.7, seed=0)
    info = resolve_model(ws, model)
    other = resolve_model(ws, against) if against else None
    ours = _replies(ws, info.id, prompts, sampling)
    theirs = _replies(ws, other.id, prompts, sampling) if other else None
    result: dict[str, Any] = {"at": time.time(), "prompts": len(prompts), "against": other.id if other else None, "sampling": sampling.as_dict()}
    values: dict[str, float] = {}
    for name in metrics:
        fn = metric_function(name)
        values[name] = float(fn(ours))
        if theirs is not None:
            values[f"{name}/against"] = float(fn(theirs))
    if reward_model:
        scorer = RewardScorer(resolve_model(ws, reward_model).path if not Path(reward_model).exists() else reward_model)
        mine = scorer.score(prompts, ours)
        values["reward_score"] = sum(mine) / len(mine)
        result["reward_model"] = reward_model
        if theirs is not None:
            base = scorer.score(prompts, theirs)
            values["reward_score/against"] = sum(base) / len(base)
            values["win_rate"] = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in zip(mine, base)) / len(mine)
    if judge is not None and theirs is not None:
        values.update(_judge(ws, judge, judge_api_key, prompts, ours, theirs, sampling, result))
    result["metrics"] = values
    result["examples"] = [{"prompt": p[-1]["content"], "reply": r} for p, r in zip(prompts[:5], ours[:5])]
    add_evaluation(ws, info.id, result)
    return result


def _judge(ws, judge, api_key, prompts, ours, theirs, sampling, result) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from loopline.models.resolve import load_backend
    from loopline.train.judge import judge_pairs

    backend = load_backend(ws, judge, api_key=api_key) if isinstance(judge, str) else judge
    verdicts = judge_pairs(backend, prompts, ours, theirs, seed=sampling.seed or 0)
    result["judge"] = verdicts.as_dict()
    rate = verdicts.win_rate
    return {} if rate is None else {"judge_win_rate": rate}


def lineage(ws: Workspace, model_id: str) -> list[ModelVersionInfo]:
    """The version and its ancestors, oldest first."""
    chain = [get_model(ws, model_id)]
    while chain[-1].parent_id:
        chain.append(get_model(ws, chain[-1].parent_id))
    return chain[::-1]


def plot_history(ws: Workspace, model_id: str, path: Path | None = None) -> Path:
    """A PNG of each metric's latest value along the version's lineage."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chain = lineage(ws, model_id)
    names = sorted({k for m in chain for e in m.evaluations for k in e["metrics"] if "/" not in k})
    fig, ax = plt.subplots(figsize=(7, 4))
    for name in names:
        xs, ys = [], []
        for i, m in enumerate(chain):
            latest = next((e["metrics"][name] for e in reversed(m.evaluations) if name in e["metrics"]), None)
            if latest is not None:
                xs.append(i)
                ys.append(latest)
        ax.plot(xs, ys, marker="o", label=name)
    ax.set_xticks(range(len(chain)), [f"{m.id}\n{m.algorithm}" for m in chain], fontsize=7)
    ax.set_title(f"Evaluation history of {model_id}")
    ax.legend()
    fig.tight_layout()
    out = path or Path(get_model(ws, model_id).path) / "eval_history.png"
    fig.savefig(out)
    plt.close(fig)
    return out
