"""Step types by their YAML name, each with a pydantic model built from its constructor.

The constructor's signature is the one source of truth for a step's settings: the model is
derived from it (types, defaults, no unknown keys), so YAML and Python accept the same thing.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from loopline.curate.base import PipelineStep
from loopline.curate.dedup import ExactDedup, MinhashDedup, SemanticDedup
from loopline.curate.filters import (
    C4QualityFilter, FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter,
    LanguageFilter, LengthFilter, RelevanceFilter,
)
from loopline.curate.normalizers import BoilerplateRemover, TextNormalizer
from loopline.curate.pii import PiiRedactor
from loopline.curate.readers import (
    CsvReader, JsonlReader, JsonReader, ParquetReader, TextFolderReader, WarcReader,
)
from loopline.curate.segment import ConversationSegmenter
from loopline.curate.writers import JsonlWriter, ParquetWriter, WorkspaceWriter

STEPS: dict[str, type[PipelineStep]] = {
    cls.type: cls
    for cls in (
        JsonlReader, JsonReader, CsvReader, ParquetReader, TextFolderReader, WarcReader,
        TextNormalizer, BoilerplateRemover, LengthFilter, GopherQualityFilter,
        GopherRepetitionFilter, C4QualityFilter, FineWebQualityFilter, LanguageFilter,
        RelevanceFilter, PiiRedactor, ExactDedup, MinhashDedup, SemanticDedup,
        ConversationSegmenter, JsonlWriter, ParquetWriter, WorkspaceWriter,
    )
}


@cache
def settings_model(step_type: str) -> type[BaseModel]:
    cls = STEPS[step_type]
    fields: dict[str, Any] = {}
    hints = inspect.get_annotations(cls.__init__, eval_str=True)
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or name == "strict":
            continue
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[name] = (hints.get(name, Any), default)
    return create_model(f"{cls.__name__}Settings", __config__=ConfigDict(extra="forbid"), **fields)


def build_step(step_type: str, settings: dict[str, Any]) -> PipelineStep:
    model = settings_model(step_type).model_validate(settings)
    return STEPS[step_type](**dict(model))
