"""What every trainer shares: load dataset versions, resolve the base model, run TRL with
resume, save the weights into the workspace and register the result as a model version.

The algorithm-specific part (which TRL trainer, which model head, extra arguments) comes in as
a `TrainerSpec`, so each `xxx_trainer.py` stays a thin mapping onto TRL.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from loopline.annotate.workspace import Workspace
from loopline.core.errors import NotFoundError, ValidationError
from loopline.train.base_config import TrainConfig
from loopline.train.registry import ModelVersionInfo, models_dir, new_model_id, register_model, resolve_model


@dataclass(frozen=True)
class BaseModel:
    """The model training starts from: its folder or hub id, and its registry parent if any."""

    path: str
    parent_id: str | None
    line: str | None
    label: str


@dataclass
class TrainerSpec:
    """How one algorithm builds its TRL trainer."""

    algorithm: str
    formats: tuple[str, ...]
    build: Callable[["TrainingRun"], Any]
    classifier: bool = False


@dataclass
class TrainingRun:
    """Everything a spec's `build` needs to construct its TRL trainer."""

    ws: Workspace | None
    config: TrainConfig
    dataset: Any
    model: Any
    tokenizer: Any
    trl_args: dict[str, Any]
    peft_config: Any
    base: BaseModel
    dataset_ids: list[str]


def resolve_base(ws: Workspace | None, ref: str) -> BaseModel:
    """'demo' (trained on first use), a model version id or promoted line, else a folder or hub id."""
    if ref == "demo":
        if ws is None:
            raise ValidationError("the demo model lives in a workspace; pass one", field="model")
        from loopline.demo.model import ensure_demo_model

        info = ensure_demo_model(ws)
        return BaseModel(info.path, info.id, info.name, f"demo ({info.id})")
    if ws is not None and (ref.startswith("mv-") or not Path(ref).exists()):
        try:
            info = resolve_model(ws, ref)
            return BaseModel(info.path, info.id, info.name, info.base_model)
        except Exception:
            if ref.startswith("mv-"):
                raise
    return BaseModel(ref, None, None, ref)


def load_datasets(ws: Workspace | None, refs: Sequence[str], formats: tuple[str, ...]) -> tuple[Any, list[str]]:
    """Dataset versions (by id) or Parquet/JSONL files, concatenated; columns exactly as exported."""
    import datasets

    parts, ids = [], []
    for ref in refs:
        path = Path(ref)
        if path.suffix in (".parquet", ".jsonl", ".json") and path.exists():
            kind = "parquet" if path.suffix == ".parquet" else "json"
            parts.append(datasets.load_dataset(kind, data_files=str(path), split="train"))
            ids.append(str(path))
            continue
        if ws is None:
            raise NotFoundError(f"'{ref}' is not a file, and dataset versions need a workspace")
        from loopline.annotate.export import show_dataset

        manifest = show_dataset(ws, ref)
        if manifest.format not in formats:
            raise ValidationError(
                f"dataset version {ref} has format '{manifest.format}'; this trainer reads {', '.join(formats)}",
                field="dataset",
            )
        parts.append(datasets.load_dataset("parquet", data_files=str(manifest.data_path(ws.datasets_dir)), split="train"))
        ids.append(ref)
    if not parts:
        raise ValidationError("give at least one dataset version", field="dataset")
    data = parts[0] if len(parts) == 1 else datasets.concatenate_datasets(parts)
    if len(data) == 0:
        raise ValidationError("the dataset has no rows to train on", field="dataset")
    return data, ids


def run_key(algorithm: str, base: str, dataset_ids: list[str], config: TrainConfig) -> str:
    """A stable run folder name: the same run resumes into the same folder."""
    cfg = {k: v for k, v in config.to_dict().items() if k not in ("resume", "report_to", "output_dir")}
    blob = orjson.dumps([algorithm, base, dataset_ids, cfg], option=orjson.OPT_SORT_KEYS, default=str)
    return f"{algorithm}-{hashlib.sha256(blob).hexdigest()[:12]}"


@contextlib.contextmanager
def _quiet_hugging_face() -> Iterator[None]:
    """No progress bars from Transformers and datasets, and no deprecation notes, meanwhile."""
    import warnings

    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            yield
    finally:
        datasets.enable_progress_bars()
        transformers.utils.logging.enable_progress_bar()


def run_training(
    ws: Workspace | None,
    spec: TrainerSpec,
    datasets_refs: Sequence[str],
    config: TrainConfig,
    *,
    output_root: Path | None = None,
    callbacks: Sequence[Any] = (),
    quiet: bool = False,
) -> tuple[ModelVersionInfo | None, Path, Any]:
    """Train, save and register. Returns (model version or None without a workspace, folder, trainer).

    `quiet`: no log lines, progress bars or deprecation notes from Transformers and datasets
    (the caller shows its own progress)."""
    with _quiet_hugging_face() if quiet else contextlib.nullcontext():
        return _train(ws, spec, datasets_refs, config, output_root, callbacks, quiet)


