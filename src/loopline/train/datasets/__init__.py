"""Dataset versions for training: annotated tasks in, TRL-ready Parquet folders out.

Exports resolve lazily so that importing `loopline.train.datasets.tasks` (as the store does)
does not pull in pyarrow.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS: dict[str, str] = {
    "AnnotatedTask": "tasks",
    "AnnotationRow": "tasks",
    "DatasetDiff": "diff",
    "DatasetManifest": "manifest",
    "FORMATS": "builders",
    "diff_versions": "diff",
    "list_manifests": "manifest",
    "load_manifest": "manifest",
    "write_dataset_version": "writer",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)


__all__ = [
    "FORMATS",
    "AnnotatedTask",
    "AnnotationRow",
    "DatasetDiff",
    "DatasetManifest",
    "diff_versions",
    "list_manifests",
    "load_manifest",
    "write_dataset_version",
]
