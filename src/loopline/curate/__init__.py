"""Curation: turn raw text into clean records, locally or on Ray, and report what went and why.

A pipeline is a list of steps (readers, normalizers, filters, PII redaction, dedup, writers);
an executor runs it in shards. See docs/curation.md.
"""

from loopline.curate.base import BaseFilter, GlobalStep, PipelineStep
from loopline.curate.config import load_pipeline
from loopline.curate.dedup import ExactDedup, MinhashDedup, SemanticDedup
from loopline.curate.document import Document
from loopline.curate.executors import LocalExecutor, RayExecutor, RunResult
from loopline.curate.filters import (
    C4QualityFilter, FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter,
    LanguageFilter, LengthFilter, RelevanceFilter,
)
from loopline.curate.normalizers import BoilerplateRemover, TextNormalizer
from loopline.curate.pii import PiiRedactor
from loopline.curate.readers import (
    CsvReader, JsonlReader, JsonReader, ParquetReader, TextFolderReader, WarcReader,
)
from loopline.curate.report import check_funnel, write_report
from loopline.curate.segment import ConversationSegmenter
from loopline.curate.service import dry_run, run_pipeline
from loopline.curate.stats import StepStats
from loopline.curate.writers import JsonlWriter, ParquetWriter, WorkspaceWriter

__all__ = [
    "BaseFilter", "BoilerplateRemover", "C4QualityFilter", "ConversationSegmenter", "CsvReader",
    "Document", "ExactDedup", "FineWebQualityFilter", "GlobalStep", "GopherQualityFilter",
    "GopherRepetitionFilter", "JsonReader", "JsonlReader", "JsonlWriter", "LanguageFilter",
    "LengthFilter", "LocalExecutor", "MinhashDedup", "ParquetReader", "ParquetWriter",
    "PiiRedactor", "PipelineStep", "RayExecutor", "RelevanceFilter", "RunResult", "SemanticDedup",
    "StepStats", "TextFolderReader", "TextNormalizer", "WarcReader", "WorkspaceWriter",
    "check_funnel", "dry_run", "load_pipeline", "run_pipeline", "write_report",
]
