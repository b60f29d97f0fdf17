"""Quality, language and relevance filters."""

from loopline.curate.filters.c4_filter import C4QualityFilter
from loopline.curate.filters.fineweb_filter import FineWebQualityFilter
from loopline.curate.filters.gopher_quality_filter import GopherQualityFilter
from loopline.curate.filters.gopher_repetition_filter import GopherRepetitionFilter
from loopline.curate.filters.language_filter import LanguageFilter
from loopline.curate.filters.length_filter import LengthFilter
from loopline.curate.filters.relevance_filter import RelevanceFilter

__all__ = [
    "C4QualityFilter", "FineWebQualityFilter", "GopherQualityFilter", "GopherRepetitionFilter",
    "LanguageFilter", "LengthFilter", "RelevanceFilter",
]
