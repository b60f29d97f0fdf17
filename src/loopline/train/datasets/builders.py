"""Pick the row builder for a format; the writer only ever sees this interface.

Every builder declares its Arrow schema up front so the Parquet file has explicit, stable column
types (an empty or all-null first batch must not change what TRL later reads).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

import pyarrow as pa

from loopline.core.questions.base import QuestionBase
from loopline.train.datasets.kto import KTOBuilder
from loopline.train.datasets.preference import PreferenceBuilder
from loopline.train.datasets.raw import RawBuilder
from loopline.train.datasets.rows import BuiltRow
from loopline.train.datasets.sft import SFTBuilder
from loopline.train.datasets.tasks import AnnotatedTask

if TYPE_CHECKING:
    from loopline.quality.consensus import Consensus

Format = Literal["sft", "preference", "kto", "reward", "raw"]
FORMATS: tuple[str, ...] = ("sft", "preference", "kto", "reward", "raw")

# Which TRL trainer reads each format (for the dataset card).
TRAINERS: dict[str, str] = {
    "sft": "trl.SFTTrainer",
    "preference": "trl.DPOTrainer",
    "reward": "trl.RewardTrainer",
    "kto": "trl.KTOTrainer",
    "raw": "(none: analysis and re-processing)",
}


class RowBuilder(Protocol):
    """Turns one annotated task into zero or more rows of one format."""

    fmt: str
    conversational: bool
    schema: pa.Schema
    policy: dict[str, str]
    questions: list[str]

    def notes(self) -> list[str]: ...

    def rows(self, task: AnnotatedTask, stats: Counter[str]) -> Iterator[BuiltRow]: ...


def make_builder(
    fmt: str, questions: Sequence[QuestionBase], *, conversational: bool,
    consensus: "Consensus | None" = None,
) -> RowBuilder:
    """The builder for `fmt`; raises ValueError for an unknown format.

    A `consensus` (an aggregation policy fitted over the whole export) applies to the formats
    that aggregate: preference, reward and kto.
    """
    if consensus is not None and fmt not in ("preference", "reward", "kto"):
        raise ValueError(f"an aggregation policy applies to preference, reward and kto exports, not {fmt!r}")
    if fmt == "preference":
        return PreferenceBuilder(questions, conversational=conversational, with_margin=False, consensus=consensus)
    if fmt == "reward":
        return PreferenceBuilder(questions, conversational=conversational, with_margin=True, consensus=consensus)
    if fmt == "kto":
        return KTOBuilder(questions, conversational=conversational, consensus=consensus)
    if fmt == "sft":
        return SFTBuilder(questions)
    if fmt == "raw":
        return RawBuilder(questions)
    raise ValueError(f"unknown dataset format {fmt!r} (choose from {', '.join(FORMATS)})")
