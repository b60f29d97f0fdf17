"""Importing files into a workspace: atomic, deduplicated, with existing annotations."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from loopline.annotate import queue
from loopline.annotate.annotators import list_annotators
from loopline.annotate.imports import ImportOptions, import_file
from loopline.annotate.projects import get_project, project_progress
from loopline.core.errors import InputError
from loopline.core.project import ProjectDefinition
from tests.utils.factories import make_annotators, make_project


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def _ranked_rows(n: int) -> list[dict]:
    return [{"prompt": f"question {i}", "responses": [f"answer {i}a", f"answer {i}b"]} for i in range(n)]


def test_import_creates_project_with_inferred_questions(workspace, tmp_path):
    """A new project gets a ranking question for rows with candidate lists, and says so."""
    report = import_file(workspace, _jsonl(tmp_path / "a.jsonl", _ranked_rows(3)), "fresh")
    assert report.project_created and "rank" in report.inferred
    assert [q.type for q in get_project(workspace, "fresh").questions] == ["ranking"]
    assert report.records_new == 3 and report.tasks_new == 3


def test_reimport_adds_nothing(workspace, tmp_path):
    """The same content imported twice adds no record, task or annotation the second time."""
    path = _jsonl(tmp_path / "a.jsonl", _ranked_rows(5))
    import_file(workspace, path, "p1")
    again = import_file(workspace, path, "p1")
    assert (again.records_new, again.records_existing, again.tasks_new, again.tasks_existing) == (0, 5, 0, 5)
    assert project_progress(workspace, "p1")["tasks"] == 5


def test_same_record_in_two_projects_is_one_record(workspace, tmp_path):
    """Records are shared by content; each project gets its own task."""
    path = _jsonl(tmp_path / "a.jsonl", _ranked_rows(2))
    import_file(workspace, path, "p1")
    report = import_file(workspace, path, "p2")
    assert report.records_new == 0 and report.tasks_new == 2


def test_bad_row_imports_nothing_and_names_line_and_field(workspace, tmp_path):
    """One bad row rolls back the whole import and the error points at it."""
    rows = _ranked_rows(3) + [{"messages": [{"role": "robot", "content": "hi"}]}]
    path = _jsonl(tmp_path / "bad.jsonl", rows)
    make_project(workspace, name="p1")
    with pytest.raises(InputError) as err:
        import_file(workspace, path, "p1")
    assert err.value.location.line == 4
    assert "messages.0.role" in (err.value.location.field or "")
    assert project_progress(workspace, "p1")["tasks"] == 0


def test_failed_import_does_not_create_project(workspace, tmp_path):
    """A project inferred by a failed import is rolled back with it."""
    path = _jsonl(tmp_path / "bad.jsonl", _ranked_rows(2) + [{"prompt": 5}])
    with pytest.raises(InputError):
        import_file(workspace, path, "ghost")
    with pytest.raises(Exception, match="no project"):
        get_project(workspace, "ghost")


def test_skip_invalid_writes_rejects(workspace, tmp_path):
    """With skip_invalid the good rows go in and each bad one is written with its reason."""
    rows = _ranked_rows(2) + [{"prompt": 5}, {"nothing": "here"}]
    path = _jsonl(tmp_path / "mixed.jsonl", rows)
    report = import_file(workspace, path, "p1", ImportOptions(skip_invalid=True))
    assert report.records_new == 2 and report.rejected == 2
    lines = [json.loads(x) for x in report.rejects_path.read_text().splitlines()]
    assert [x["line"] for x in lines] == [3, 4]
    assert all(x["error"] for x in lines)


def test_preference_rows_import_their_label_as_annotation(workspace, tmp_path):
    """TRL preference rows become pairwise tasks with the known preference as an annotation."""
    rows = [{"prompt": f"q{i}", "chosen": f"good {i}", "rejected": f"bad {i}"} for i in range(4)]
    report = import_file(workspace, _jsonl(tmp_path / "pref.jsonl", rows), "pref", ImportOptions(annotator="vendor"))
    assert report.annotations_new == 4 and report.annotators_created == 1
    assert [a.name for a in list_annotators(workspace)] == ["vendor"]
    assert project_progress(workspace, "pref")["done"] == 4


def test_answers_jsonl_imports_vendor_delivery(workspace, tmp_path):
    """A plain (record, annotator, answers) file lands as annotations by those annotators."""
    make_project(workspace, name="p1", overlap=2)
    rows = [
        {"record": {"prompt": "q", "responses": ["a", "b"]}, "annotator": who, "answers": {"rank": ranks}}
        for who, ranks in (("ann-x", [1, 2]), ("ann-y", [2, 1]))
    ]
    report = import_file(workspace, _jsonl(tmp_path / "ans.jsonl", rows), "p1")
    assert report.annotations_new == 2 and report.records_new == 1
    assert project_progress(workspace, "p1")["done"] == 1


def test_reimported_answers_are_recognised_and_a_changed_one_is_refused(workspace, tmp_path):
    """Importing a delivery again adds nothing; an annotator whose answer changed is an error
    at that row's annotator field, and the import leaves the workspace as it was."""
    make_project(workspace, name="p1", overlap=2)
    rows = [
        {"record": {"prompt": "q", "responses": ["a", "b"]}, "annotator": who, "answers": {"rank": ranks}}
        for who, ranks in (("ann-x", [1, 2]), ("ann-y", [2, 1]))
    ]
    import_file(workspace, _jsonl(tmp_path / "ans.jsonl", rows), "p1")
    again = import_file(workspace, _jsonl(tmp_path / "ans.jsonl", rows), "p1")
    assert again.annotations_existing == 2 and again.annotations_new == 0
    rows[1]["answers"] = {"rank": [1, 2]}
    with pytest.raises(InputError) as info:
        import_file(workspace, _jsonl(tmp_path / "changed.jsonl", rows), "p1")
    assert info.value.location.line == 2 and info.value.location.field == "annotator"
    assert "already answered this record differently" in info.value.message
    assert project_progress(workspace, "p1")["done"] == 1


