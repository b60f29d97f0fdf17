"""Aggregated exports (with agreement and confidence columns) still train with TRL."""

from __future__ import annotations

from pathlib import Path

import pytest

from loopline.quality.consensus import fit_consensus
from loopline.train.datasets.writer import write_dataset_version

pytest.importorskip("trl")
from tests.train.conftest import _make_task  # noqa: E402
from tests.train.test_dataset_trl import PREPARED, QUESTIONS, _load, _tasks, _train_one_step, _trainer  # noqa: E402


@pytest.mark.parametrize(("fmt", "policy"), [("reward", "bradley-terry"), ("kto", "dawid-skene")])
def test_aggregated_export_trains_one_step(fmt: str, policy: str, tmp_path: Path) -> None:
    """TRL's own preparation and one optimisation step accept the extra columns."""
    tasks = _tasks(_make_task, False)
    consensus = fit_consensus(iter(tasks), QUESTIONS, policy)
    manifest = write_dataset_version(tmp_path / "datasets", fmt, iter(tasks), QUESTIONS, projects=["demo"], conversational=False, consensus=consensus)
    assert {"agreement", "confidence"} <= set(manifest.columns) and manifest.row_count > 0
    ds = _load(manifest, tmp_path / "datasets", tmp_path)
    trainer = _trainer(fmt, ds, tmp_path)
    assert PREPARED[fmt] <= set(trainer.train_dataset.column_names)
    _train_one_step(trainer)
