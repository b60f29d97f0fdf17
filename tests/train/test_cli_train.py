"""`loopline train`, `models`, `generate` and `eval` end to end in a workspace folder."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import torch

from loopline.cli.main import main
from tests.utils.tiny_models import tiny_causal_lm, tiny_tokenizer


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOOPLINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOOPLINE_WORKSPACE", raising=False)
    tok = tiny_tokenizer()
    torch.manual_seed(0)
    tiny_causal_lm(tok).save_pretrained(tmp_path / "tiny")
    tok.save_pretrained(tmp_path / "tiny")
    return tmp_path


def test_train_promote_rollback_generate_eval(folder, capsys):
    """Train twice from a config file (child of the first), promote, roll back, generate, eval."""
    assert main(["init"]) == 0
    rows = [{"prompt": [{"role": "user", "content": f"q{i}"}], "completion": [{"role": "assistant", "content": f"a{i}"}]} for i in range(8)]
    (folder / "sft.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    (folder / "cfg.yaml").write_text("max_steps: 2\nper_device_train_batch_size: 2\nlearning_rate: 0.01\nname: bot\n")
    assert main(["train", "sft", "-d", "sft.jsonl", "-c", "cfg.yaml", "-m", "tiny"]) == 0
    first = capsys.readouterr().out.split("Registered model version ")[1].split()[0]
    assert main(["models", "promote", first]) == 0
    assert main(["train", "sft", "-d", "sft.jsonl", "-c", "cfg.yaml", "-m", "bot"]) == 0
    second = capsys.readouterr().out.split("Registered model version ")[1].split()[0]
    assert main(["models", "promote", second]) == 0
    assert main(["models", "rollback", "bot"]) == 0
    assert f"{first} is promoted again" in capsys.readouterr().out
    assert main(["models", "show", second]) == 0
    shown = orjson.loads(capsys.readouterr().out)
    assert shown["parent_id"] == first and shown["status"] == "retired" and shown["dataset_versions"] == ["sft.jsonl"]
    (folder / "recs.jsonl").write_bytes(b"\n".join(orjson.dumps({"prompt": f"p{i}", "responses": ["x", "y"]}) for i in range(3)))
    assert main(["import", "recs.jsonl", "--project", "demo"]) == 0
    assert main(["generate", "-p", "demo", "-m", "bot", "--n", "2", "--max-new-tokens", "4", "--seed", "1"]) == 0
    assert "Wrote 6 candidates" in capsys.readouterr().out
    assert main(["eval", second, "--against", first, "--limit", "4"]) == 0
    out = capsys.readouterr().out
    assert "off_topic_rate" in out and Path(out.split("plot: ")[1].strip()).exists()
