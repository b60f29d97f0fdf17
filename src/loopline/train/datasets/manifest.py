"""The manifest: what a dataset version is, where it came from, and how it was made.

A version folder is immutable and named by its content hash, so the manifest is the only place
that records provenance (projects, tasks, annotations, aggregation policy, exclusions). The
manifest's `created_at` and `parent` are deliberately not part of the id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from loopline.core.errors import NotFoundError

MANIFEST_FILE = "manifest.json"
DATA_FILE = "data.parquet"
LINEAGE_FILE = "lineage.parquet"
CARD_FILE = "README.md"


class DatasetManifest(BaseModel):
    """Everything known about one dataset version, written as manifest.json."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="'ds-' + 16 hex of sha256(format + canonical JSON of each row).")
    format: str
    conversational: bool
    row_count: int
    columns: list[str] = Field(description="Columns of data.parquet, exactly what TRL reads.")
    projects: list[str]
    questions: list[str] = Field(default_factory=list, description="Questions rows came from.")
    task_count: int
    annotation_count: int
    task_ids: list[int] = Field(default_factory=list, description="Every task read, in order.")
    annotation_ids: list[int] = Field(
        default_factory=list, description="Every annotation of those tasks, in order."
    )
    policy: dict[str, str] = Field(description="Aggregation policy per question type.")
    aggregation: dict[str, Any] | None = Field(
        default=None,
        description="The aggregation chosen at export (policy, trust weighting, questions); "
        "None for the default per-type policies.",
    )
    stats: dict[str, Any] = Field(default_factory=dict)
    files: dict[str, str] = Field(
        default_factory=lambda: {
            "data": DATA_FILE,
            "lineage": LINEAGE_FILE,
            "card": CARD_FILE,
        },
        description="Files of the version; lineage.parquet maps every row to its task, record, "
        "annotations and question.",
    )
    created_at: str = Field(description="ISO 8601, UTC; not part of the id.")
    loopline_version: str
    parent: str | None = None
    existed: bool = Field(
        default=False, exclude=True, description="Set on return when the same content existed."
    )

    def data_path(self, root: Path) -> Path:
        """Path of data.parquet (hand it to `datasets.load_dataset("parquet", ...)`)."""
        return Path(root) / self.id / self.files.get("data", DATA_FILE)


def save_manifest(folder: Path, manifest: DatasetManifest) -> None:
    """Write manifest.json into a (not yet published) version folder."""
    data = manifest.model_dump(mode="json")
    (folder / MANIFEST_FILE).write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def load_manifest(root: Path, dataset_id: str) -> DatasetManifest:
    """The manifest of version `dataset_id` under `root`; NotFoundError if there is none."""
    path = Path(root) / dataset_id / MANIFEST_FILE
    if not dataset_id.startswith("ds-") or not path.is_file():
        raise NotFoundError(f"no dataset version {dataset_id!r} in {root}")
    return DatasetManifest.model_validate(orjson.loads(path.read_bytes()))


def list_manifests(root: Path) -> list[DatasetManifest]:
    """Every published version under `root`, newest first (temp folders are skipped)."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = [
        load_manifest(root, folder.name)
        for folder in root.iterdir()
        if folder.name.startswith("ds-") and (folder / MANIFEST_FILE).is_file()
    ]
    found.sort(key=lambda m: (m.created_at, m.id), reverse=True)
    return found
