"""Executors: shards, resume after a killed run, local vs Ray output, funnel arithmetic."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from loopline.curate import (
    C4QualityFilter, Document, ExactDedup, GopherQualityFilter, JsonlReader, JsonlWriter,
    LocalExecutor, MinhashDedup, PiiRedactor, PipelineStep, TextNormalizer, check_funnel,
)


def pipeline(raw: Path, out: Path, extra: list[PipelineStep] | None = None) -> list[PipelineStep]:
    return [JsonlReader(str(raw)), TextNormalizer(), GopherQualityFilter(), C4QualityFilter(), PiiRedactor(),
            *(extra or []), ExactDedup(), MinhashDedup(), JsonlWriter(str(out))]


def read_output(out: Path) -> list[str]:
    return sorted(line for p in sorted(out.glob("*.jsonl")) for line in p.read_text().splitlines())


def test_local_executor_dedups_across_shards_and_funnel_adds_up(corpus: Path, tmp_path: Path) -> None:
    """Two workers, four shards: copies in other shards are found, and every count adds up."""
    result = LocalExecutor(pipeline(corpus, tmp_path / "out"), tmp_path / "work", workers=2, shards=4).run()
    by_name = {s.name: s for s in result.stats}
    assert by_name["jsonl_reader"].removed == {"bad_input": 1}
    assert by_name["gopher_quality"].removed["gopher_short_doc"] == 1
    assert by_name["exact_dedup"].removed == {"exact_duplicate": 10}
    assert by_name["minhash_dedup"].removed == {"near_duplicate": 10}
    assert check_funnel(result.stats) == []
    ids = {line.split('"id":"')[1].split('"')[0] for line in read_output(tmp_path / "out")}
    assert len(ids) == 120
    for i in range(10):  # one of each planted pair survives (whichever came first in shard order)
        assert len({f"d{i}", f"exact{i}"} & ids) == 1 and len({f"d{20 + i}", f"near{i}"} & ids) == 1


def test_one_worker_and_two_give_identical_output(corpus: Path, tmp_path: Path) -> None:
    """Inline and multi-process runs of the same shards write the same documents."""
    LocalExecutor(pipeline(corpus, tmp_path / "a"), tmp_path / "wa", workers=1, shards=3).run()
    LocalExecutor(pipeline(corpus, tmp_path / "b"), tmp_path / "wb", workers=2, shards=3).run()
    assert read_output(tmp_path / "a") == read_output(tmp_path / "b")


class CrashOnShard(PipelineStep):
    """Kills its worker process when it reaches shard `rank` (a stand-in for a killed run)."""

    type = "crash_on_shard"

    def __init__(self, rank: int, flag: str) -> None:
        super().__init__()
        self.rank, self.flag = rank, flag

    def run(self, docs, rank=0, world_size=1):  # type: ignore[no-untyped-def]
        for doc in docs:
            if rank == self.rank and Path(self.flag).exists():
                os._exit(9)
            self.stats.docs_in += 1
            self.stats.docs_out += 1
            yield doc


class CountShards(PipelineStep):
    """Appends its rank to a file each time it runs a shard (to see which shards were redone)."""

    type = "count_shards"

    def __init__(self, log: str) -> None:
        super().__init__()
        self.log = log

    def run(self, docs, rank=0, world_size=1):  # type: ignore[no-untyped-def]
        with open(self.log, "a") as f:
            f.write(f"{rank}\n")
        for doc in docs:
            self.stats.docs_in += 1
            self.stats.docs_out += 1
            yield doc


def test_resume_after_killed_run(corpus: Path, tmp_path: Path) -> None:
    """A worker killed mid-run stops it; rerunning redoes only unfinished shards, same output."""
    flag = tmp_path / "crash"
    flag.write_text("on")
    log = tmp_path / "shards.log"
    steps = lambda: pipeline(corpus, tmp_path / "out", [CountShards(str(log)), CrashOnShard(3, str(flag))])  # noqa: E731
    with pytest.raises(Exception):
        LocalExecutor(steps(), tmp_path / "work", workers=2, shards=4).run()
    done_before = sorted(p.name for p in (tmp_path / "work" / "stage-0").glob("*.done"))
    assert "00003.done" not in done_before and done_before
    flag.unlink()
    log.write_text("")
    result = LocalExecutor(steps(), tmp_path / "work", workers=2, shards=4).run()
    redone = sorted(int(x) for x in log.read_text().split())
    assert 3 in redone and len(redone) == 4 - len(done_before)
    assert result.shards_skipped == len(done_before)
    LocalExecutor(pipeline(corpus, tmp_path / "fresh"), tmp_path / "work2", workers=2, shards=4).run()
    assert read_output(tmp_path / "out") == read_output(tmp_path / "fresh")
    assert check_funnel(result.stats) == []


def test_workdir_of_another_pipeline_is_refused(corpus: Path, tmp_path: Path) -> None:
    """Resuming with different settings would mix two runs: it is refused."""
    from loopline.core.errors import LooplineError

    LocalExecutor(pipeline(corpus, tmp_path / "out"), tmp_path / "work", workers=1, shards=2).run()
    with pytest.raises(LooplineError, match="another pipeline"):
        LocalExecutor(pipeline(corpus, tmp_path / "out"), tmp_path / "work", workers=1, shards=3).run()


@pytest.mark.slow  # ~30 s on 2 shared cores, most of it starting Ray
def test_ray_executor_matches_local(corpus: Path, tmp_path: Path) -> None:
    """The Ray executor on a local instance writes exactly what the local executor writes."""
    ray = pytest.importorskip("ray")
    from loopline.curate import RayExecutor

    LocalExecutor(pipeline(corpus, tmp_path / "local"), tmp_path / "wl", workers=2, shards=4).run()
    start = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        result = RayExecutor(pipeline(corpus, tmp_path / "ray"), tmp_path / "wr", shards=4).run()
    finally:
        ray.shutdown()
    assert read_output(tmp_path / "ray") == read_output(tmp_path / "local")
    assert check_funnel(result.stats) == []
    print(f"ray run took {time.perf_counter() - start:.1f} s")


def test_global_step_inline_single_shard(tmp_path: Path) -> None:
    """A dedup step used outside an executor runs its three phases in one go."""
    step = ExactDedup()
    step.bind(tmp_path)
    assert [d.id for d in step.run([Document("a b", "1"), Document("A  B", "2")])] == ["1"]
