"""Writers: JSONL, Parquet, and a workspace project."""

from loopline.curate.writers.jsonl_writer import JsonlWriter
from loopline.curate.writers.parquet_writer import ParquetWriter
from loopline.curate.writers.workspace_writer import WorkspaceWriter

__all__ = ["JsonlWriter", "ParquetWriter", "WorkspaceWriter"]
