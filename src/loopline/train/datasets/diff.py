"""Compare two dataset versions: which rows and tasks came and went.

Rows are matched by content hash (kept per row in lineage.parquet), so a row that merely moved,
or came from a different annotation with the same text, counts as unchanged. Duplicated rows are
compared as a multiset: two copies in `a` and one in `b` leave one copy "only in a".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
from pydantic import BaseModel

from loopline.train.datasets.manifest import LINEAGE_FILE, load_manifest


class DatasetDiff(BaseModel):
    """Row and task differences from version `a` to version `b`."""

    a: str
    b: str
    format_a: str
    format_b: str
    rows_a: int
    rows_b: int
    only_in_a: int
    only_in_b: int
    in_both: int
    tasks_added: list[int]
    tasks_removed: list[int]

    def summary(self) -> str:
        """A few readable lines for a terminal or a changelog."""
        lines = [f"{self.a} -> {self.b}"]
        if self.format_a != self.format_b:
            lines.append(f"  formats differ: {self.format_a} vs {self.format_b}")
        delta = self.rows_b - self.rows_a
        lines += [
            f"  rows: {self.rows_a:,} -> {self.rows_b:,} ({delta:+,})",
            (
                f"  rows only in {self.a}: {self.only_in_a:,}; only in {self.b}: "
                f"{self.only_in_b:,}; in both: {self.in_both:,}"
            ),
            (
                f"  tasks added: {len(self.tasks_added):,}{_sample(self.tasks_added)}; "
                f"removed: {len(self.tasks_removed):,}{_sample(self.tasks_removed)}"
            ),
        ]
        return "\n".join(lines)


def _sample(ids: list[int], limit: int = 5) -> str:
    if not ids:
        return ""
    shown = ", ".join(str(i) for i in ids[:limit])
    return f" ({shown}{', ...' if len(ids) > limit else ''})"


def _row_hashes(root: Path, dataset_id: str) -> Counter[str]:
    table = pq.read_table(Path(root) / dataset_id / LINEAGE_FILE, columns=["row_hash"])
    return Counter(table.column("row_hash").to_pylist())


def diff_versions(root: Path, a: str, b: str) -> DatasetDiff:
    """How version `b` differs from version `a` (both under `root`)."""
    manifest_a, manifest_b = load_manifest(root, a), load_manifest(root, b)
    hashes_a, hashes_b = _row_hashes(root, a), _row_hashes(root, b)
    in_both = sum((hashes_a & hashes_b).values())
    tasks_a, tasks_b = set(manifest_a.task_ids), set(manifest_b.task_ids)
    return DatasetDiff(
        a=a,
        b=b,
        format_a=manifest_a.format,
        format_b=manifest_b.format,
        rows_a=manifest_a.row_count,
        rows_b=manifest_b.row_count,
        only_in_a=manifest_a.row_count - in_both,
        only_in_b=manifest_b.row_count - in_both,
        in_both=in_both,
        tasks_added=sorted(tasks_b - tasks_a),
        tasks_removed=sorted(tasks_a - tasks_b),
    )
