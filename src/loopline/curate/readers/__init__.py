"""Readers for JSONL, JSON, CSV, Parquet, text folders and WARC/WET (gzip/zstd transparently)."""

from loopline.curate.readers.base_reader import BaseReader
from loopline.curate.readers.csv_reader import CsvReader
from loopline.curate.readers.json_reader import JsonReader
from loopline.curate.readers.jsonl_reader import JsonlReader
from loopline.curate.readers.parquet_reader import ParquetReader
from loopline.curate.readers.text_folder_reader import TextFolderReader
from loopline.curate.readers.warc_reader import WarcReader

__all__ = ["BaseReader", "CsvReader", "JsonReader", "JsonlReader", "ParquetReader", "TextFolderReader", "WarcReader"]
