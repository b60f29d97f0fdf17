"""`loopline serve` starts a real Uvicorn process; `quickstart --no-serve` makes the demo
accounts and returns."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from loopline.cli.main import main
from loopline.client import Client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOOPLINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOOPLINE_WORKSPACE", raising=False)
    return tmp_path


def test_quickstart_no_serve_creates_demo_accounts(folder, capsys):
    """quickstart prints each demo account's password once; a second run does not."""
    assert main(["quickstart", "--no-serve", "--no-model"]) == 0
    out = capsys.readouterr().out
    passwords = dict(re.findall(r"^\s+(admin|reviewer|alice|bob)\s+\w+\s+(\S+)$", out, re.MULTILINE))
    assert set(passwords) == {"admin", "reviewer", "alice", "bob"}
    assert main(["quickstart", "--no-serve", "--no-model"]) == 0
    assert "exists already" in capsys.readouterr().out
    from loopline.annotate.users import authenticate_password, visible_project_ids
    from loopline.annotate.workspace import open_workspace

    with open_workspace(folder) as ws:
        alice = authenticate_password(ws, "alice", passwords["alice"])
        assert alice.role == "annotator" and len(visible_project_ids(ws, alice) or ()) == 1


def test_serve_runs_uvicorn_on_a_real_socket(folder, capsys):
    """`loopline serve --port P` answers the client over TCP; a demo annotator can work."""
    assert main(["quickstart", "--no-serve", "--no-model"]) == 0
    assert main(["users", "token", "alice"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "loopline.cli.main", "serve", "--port", str(port)],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read().decode() if proc.stdout else ""
            time.sleep(0.1)
        with Client(url, token) as api:
            assert api.me().projects == ["shop-support"]
            task = api.next_task("shop-support")
            ranks = list(range(1, len(task.record["responses"]) + 1))
            assert api.submit(task.id, {"rank": ranks, "off_topic": "none"}).created
        metrics = httpx.get(url + "/metrics").text
        assert "loopline_http_requests_total" in metrics
        assert "loopline_sqlite_log_restarts_total 0.0" in metrics  # the server checkpoints in the background
    finally:
        proc.terminate()
        proc.wait(10)
