"""The API through the Python client: projects, import, submit errors, stats, datasets."""

from __future__ import annotations

import zipfile
from pathlib import Path

import httpx
import pytest

from loopline.client import ApiError, Client


@pytest.fixture
def admin(site):
    with Client(site.url, site.tokens["admin"]) as api:
        yield api


def test_invalid_answer_is_422_with_field_path(site):
    """A bad answer names the question inside `answers`; nothing is stored."""
    with Client(site.url, site.tokens["ann1"]) as api:
        task = api.next_task("alpha")
        with pytest.raises(ApiError) as err:
            api.submit(task.id, {"rank": [1, 7]})
        assert err.value.status == 422 and err.value.errors[0]["loc"][:2] == ["answers", "rank"]
        assert api.annotations("alpha").total == 0


def test_schema_errors_are_problem_json(site):
    r = httpx.post(site.url + "/api/v1/tasks/1/submit", json={"answers": 3},
                   headers={"Authorization": f"Bearer {site.tokens['ann1']}"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 422 and {tuple(e["loc"]) for e in body["errors"]} >= {("body", "answers"), ("body", "client_key")}


def test_lists_are_paged(admin):
    page = admin.users(limit=2, offset=1)
    assert page.total == 5 and page.limit == 2 and page.offset == 1 and len(page.items) == 2
    with pytest.raises(ApiError) as err:
        admin.users(limit=100_000)
    assert err.value.status == 422 and err.value.errors[0]["loc"] == ["query", "limit"]


def test_create_project_from_yaml_and_import_upload(admin, tmp_path: Path):
    """The same YAML as a project file creates the project; a file upload fills its queue."""
    created = admin.create_project("name: rated\nquestions:\n  - {type: rating, name: score}\noverlap: 1\n")
    assert created.definition["questions"][0]["name"] == "score"
    f = tmp_path / "rows.jsonl"
    f.write_text('{"prompt": "a"}\n{"prompt": "b"}\n')
    report = admin.import_records("rated", f)
    assert report.records_new == 2 and report.tasks_new == 2
    assert admin.project("rated").progress.open == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "ok"}\n{oops\n')
    with pytest.raises(ApiError) as err:
        admin.import_records("rated", bad)
    assert err.value.status == 422 and err.value.errors[0]["loc"][:2] == ["bad.jsonl", 2]
    with pytest.raises(ApiError) as err:
        admin.create_project({"name": "x", "overlap": 0, "questions": [{"type": "rating", "name": "s"}]})
    assert err.value.errors[0]["loc"] == ["overlap"]


def test_update_settings_and_members(admin):
    assert admin.update_project("alpha", guidelines="Rank kindly.").definition["guidelines"] == "Rank kindly."
    assert admin.add_member("beta", "ann1").added
    assert {m.name for m in admin.members("beta").items} == {"outsider", "ann1"}
    admin.remove_member("beta", "ann1")
    assert {m.name for m in admin.members("beta").items} == {"outsider"}


def test_skip_heartbeat_stats_and_dataset_download(site, admin, tmp_path: Path):
    with Client(site.url, site.tokens["ann1"]) as api:
        first = api.next_task("alpha")
        assert api.heartbeat(first.id) >= first.expires_at
        second = api.skip(first.id)
        assert second is not None and second.id != first.id
        api.submit(second.id, {"rank": [2, 1]}, duration=3.5)
    stats = admin.stats("alpha")
    assert stats.annotators[0].name == "ann1" and stats.annotators[0].median_seconds == 3.5
    assert sum(b["n"] for b in stats.throughput) == 1
    built = admin.build_dataset("alpha", "raw", include_partial=True)
    assert built.row_count >= 1 and admin.dataset(built.id).id == built.id
    assert [d.id for d in admin.datasets().items] == [built.id]
    archive = admin.download_dataset(built.id, tmp_path / "ds.zip")
    assert any(n.endswith("manifest.json") for n in zipfile.ZipFile(archive).namelist())
    parquet = admin.download_dataset(built.id, tmp_path / "ds.parquet", as_="parquet")
    assert parquet.read_bytes()[:4] == b"PAR1"


def test_empty_queue_gives_null_task(site):
    with Client(site.url, site.tokens["outsider"]) as api:
        seen = set()
        task = api.next_task("beta")
        while task is not None:
            seen.add(task.id)
            task = api.submit(task.id, {"rank": [1, 2]}, claim_next=True).next
        assert len(seen) == 3 and api.next_task("beta") is None
