"""The pipeline file: YAML validated with pydantic; errors name file, line and field.

```yaml
workdir: runs/web            # markers, intermediate shards, the report
executor: {kind: local, workers: 2, shards: 8}
pipeline:
  - {type: jsonl_reader, paths: "raw/*.jsonl.gz"}
  - {type: text_normalizer}
  - {type: gopher_quality, min_doc_words: 50}
  - {type: minhash_dedup, bands: 20, rows: 5}
  - {type: jsonl_writer, output: clean/}
```

Relative paths in the file are read relative to the file's folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from loopline.core.errors import InputError, Location
from loopline.curate.base import PipelineStep
from loopline.curate.registry import STEPS, build_step

_PATH_KEYS = ("paths", "output", "rejects", "workspace")


class ExecutorSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["local", "ray"] = "local"
    workers: int | None = Field(default=None, ge=1)
    shards: int | None = Field(default=None, ge=1)
    address: str | None = None  # Ray cluster address


class PipelineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    workdir: str = "curate-run"
    report: str | None = None  # default: <workdir>/report
    executor: ExecutorSettings = ExecutorSettings()
    pipeline: list[dict[str, Any]] = Field(min_length=1)


class PipelineSpec:
    """A parsed pipeline file: settings plus the steps built from it."""

    def __init__(self, path: Path, settings: PipelineFile, steps: list[PipelineStep]) -> None:
        self.path, self.settings, self.steps = path, settings, steps
        base = path.parent.resolve()
        self.workdir = base / settings.workdir
        self.report_dir = base / settings.report if settings.report else self.workdir / "report"


def load_pipeline(path: Path) -> PipelineSpec:
    text = _read(path)
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}",
                         Location(file=str(path), line=mark.line + 1 if mark else None)) from exc
    if not isinstance(data, dict):
        raise InputError("a pipeline file is a mapping with a 'pipeline' list", Location(file=str(path), line=1))
    try:
        settings = PipelineFile.model_validate(data)
    except PydanticError as exc:
        raise _located(exc, (), root, path) from exc
    steps: list[PipelineStep] = []
    for i, entry in enumerate(settings.pipeline):
        where: tuple[Any, ...] = ("pipeline", i)
        step_type = entry.get("type")
        if step_type not in STEPS:
            raise InputError(f"unknown step type {step_type!r}; known: {', '.join(sorted(STEPS))}",
                             Location(file=str(path), line=_line(root, where + ("type",)), field=f"pipeline.{i}.type"))
        params = {k: v for k, v in entry.items() if k != "type"}
        for key in _PATH_KEYS:
            if key in params and params[key] is not None:
                params[key] = _relative(path.parent.resolve(), params[key])
        try:
            steps.append(build_step(step_type, params))
        except PydanticError as exc:
            raise _located(exc, where, root, path) from exc
        except ValueError as exc:
            raise InputError(str(exc), Location(file=str(path), line=_line(root, where), field=f"pipeline.{i}")) from exc
    return PipelineSpec(path, settings, steps)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the pipeline file: {exc}", Location(file=str(path))) from exc


def _relative(base: Path, value: Any) -> Any:
    if isinstance(value, list):
        return [_relative(base, v) for v in value]
    if isinstance(value, str) and not Path(value).is_absolute() and not value.startswith(("s3:", "gs:", "http")):
        return str(base / value)
    return value


def _located(exc: PydanticError, prefix: tuple[Any, ...], root: yaml.Node | None, path: Path) -> InputError:
    first = exc.errors()[0]
    loc = prefix + tuple(first["loc"])
    field = ".".join(str(p) for p in loc)
    return InputError(first["msg"], Location(file=str(path), line=_line(root, loc), field=field))


def _line(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest YAML node that `loc` reaches."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    child = key if value is None else value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line
