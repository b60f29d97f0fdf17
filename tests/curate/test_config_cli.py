"""The YAML pipeline file and `loopline curate`: errors with file/line/field, dry run, report."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loopline.cli.main import main
from loopline.core.errors import InputError
from loopline.curate import load_pipeline

PIPELINE = """\
name: test-run
workdir: work
executor: {kind: local, workers: 2, shards: 3}
pipeline:
  - {type: jsonl_reader, paths: raw}
  - {type: text_normalizer}
  - type: gopher_quality
    min_doc_words: 20
  - {type: pii_redactor}
  - {type: exact_dedup}
  - {type: minhash_dedup, bands: 20, rows: 5, threshold: 0.7}
  - {type: jsonl_writer, output: clean}
"""


def test_pipeline_file_builds_steps(corpus: Path) -> None:
    """A valid file gives the steps in order, with paths relative to the file."""
    path = corpus.parent / "pipe.yaml"
    path.write_text(PIPELINE)
    spec = load_pipeline(path)
    assert [s.type for s in spec.steps][:3] == ["jsonl_reader", "text_normalizer", "gopher_quality"]
    assert spec.steps[2].min_doc_words == 20  # type: ignore[attr-defined]
    assert spec.steps[0].paths == [str(corpus.parent / "raw")]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("bad", "line", "field"), [
    ("    min_doc_words: lots\n", 8, "pipeline.2.min_doc_words"),
    ("    min_words_typo: 3\n", 8, "pipeline.2.min_words_typo"),
])
def test_bad_setting_names_file_line_and_field(tmp_path: Path, bad: str, line: int, field: str) -> None:
    """A wrong value or an unknown key is reported with its file, line and field."""
    path = tmp_path / "pipe.yaml"
    path.write_text(PIPELINE.replace("    min_doc_words: 20\n", bad))
    with pytest.raises(InputError) as info:
        load_pipeline(path)
    assert info.value.location.line == line and info.value.location.field == field
    assert str(path) in str(info.value)


def test_unknown_step_type(tmp_path: Path) -> None:
    """An unknown step type lists the known ones."""
    path = tmp_path / "pipe.yaml"
    path.write_text(PIPELINE.replace("{type: text_normalizer}", "{type: text_normaliser}"))
    with pytest.raises(InputError, match="unknown step type 'text_normaliser'") as info:
        load_pipeline(path)
    assert info.value.location.line == 6


def test_cli_dry_run_writes_nothing(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--dry-run prints the funnel and the MinHash curve and writes no output or report."""
    path = corpus.parent / "pipe.yaml"
    path.write_text(PIPELINE)
    assert main(["curate", str(path), "--dry-run", "--sample", "50"]) == 0
    out = capsys.readouterr().out
    assert "funnel" in out and "P(candidate)" in out and "gopher_quality" in out
    assert not (corpus.parent / "clean").exists() and not (corpus.parent / "work").exists()


def test_cli_run_writes_output_and_report(corpus: Path) -> None:
    """A full run writes the clean shards and a JSON + HTML report whose funnel adds up."""
    path = corpus.parent / "pipe.yaml"
    path.write_text(PIPELINE)
    assert main(["curate", str(path)]) == 0
    report = orjson.loads((corpus.parent / "work" / "report" / "report.json").read_bytes())
    assert report["problems"] == []
    funnel = {row["name"]: row for row in report["funnel"]}
    assert funnel["jsonl_reader"]["reasons"] == {"bad_input": 1}
    assert funnel["exact_dedup"]["removed"] == 10
    assert report["steps"][0]["errors"][0]["line"] == 37  # the broken line appended to part-0
    html = (corpus.parent / "work" / "report" / "report.html").read_text()
    assert "data:image/png;base64," in html and "near_duplicate" in html
    written = sum(len(p.read_text().splitlines()) for p in (corpus.parent / "clean").glob("*.jsonl"))
    assert written == funnel["jsonl_writer"]["out"] == 120


def test_cli_strict_stops_on_bad_line(corpus: Path) -> None:
    """--strict turns the first bad row into an error naming file and line."""
    path = corpus.parent / "pipe.yaml"
    path.write_text(PIPELINE.replace("shards: 3", "shards: 1").replace("workers: 2", "workers: 1"))
    assert main(["curate", str(path), "--strict"]) == 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.text(alphabet="abcxyz", min_size=1, max_size=8), st.floats(0.5, 9.5).filter(lambda f: f != int(f))))
def test_any_wrong_value_is_located(tmp_path: Path, value: object) -> None:
    """A non-integer min_doc_words always fails on line 8, field pipeline.2.min_doc_words."""
    path = tmp_path / "pipe.yaml"
    path.write_text(PIPELINE.replace("min_doc_words: 20", f"min_doc_words: {value}"))
    with pytest.raises(InputError) as info:
        load_pipeline(path)
    assert (info.value.location.line, info.value.location.field) == (8, "pipeline.2.min_doc_words")
