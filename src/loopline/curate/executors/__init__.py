"""Executors: local processes with shards and resume markers, or Ray tasks."""

from loopline.curate.executors.base import Executor, RunResult
from loopline.curate.executors.local_executor import LocalExecutor
from loopline.curate.executors.ray_executor import RayExecutor

__all__ = ["Executor", "LocalExecutor", "RayExecutor", "RunResult"]