def test_invalid_imported_answer_names_the_answer_field(workspace, tmp_path):
    """An imported answer that breaks its question is an error at that row's answers field."""
    make_project(workspace, name="p1")
    rows = [{"record": {"prompt": "q", "responses": ["a", "b"]}, "annotator": "x", "answers": {"rank": [1, 7]}}]
    with pytest.raises(InputError) as err:
        import_file(workspace, _jsonl(tmp_path / "ans.jsonl", rows), "p1")
    assert err.value.location.field.startswith("answers.rank")


def test_imported_annotations_count_toward_overlap(workspace, tmp_path):
    """A task that already has an imported annotation needs one fewer from the queue."""
    make_project(workspace, name="p1", overlap=2)
    rows = [{"record": {"prompt": "q", "responses": ["a", "b"]}, "annotator": "vendor", "answers": {"rank": [1, 2]}}]
    import_file(workspace, _jsonl(tmp_path / "ans.jsonl", rows), "p1")
    p = get_project(workspace, "p1")
    a, b = make_annotators(workspace, 2)
    lease = queue.claim(workspace, p.id, a.id)
    queue.submit(workspace, p.id, a.id, lease.task_id, {"rank": [2, 1]})
    assert queue.claim(workspace, p.id, b.id) is None


def test_definition_creates_missing_project(workspace, tmp_path):
    """A definition passed with the import is used instead of inference."""
    definition = ProjectDefinition.model_validate(
        {"name": "x", "questions": [{"type": "rating", "name": "score", "response": 0}], "overlap": 3}
    )
    rows = [{"prompt": "q", "response": "a"}]
    import_file(workspace, _jsonl(tmp_path / "a.jsonl", rows), "rated", ImportOptions(definition=definition))
    p = get_project(workspace, "rated")
    assert p.definition.overlap == 3 and p.questions[0].name == "score"


def test_routing_and_priority_rules_apply_at_import(workspace, tmp_path):
    """Tasks get their route from metadata and their priority from the project's rules."""
    make_project(
        workspace, name="p1",
        routing={"language_field": "lang"},
        priority_rules=[{"field": "tier", "equals": "gold", "priority": 10}],
    )
    rows = [
        {"prompt": "hallo", "responses": ["a", "b"], "metadata": {"lang": "de"}},
        {"prompt": "vip", "responses": ["a", "b"], "metadata": {"lang": "en", "tier": "gold"}},
    ]
    import_file(workspace, _jsonl(tmp_path / "a.jsonl", rows), "p1")
    p = get_project(workspace, "p1")
    assert set(p.routes) == {"lang:de", "lang:en"}
    from loopline.annotate.annotators import create_annotator

    en = create_annotator(workspace, "en-only", languages=["en"])
    lease = queue.claim(workspace, p.id, en.id)
    assert lease.record.prompt == "vip"
    assert queue.claim(workspace, p.id, en.id) is None


