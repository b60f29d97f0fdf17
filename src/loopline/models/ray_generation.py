"""Candidate generation on a Ray cluster: many prompts, many workers, one writer.

The driver reads the project's records and cuts them into batches, exactly as the local path
does. A pool of Ray actors, each loading the backend once from a picklable `BackendSpec`,
answers the batches; the driver writes each batch's generations as it comes back, through the
same `write_candidates` as the local path, so the records written are the same. Workers never
touch the workspace (its database may not even be reachable from the cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from loopline.annotate.workspace import Workspace
from loopline.models.base import Generation, Messages, SamplingParams
from loopline.models.candidates import GenerationReport, project_batches, write_candidates
from loopline.models.resolve import BackendSpec


class CandidateWorker:
    """A Ray actor holding one loaded backend for its whole life."""

    def __init__(self, spec: BackendSpec) -> None:
        self.backend = spec.load()

    def generate(self, index: int, prompts: list[Messages], sampling: SamplingParams, n: int) -> tuple[int, list[list[Generation]]]:
        return index, self.backend.generate(prompts, sampling, n=n)


def connect(address: str | None = None) -> Any:
    """Join the Ray cluster at `address` ('auto' for the running one), or start a local one."""
    import ray

    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
    return ray


def generate_candidates_ray(
    ws: Workspace,
    project: str,
    spec: BackendSpec,
    *,
    n: int = 4,
    sampling: SamplingParams | None = None,
    batch_size: int = 16,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
    address: str | None = None,
    workers: int | None = None,
    gpus_per_worker: float = 0.0,
) -> GenerationReport:
    """`generate_candidates` with the batches answered by a pool of Ray actors.

    `workers` defaults to one per CPU of the cluster (or per GPU with `gpus_per_worker`), never
    more than there are batches.
    """
    ray = connect(address)
    from ray.util import ActorPool

    sampling = sampling or SamplingParams()
    batches = project_batches(ws, project, batch_size, limit)
    report = GenerationReport(project, spec.name)
    if not batches:
        return report
    resources = ray.cluster_resources()
    slots = resources.get("GPU", 0) / gpus_per_worker if gpus_per_worker else resources.get("CPU", 1)
    count = max(1, min(len(batches), workers or int(slots)))
    actor = ray.remote(num_cpus=1, num_gpus=gpus_per_worker)(CandidateWorker)
    pool_actors = [actor.remote(spec) for _ in range(count)]
    try:
        pool = ActorPool(pool_actors)
        jobs = ((i, b.prompts, sampling, n) for i, b in enumerate(batches))
        outputs: Iterator[tuple[int, list[list[Generation]]]] = pool.map_unordered(
            lambda a, job: a.generate.remote(*job), jobs
        )
        return write_candidates(ws, report, batches, outputs, sampling, progress)
    finally:
        for a in pool_actors:
            ray.kill(a)
