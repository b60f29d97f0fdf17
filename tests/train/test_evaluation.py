"""`loopline eval MODEL --against PARENT` with a reward model and with an LLM judge served by
Loopline's own serve-model over a real socket; results stored on the version and plotted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import orjson
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from loopline.annotate.workspace import open_workspace
from loopline.cli.main import main
from loopline.models.base import Generation, Messages, SamplingParams
from loopline.train.judge import balanced_orders, parse_verdict
from loopline.train.registry import get_model, register_model
from tests.utils.tiny_models import tiny_causal_lm, tiny_tokenizer

pytest.importorskip("trl")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """A workspace folder with two tiny model versions: a parent and its child."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOOPLINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOOPLINE_WORKSPACE", raising=False)
    assert main(["init"]) == 0
    tok = tiny_tokenizer()
    ids = []
    ws = open_workspace(tmp_path)
    for seed, name in ((0, "parent"), (1, "child")):
        torch.manual_seed(seed)
        tiny_causal_lm(tok).save_pretrained(tmp_path / name)
        tok.save_pretrained(tmp_path / name)
        info = register_model(ws, path=tmp_path / name, name="bot", base_model="tiny", algorithm="sft",
                              parent_id=ids[-1] if ids else None)
        ids.append(info.id)
    ws.close()
    return tmp_path, ids[0], ids[1]


def _stored(root: Path, model_id: str) -> list[dict]:
    ws = open_workspace(root)
    try:
        return get_model(ws, model_id).evaluations
    finally:
        ws.close()


def test_eval_with_a_trained_reward_model(folder, capsys):
    """A reward model trained here scores both models: mean scores and win rate are stored
    (a model against itself ties everywhere: 0.5), and the history plot is written."""
    root, parent, child = folder
    pairs = [{"prompt": [{"role": "user", "content": f"question {i}"}],
              "chosen": [{"role": "assistant", "content": f"a good answer {i}"}],
              "rejected": [{"role": "assistant", "content": "bad"}]} for i in range(8)]
    (root / "pairs.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in pairs))
    (root / "rm.yaml").write_text("max_steps: 2\nper_device_train_batch_size: 4\nlearning_rate: 0.01\nname: rm\n")
    assert main(["train", "reward", "-d", "pairs.jsonl", "-c", "rm.yaml", "-m", str(root / "parent")]) == 0
    rm = capsys.readouterr().out.split("Registered model version ")[1].split()[0]

    assert main(["eval", child, "--against", child, "--reward-model", rm, "--limit", "4"]) == 0
    assert main(["eval", child, "--against", parent, "--reward-model", rm, "--limit", "4"]) == 0
    self_eval, eval_ = _stored(root, child)
    assert self_eval["metrics"]["win_rate"] == 0.5
    assert self_eval["metrics"]["reward_score"] == self_eval["metrics"]["reward_score/against"]
    m = eval_["metrics"]
    assert eval_["against"] == parent and eval_["reward_model"] == rm and eval_["prompts"] == 4
    assert 0.0 <= m["win_rate"] <= 1.0 and m["reward_score"] != m["reward_score/against"]
    png = root / "child" / "eval_history.png"
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


class RecordingBackend:
    """Wraps a backend and keeps every conversation it was asked to answer."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.name, self.seen = inner, inner.name, []

    def generate(self, conversations: Sequence[Messages], sampling: SamplingParams, n: int = 1) -> list[list[Generation]]:
        self.seen.extend(conversations)
        return self.inner.generate(conversations, sampling, n)

    def stream(self, messages, sampling):  # type: ignore[no-untyped-def]
        return self.inner.stream(messages, sampling)


def test_eval_with_an_llm_judge_over_serve_model(folder, capsys):
    """`--judge URL` asks serve-model once per prompt, in both orders; verdicts, parse failures
    and the win rate over parsed verdicts are stored on the candidate."""
    from loopline.models.serve import create_app
    from loopline.models.transformers_backend import TransformersBackend
    from tests.models.conftest import running_server

    root, parent, child = folder
    judge = RecordingBackend(TransformersBackend.from_pretrained(str(root / "parent"), name="judge", device="cpu"))
    with running_server(create_app(judge, "mv-judge")) as url:
        assert main(["eval", child, "--against", parent, "--judge", f"{url}#judge", "--limit", "6"]) == 0
    out = capsys.readouterr().out
    (stored,) = _stored(root, child)
    j = stored["judge"]
    assert len(judge.seen) == j["requests"] == 6
    assert j["candidate_first"] == j["candidate_second"] == 3
    assert j["wins"] + j["losses"] + j["parse_failures"] == 6
    assert all("Reply A:" in c[-1]["content"] and "Reply B:" in c[-1]["content"] for c in judge.seen)
    if j["wins"] + j["losses"]:
        assert stored["metrics"]["judge_win_rate"] == j["wins"] / (j["wins"] + j["losses"])
    else:
        assert "judge_win_rate" not in stored["metrics"]
    assert f"{j['parse_failures']} unparsed" in out


def test_judge_needs_against(folder, capsys):
    """A judge without --against is a clear error naming the option."""
    root, _, child = folder
    assert main(["eval", child, "--judge", "http://127.0.0.1:9/v1#x", "--limit", "2"]) == 1
    assert "--against" in capsys.readouterr().err


@given(st.sampled_from("AB"), st.sampled_from(["", " ", "**", "(", "\n"]), st.text(max_size=30))
def test_parse_verdict_leading_letter(letter: str, prefix: str, rest: str) -> None:
    """A leading A or B (after spaces, quotes, bold or a bracket) is the verdict, whatever follows."""
    assert parse_verdict(f"{prefix}{letter}. {rest}") == letter


@given(st.text(alphabet="abcdefxyz CDE.,!?\n", max_size=40))
def test_parse_verdict_without_a_letter_fails(text: str) -> None:
    """Answers that never name A or B are parse failures, not guesses."""
    assert parse_verdict(text) is None


def test_parse_verdict_examples() -> None:
    """One named reply anywhere counts; both named, or a word starting with A, does not."""
    assert parse_verdict("I think Reply B is better") == "B"
    assert parse_verdict("A or B, hard to say") == "A"  # leading letter wins
    assert parse_verdict("Both A and B are fine") is None
    assert parse_verdict("Absolutely") is None


@given(st.integers(0, 50), st.integers(0, 10_000))
def test_balanced_orders(n: int, seed: int) -> None:
    """Half of the pairs (rounded up) show the candidate first."""
    orders = balanced_orders(n, seed)
    assert len(orders) == n and sum(orders) == (n + 1) // 2