def test_empty_file_for_new_project_says_so(workspace, tmp_path):
    """An empty file cannot create a project: the error names the file and nothing is created."""
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="no rows") as err:
        import_file(workspace, path, "ghost")
    assert err.value.location.file.endswith("empty.jsonl")
    with pytest.raises(Exception, match="no project"):
        get_project(workspace, "ghost")


def test_bad_row_in_a_later_batch_rolls_back_the_batches_written_before(workspace, tmp_path, monkeypatch):
    """Rows are prepared in a background thread while earlier batches are written: a bad row
    found several batches in still leaves the workspace as it was."""
    from loopline.annotate import imports

    monkeypatch.setattr(imports, "BATCH", 2)
    rows = _ranked_rows(9) + [{"prompt": 5}] + _ranked_rows(20)[9:]
    make_project(workspace, name="p1")
    with pytest.raises(InputError) as err:
        import_file(workspace, _jsonl(tmp_path / "late.jsonl", rows), "p1")
    assert err.value.location.line == 10 and err.value.location.field == "prompt"
    assert project_progress(workspace, "p1")["tasks"] == 0


def test_skip_invalid_over_several_batches_keeps_every_good_row_and_the_reject_order(workspace, tmp_path, monkeypatch):
    from loopline.annotate import imports

    monkeypatch.setattr(imports, "BATCH", 3)
    rows = _ranked_rows(12)
    for line in (2, 7, 8, 12):
        rows[line - 1] = {"prompt": line}
    seen: list[int] = []
    report = import_file(workspace, _jsonl(tmp_path / "mixed.jsonl", rows), "p1",
                         ImportOptions(skip_invalid=True), progress=seen.append)
    assert (report.rows, report.records_new, report.tasks_new, report.rejected) == (12, 8, 8, 4)
    assert sum(seen) == 12  # progress counts every row read, good or bad
    assert [json.loads(x)["line"] for x in report.rejects_path.read_text().splitlines()] == [2, 7, 8, 12]


def test_fixed_routing_and_base_priority_apply_to_every_task(workspace, tmp_path):
    """Required skills without a metadata field give every task the same route."""
    make_project(workspace, name="p1", routing={"skills": ["legal"]}, priority=3)
    import_file(workspace, _jsonl(tmp_path / "a.jsonl", _ranked_rows(3)), "p1")
    p = get_project(workspace, "p1")
    assert list(p.routes) == ["skills:legal"]
    from loopline.annotate.annotators import create_annotator

    assert queue.claim(workspace, p.id, create_annotator(workspace, "novice").id) is None
    lease = queue.claim(workspace, p.id, create_annotator(workspace, "lawyer", skills=["legal"]).id)
    assert lease is not None
    from loopline.store.tasks import get_task_row

    with workspace.database.read() as conn:
        assert get_task_row(conn=conn, task_id=lease.task_id)["priority"] == 3


def test_a_failed_write_stops_the_preparing_thread(workspace, tmp_path, monkeypatch):
    """When writing a batch fails, the import raises at once and leaves no thread behind."""
    import threading

    from loopline.annotate import imports

    monkeypatch.setattr(imports, "BATCH", 2)
    written = []

    def failing_write(conn, project, known_routes, batch, report, rejects):
        written.append(len(batch))
        if len(written) == 2:
            raise RuntimeError("disk full")
        return original(conn, project, known_routes, batch, report, rejects)

    original = imports._write_batch
    monkeypatch.setattr(imports, "_write_batch", failing_write)
    make_project(workspace, name="p1")
    with pytest.raises(RuntimeError, match="disk full") as err:
        import_file(workspace, _jsonl(tmp_path / "a.jsonl", _ranked_rows(40)), "p1")
    assert written == [2, 2]
    # `err` keeps the failed import's frames (and so its generators) alive: the thread must
    # have been stopped by the import itself, not by garbage collection
    assert err.traceback and not [t for t in threading.enumerate() if t.name == "import-prepare"]
    assert project_progress(workspace, "p1")["tasks"] == 0
