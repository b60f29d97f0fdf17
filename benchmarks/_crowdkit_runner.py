"""Runs one crowd-kit aggregator on a Parquet file and reports its time (run by the crowd-kit
venv's Python; it must not import loopline). Usage: _crowdkit_runner.py ds|bt DATA OUT."""

from __future__ import annotations

import json
import sys
import time

import pandas as pd


def main() -> None:
    kind, data, out = sys.argv[1:4]
    df = pd.read_parquet(data)
    started = time.perf_counter()
    if kind == "ds":
        from crowdkit.aggregation import DawidSkene

        result = DawidSkene(n_iter=100).fit_predict(df).rename("label").to_frame()
    else:
        from crowdkit.aggregation import BradleyTerry

        result = BradleyTerry(n_iter=100).fit_predict(df).rename("score").to_frame()
    elapsed = time.perf_counter() - started
    result.reset_index().to_parquet(out)
    print(json.dumps({"seconds": elapsed}))


if __name__ == "__main__":
    main()
