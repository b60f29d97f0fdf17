"""An extra check on real Common Crawl documents (Dolma JSONL), when ../shared/data is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from loopline.curate import (
    C4QualityFilter, ExactDedup, GopherQualityFilter, GopherRepetitionFilter, JsonlReader, JsonlWriter,
    LanguageFilter, LocalExecutor, MinhashDedup, PiiRedactor, TextNormalizer, check_funnel,
)

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "commoncrawl-sample"


@pytest.mark.skipif(not SAMPLE.exists(), reason=f"{SAMPLE} is absent (it lives outside the repository)")
def test_real_common_crawl_documents(tmp_path: Path) -> None:
    """Real noisy web pages run through the whole pipeline; counts add up; all are English."""
    steps = [JsonlReader(str(SAMPLE)), TextNormalizer(), GopherQualityFilter(), GopherRepetitionFilter(),
             C4QualityFilter(), LanguageFilter(), PiiRedactor(), ExactDedup(), MinhashDedup(),
             JsonlWriter(str(tmp_path / "out"))]
    result = LocalExecutor(steps, tmp_path / "work", workers=1, shards=2).run()
    assert result.stats[0].docs_out == 20 and not result.stats[0].errors
    assert check_funnel(result.stats) == []
    assert result.stats[-1].docs_out > 0
    languages = result.stats[5]
    assert languages.removed.get("wrong_language", 0) == 0
