"""Label Studio exports: task data as the record, each result type as an answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from loopline.annotate.importing.items import ImportItem
from loopline.annotate.importing.label_studio import LabelStudioItem
from loopline.annotate.importing.stream import iter_items
from loopline.core.errors import InputError


def _export(tmp_path: Path, *tasks: Any) -> list[ImportItem | InputError]:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(list(tasks)))
    return list(iter_items(path))


def _task(results: list[dict[str, Any]], **annotation: Any) -> dict[str, Any]:
    return {"id": 42, "data": {"text": "Paris is in France.", "answer1": "A", "answer2": "B",
                               "topic": "geo"},
            "annotations": [{"id": 1, "completed_by": {"id": 3, "email": "ann@x.org"},
                             "result": results, **annotation}],
            "predictions": [{"result": [{"type": "choices", "from_name": "q",
                                         "value": {"choices": ["model"]}}]}]}


def _one(tmp_path: Path, results: list[dict[str, Any]], **annotation: Any) -> LabelStudioItem:
    (item,) = _export(tmp_path, _task(results, **annotation))
    assert isinstance(item, LabelStudioItem), item
    return item


def _result(kind: str, name: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"type": kind, "from_name": name, "to_name": "text", "value": value}


def test_task_data_becomes_the_record(tmp_path: Path) -> None:
    """text → prompt, answerN → responses, other data keys and the task id → metadata."""
    item = _one(tmp_path, [])
    assert item.record.prompt == "Paris is in France." and item.shape == "label_studio"
    assert [r.content for r in item.record.responses] == ["A", "B"]
    assert item.record.metadata == {"topic": "geo", "label_studio_id": 42}


def test_empty_annotations_and_predictions_are_not_imported(tmp_path: Path) -> None:
    """An annotation with no results, and model predictions, give no annotation."""
    assert _one(tmp_path, []).annotations == []


def test_choices_rating_textarea_pairwise(tmp_path: Path) -> None:
    """Each simple result type maps onto its answer form under its from_name."""
    item = _one(tmp_path, [
        _result("choices", "sentiment", {"choices": ["positive"]}),
        _result("choices", "tags", {"choices": ["geo", "fact"]}),
        _result("rating", "quality", {"rating": 4}),
        _result("textarea", "fix", {"text": ["line one", "line two"]}),
        _result("pairwise", "better", {"selected": "right"}),
    ])
    assert item.annotations[0].answers == {
        "sentiment": "positive", "tags": ["geo", "fact"], "quality": 4,
        "fix": "line one\nline two", "better": {"choice": "b", "strength": None}}
    assert item.result_types["fix"] == "textarea"


def test_label_results_merge_into_one_spans_answer(tmp_path: Path) -> None:
    """Several `labels` results of one control become one spans answer."""
    item = _one(tmp_path, [
        _result("labels", "ner", {"start": 0, "end": 5, "text": "Paris", "labels": ["LOC"]}),
        _result("labels", "ner", {"start": 15, "end": 21, "text": "France", "labels": ["LOC"]}),
    ])
    spans = item.annotations[0].answers["ner"]
    assert spans == {"spans": [{"start": 0, "end": 5, "label": "LOC", "text": "Paris"},
                               {"start": 15, "end": 21, "label": "LOC", "text": "France"}],
                     "relations": []}


def test_annotator_from_email_or_user_id(tmp_path: Path) -> None:
    """The annotator is the email when exported, else `label-studio:<id>`."""
    task = _task([_result("rating", "q", {"rating": 2})])
    task["annotations"].append({"completed_by": 9,
                                "result": [_result("rating", "q", {"rating": 3})]})
    (item,) = _export(tmp_path, task)
    assert isinstance(item, ImportItem)
    assert [a.annotator for a in item.annotations] == ["ann@x.org", "label-studio:9"]


def test_created_at_is_parsed(tmp_path: Path) -> None:
    """The ISO timestamp becomes seconds since the epoch."""
    item = _one(tmp_path, [_result("rating", "q", {"rating": 2})],
                created_at="2024-01-01T00:00:00Z")
    assert item.annotations[0].created_at == 1704067200.0


def test_cancelled_annotations_are_skipped(tmp_path: Path) -> None:
    """Skipped (was_cancelled) annotations are not imported."""
    item = _one(tmp_path, [_result("rating", "q", {"rating": 2})], was_cancelled=True)
    assert item.annotations == []


def test_unsupported_result_type_names_its_path(tmp_path: Path) -> None:
    """An unknown result type is an error at annotations.N.result.M.type."""
    (err,) = _export(tmp_path, _task([_result("rating", "q", {"rating": 1}),
                                      _result("polygonlabels", "seg", {})]))
    assert isinstance(err, InputError)
    assert err.location.field == "annotations.0.result.1.type"
    assert "polygonlabels" in err.message and err.location.unit == "item"


def test_bad_data_is_reported_under_data(tmp_path: Path) -> None:
    """A record error inside `data` is prefixed with `data.`."""
    (err,) = _export(tmp_path, {"data": {"messages": [{"role": "robot", "content": "x"}]}})
    assert isinstance(err, InputError) and err.location.field == "data.messages.0.role"
