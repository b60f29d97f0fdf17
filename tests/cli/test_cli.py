"""The `loopline` command end to end, in a temporary workspace folder."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from loopline.cli.main import main


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOOPLINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOOPLINE_WORKSPACE", raising=False)
    return tmp_path


def test_quickstart_creates_demo_and_is_rerunnable(folder, capsys):
    """quickstart builds the demo workspace; a second run adds nothing and says so."""
    assert main(["quickstart", "--no-model"]) == 0
    out = capsys.readouterr().out
    assert "60 imported" in out and (folder / "loopline.db").exists()
    assert main(["quickstart", "--no-model"]) == 0
    assert "0 imported, 60 were there already" in capsys.readouterr().out


@pytest.mark.slow
def test_quickstart_trains_the_demo_model_once(folder, capsys):
    """The default quickstart trains and registers the demo model; a second run reuses it."""
    assert main(["quickstart", "--no-serve"]) == 0
    first = capsys.readouterr().out
    assert "demo model mv-" in first
    model_line = next(line for line in first.splitlines() if "demo model mv-" in line)
    assert main(["quickstart", "--no-serve"]) == 0
    assert model_line in capsys.readouterr().out


def test_command_outside_workspace_explains(folder, capsys):
    """Using a folder that is not a workspace says to run init."""
    assert main(["projects", "list"]) == 1
    assert "loopline init" in capsys.readouterr().err


def test_import_error_names_file_line_field(folder, capsys):
    """A bad row makes import fail with file, line and field, and nothing lands."""
    main(["init"])
    bad = folder / "bad.jsonl"
    bad.write_bytes(orjson.dumps({"prompt": "ok", "responses": ["a", "b"]}) + b"\n{not json\n")
    assert main(["import", str(bad), "--project", "p"]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and "line 2" in err
    assert main(["projects", "list"]) == 0
    assert "p " not in capsys.readouterr().out.split("\n", 3)[-1]


def test_import_skip_invalid_reports_rejects(folder, capsys):
    """--skip-invalid imports good rows and points at the rejects file."""
    main(["init"])
    f = folder / "mixed.jsonl"
    f.write_bytes(orjson.dumps({"prompt": "ok"}) + b"\n[1]\n")
    assert main(["import", str(f), "-p", "p", "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "1 rows rejected" in out and (folder / "mixed.jsonl.rejects.jsonl").exists()


def test_annotate_in_terminal_then_export(folder, capsys, monkeypatch):
    """Ranking in the terminal stores annotations that export as a reward dataset."""
    main(["init"])
    f = folder / "d.jsonl"
    f.write_bytes(b"".join(orjson.dumps({"prompt": f"q{i}", "responses": ["a", f"b{i}"]}) + b"\n" for i in range(2)))
    main(["import", str(f), "-p", "p"])
    main(["annotators", "add", "alice"])
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("1 2 3\n1 2\n2 1\n"))
    assert main(["annotate", "-p", "p", "--as", "alice"]) == 0
    out = capsys.readouterr().out
    assert "expected 2 ranks" in out and "2 tasks submitted" in out
    assert main(["export", "-p", "p", "-f", "reward"]) == 0
    assert "2 rows from 2 tasks" in capsys.readouterr().out.replace("\n", " ")
    assert main(["datasets", "list"]) == 0


def test_projects_create_from_file(folder, capsys):
    """A YAML definition creates a project; a bad one names the field."""
    main(["init"])
    good = folder / "p.yaml"
    good.write_text("name: rated\nquestions:\n  - {type: rating, name: score}\n")
    assert main(["projects", "create", str(good)]) == 0
    bad = folder / "bad.yaml"
    bad.write_text("name: x\noverlap: 0\nquestions:\n  - {type: rating, name: score}\n")
    assert main(["projects", "create", str(bad)]) == 1
    assert "overlap" in capsys.readouterr().err
