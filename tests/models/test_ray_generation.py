"""`loopline generate --ray`: Ray actors answer the batches, the driver writes them like the
local path does."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from loopline.annotate.projects import get_project
from loopline.annotate.workspace import open_workspace
from loopline.cli.main import main
from loopline.store import records as record_store
from loopline.store.models import task_table

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():  # type: ignore[no-untyped-def]
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _responses(root: Path, project: str) -> list[list[dict]]:
    ws = open_workspace(root)
    try:
        pid = get_project(ws, project).id
        with ws.database.read() as conn:
            ids = [r for (r,) in conn.execute(task_table.select().with_only_columns(task_table.c.record_id)
                                              .where(task_table.c.project_id == pid).order_by(task_table.c.id))]
            data = record_store.get_records_data(conn=conn, record_ids=ids)
        return [data[i]["responses"] for i in ids]
    finally:
        ws.close()


def test_generate_on_ray_writes_what_the_local_path_writes(local_ray, tiny_model_dir, tmp_path, monkeypatch, capsys):
    """Same records, same number of candidates, and (greedy) the same texts as the local path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOOPLINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOOPLINE_WORKSPACE", raising=False)
    assert main(["init"]) == 0
    (tmp_path / "recs.jsonl").write_bytes(b"\n".join(orjson.dumps({"prompt": f"where is order {i}?", "responses": ["x"]}) for i in range(5)))
    assert main(["import", "recs.jsonl", "--project", "local"]) == 0
    assert main(["import", "recs.jsonl", "--project", "onray"]) == 0
    args = ["--model", str(tiny_model_dir), "--n", "2", "--max-new-tokens", "6", "--temperature", "0", "--batch-size", "2"]
    assert main(["generate", "-p", "local", *args]) == 0
    assert main(["generate", "-p", "onray", *args, "--ray", "--ray-workers", "2"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.count("Wrote 10 candidates") == 2 and out.count("into 5 new record versions") == 2
    local, onray = _responses(tmp_path, "local"), _responses(tmp_path, "onray")
    assert [len(r) for r in onray] == [len(r) for r in local] == [3] * 5
    assert [[c["content"] for c in r] for r in onray] == [[c["content"] for c in r] for r in local]
    assert all(c["metadata"]["logprobs"] for r in onray for c in r[1:])
