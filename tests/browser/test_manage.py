"""Manager pages: rendered for admins, refused for annotators; import, export, settings and
user administration through the forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loopline.annotate.annotators import get_annotator
from loopline.annotate.projects import get_project
from loopline.annotate.users import project_names


def test_manager_pages_render_for_admin(site, as_user):
    """Projects with progress bars, a project's dashboard with its plot, users, datasets."""
    page = as_user("admin")
    page.goto(site.url + "/")
    page.wait_for_url("**/manage")
    assert page.locator("tr[data-project]").count() >= 8
    assert page.locator("tr[data-project='p-label'] .bar").count() == 1
    page.click("a[href='/manage/projects/p-label']")
    assert page.locator("[data-count=tasks] strong").inner_text() == "6"
    assert page.locator("svg.plot").count() == 1
    assert page.locator("#import-form input[type=file]").count() == 1
    page.goto(site.url + "/manage/users")
    assert page.locator("tr[data-user='ann1']").count() == 1
    page.goto(site.url + "/manage/datasets")
    assert page.locator("h1").inner_text() == "Dataset versions"


@pytest.mark.parametrize("path", ["/manage", "/manage/projects/p-label", "/manage/users", "/manage/datasets"])
def test_manager_pages_refused_for_annotators(site, as_user, path):
    """An annotator gets 403 on every manager page."""
    page = as_user("ann1")
    response = page.goto(site.url + path)
    assert response.status == 403
    assert "Not allowed" in page.locator("h1").inner_text()


def test_import_and_export_through_the_project_page(site, as_user, tmp_path: Path):
    """A JSONL upload adds tasks; Export builds a dataset version listed with its manifest."""
    upload = tmp_path / "more.jsonl"
    upload.write_text("".join(
        json.dumps({"prompt": f"Uploaded question {i}", "responses": [{"content": f"uploaded answer {i}"}]}) + "\n"
        for i in range(3)
    ))
    page = as_user("admin")
    page.goto(site.url + "/manage/projects/p-rating")
    page.set_input_files("#import-form input[type=file]", str(upload))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-form output.ok")
    assert "3 new tasks" in page.locator("#import-form output").inner_text()
    page.reload()
    assert page.locator("[data-count=tasks] strong").inner_text() == "9"

    page.select_option("#export-form select[name=format]", "raw")
    page.check("#export-form input[name=include_partial]")
    page.click("#export-form button[type=submit]")
    page.wait_for_selector("#export-form output.ok", timeout=20_000)
    built = page.locator("#export-form output").inner_text()
    dataset_id = built.split("version ")[1].split(":")[0]
    page.goto(site.url + "/manage/datasets")
    row = page.locator(f"tr[data-dataset='{dataset_id}']")
    assert "p-rating" in row.inner_text()
    assert (site.ws.datasets_dir / dataset_id / "manifest.json").is_file()


def test_settings_and_users_through_the_forms(site, as_user):
    """Admins change a project's settings, create a user, add them to a project, pause them."""
    page = as_user("admin")
    page.goto(site.url + "/manage/projects/p-chat")
    page.fill("#settings-form input[name=lease_seconds]", "900")
    page.fill("#settings-form textarea[name=guidelines]", "Label **every** assistant turn.")
    with page.expect_navigation():
        page.click("#settings-form button[type=submit]")
    assert get_project(site.ws, "p-chat").definition.lease_seconds == 900
    assert page.locator("details .markdown strong").text_content() == "every"

    page.goto(site.url + "/manage/users")
    page.fill("#user-form input[name=name]", "newbie")
    page.fill("#user-form input[name=password]", "a long enough password")
    page.select_option("#user-form select[name=projects]", ["p-label"])
    with page.expect_navigation():
        page.click("#user-form button[type=submit]")
    row = page.locator("tr[data-user='newbie']")
    assert "p-label" in row.inner_text()
    newbie = get_annotator(site.ws, "newbie")
    assert newbie.role == "annotator" and project_names(site.ws, newbie) == ["p-label"]

    row.locator(".member-form select").select_option("p-text")
    with page.expect_navigation():
        row.locator(".member-form button").click()
    assert "p-text" in project_names(site.ws, get_annotator(site.ws, "newbie"))

    row = page.locator("tr[data-user='newbie']")
    row.locator(".role-form select").select_option("reviewer")
    row.locator(".role-form input[name=active]").uncheck()
    with page.expect_navigation():
        row.locator(".role-form button").click()
    changed = get_annotator(site.ws, "newbie")
    assert (changed.role, changed.active) == ("reviewer", False)