def _train(
    ws: Workspace | None, spec: TrainerSpec, datasets_refs: Sequence[str], config: TrainConfig,
    output_root: Path | None, callbacks: Sequence[Any], quiet: bool,
) -> tuple[ModelVersionInfo | None, Path, Any]:
    import torch
    import transformers
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

    transformers.set_seed(config.seed)
    base = resolve_base(ws, config.model)
    data, dataset_ids = load_datasets(ws, datasets_refs, spec.formats)
    tokenizer = AutoTokenizer.from_pretrained(base.path)
    if tokenizer.eos_token is None and tokenizer.sep_token is not None:  # BERT-style encoders
        tokenizer.eos_token = tokenizer.sep_token
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if spec.classifier:
        model = AutoModelForSequenceClassification.from_pretrained(base.path, num_labels=1)
        model.config.pad_token_id = tokenizer.pad_token_id
    else:
        model = AutoModelForCausalLM.from_pretrained(base.path)
    root = output_root or (models_dir(ws) if ws is not None else Path("models"))
    run_dir = Path(config.output_dir) if config.output_dir else root / "runs" / run_key(spec.algorithm, base.path, dataset_ids, config)
    use_cpu = not torch.cuda.is_available()
    trl_args = {**config.common_trl_kwargs(str(run_dir), use_cpu), **config.trl_kwargs()}
    peft_config = None
    if config.lora:
        from peft import LoraConfig

        peft_config = LoraConfig(
            r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
            target_modules=config.lora_target_modules, task_type="SEQ_CLS" if spec.classifier else "CAUSAL_LM",
        )
    run = TrainingRun(ws, config, data, model, tokenizer, trl_args, peft_config, base, dataset_ids)
    trainer = spec.build(run)
    for cb in callbacks:
        trainer.add_callback(cb)
    if quiet:
        trainer.remove_callback(transformers.PrinterCallback)
        trainer.remove_callback(transformers.ProgressCallback)
    checkpoint = transformers.trainer_utils.get_last_checkpoint(str(run_dir)) if config.resume and run_dir.exists() else None
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=checkpoint)
    seconds = time.perf_counter() - started
    model_id = new_model_id()
    final = root / model_id
    _save(trainer, tokenizer, final, merge=config.lora)
    metrics = _metrics(trainer, result, seconds, resumed_from=checkpoint)
    if ws is None:
        return None, final, trainer
    info = register_model(
        ws, path=final, model_id=model_id, name=config.name or base.line or spec.algorithm,
        base_model=base.label, algorithm=spec.algorithm, dataset_versions=dataset_ids,
        config=config.to_dict(), metrics=metrics, parent_id=base.parent_id,
    )
    return info, final, trainer


def _save(trainer: Any, tokenizer: Any, folder: Path, *, merge: bool) -> None:
    model = trainer.model
    if merge and hasattr(model, "merge_and_unload"):
        model = model.merge_and_unload()
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))


def _metrics(trainer: Any, result: Any, seconds: float, *, resumed_from: str | None) -> dict[str, Any]:
    losses = [e["loss"] for e in trainer.state.log_history if "loss" in e]
    out: dict[str, Any] = {
        "train_loss": float(result.training_loss), "steps": int(trainer.state.global_step),
        "seconds": round(seconds, 3),
    }
    if losses:
        out.update(first_loss=float(losses[0]), last_loss=float(losses[-1]))
    last = next((e for e in reversed(trainer.state.log_history) if "loss" in e), {})
    for key in ("rewards/accuracies", "accuracy", "rewards/margins", "reward", "margin"):
        if key in last:
            out[key] = float(last[key])
    if resumed_from:
        out["resumed_from"] = resumed_from
    return out


class LooplineTrainer:
    """One algorithm as one Python call: `XTrainer(ws, ["ds-..."], config).train()`."""

    spec: TrainerSpec

    def __init__(
        self,
        ws: Workspace | None,
        datasets: str | Sequence[str],
        config: TrainConfig,
        *,
        output_root: Path | None = None,
        callbacks: Sequence[Any] = (),
        quiet: bool = False,
    ) -> None:
        self.ws = ws
        self.quiet = quiet
        self.datasets = [datasets] if isinstance(datasets, str) else list(datasets)
        self.config = config
        self.output_root = output_root
        self.callbacks = list(callbacks)
        self.trl_trainer: Any = None
        self.folder: Path | None = None

    def train(self) -> ModelVersionInfo | None:
        """Run TRL, save the weights, and register the model version (None without a workspace)."""
        info, self.folder, self.trl_trainer = run_training(
            self.ws, self.spec, self.datasets, self.config,
            output_root=self.output_root, callbacks=self.callbacks, quiet=self.quiet,
        )
        return info
