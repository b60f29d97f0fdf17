"""Shapes shared by the agreement metrics: label codes and the items x categories count table.

Metrics take plain sequences or arrays at the edge and work on integer codes inside, so any
hashable label (strings, ints) works and the maths stays in NumPy.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt


def encode(*columns: Sequence[Hashable], labels: Sequence[Hashable] | None = None) -> tuple[list[npt.NDArray[np.int64]], list[Hashable]]:
    """Integer codes of each column against one shared, sorted (or given) category list."""
    if labels is None:
        seen = {value for column in columns for value in column}
        try:
            labels = sorted(seen)  # type: ignore[type-var]
        except TypeError:
            labels = sorted(seen, key=repr)
    index = {value: i for i, value in enumerate(labels)}
    codes = []
    for column in columns:
        try:
            codes.append(np.fromiter((index[v] for v in column), dtype=np.int64, count=len(column)))
        except KeyError as exc:
            raise ValueError(f"label {exc.args[0]!r} is not among the categories {list(labels)!r}") from None
    return codes, list(labels)


def count_table(items: npt.ArrayLike, codes: npt.ArrayLike, n_items: int, n_categories: int) -> npt.NDArray[np.float64]:
    """Items x categories matrix: how many annotators put item i in category k."""
    table = np.zeros((n_items, n_categories), dtype=np.float64)
    np.add.at(table, (np.asarray(items), np.asarray(codes)), 1.0)
    return table
