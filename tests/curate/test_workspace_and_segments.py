"""Conversation segmentation, and writing curated documents into a workspace as records."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import text

from loopline.curate import (
    ConversationSegmenter, Document, JsonlReader, LocalExecutor, PiiRedactor, WorkspaceWriter,
)

LOG = """[2024-05-01T10:00:00] customer: Hi, my order did not arrive.
[2024-05-01T10:00:30] agent: Sorry to hear that! What is the order number?
[2024-05-01T10:01:00] customer: It is 12345.
it was placed last week
[2024-05-01T10:02:00] agent: Thanks, a new parcel is on its way.
[2024-05-01T15:00:00] customer: Hello again, can I change my address?
[2024-05-01T15:00:20] agent: Of course, what is the new one?
[2024-05-01T18:00:00] customer: anyone there?"""


def test_segmenter_splits_on_time_gaps() -> None:
    """A 5-hour gap starts a new conversation; a lone turn is dropped; roles are mapped."""
    step = ConversationSegmenter(max_gap_seconds=1800, min_turns=2)
    out = list(step.run([Document(LOG, "log1")]))
    assert [d.id for d in out] == ["log1#0", "log1#1"]
    first = out[0].metadata["messages"]
    assert [m["role"] for m in first] == ["user", "assistant", "user", "assistant"]
    assert first[2]["content"] == "It is 12345.\nit was placed last week"
    assert step.stats.counters["short_conversations_dropped"] == 1
    assert step.stats.created == 1 and step.stats.balanced


def test_segmenter_max_turns_and_empty_log() -> None:
    """max_turns cuts long conversations; a log without turns is removed with a reason."""
    step = ConversationSegmenter(max_turns=2, min_turns=1)
    out = list(step.run([Document(LOG, "a"), Document("no chat here", "b")]))
    assert all(len(d.metadata["messages"]) <= 2 for d in out)
    assert step.stats.removed == {"no_conversation": 1} and step.stats.balanced


def test_workspace_writer_imports_records(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Curated prompts and segmented chats land in a project as records with queued tasks."""
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [{"id": "p1", "text": "Write to me at a@b.io please."}, {"id": "p2", "text": "Another prompt."}]
    (raw / "a.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    (raw / "b.jsonl").write_bytes(orjson.dumps({"id": "chat", "text": LOG}) + b"\n")
    url = workspace.url
    steps = [JsonlReader(str(raw / "a.jsonl")), PiiRedactor(),
             WorkspaceWriter("curated", workspace=str(workspace.root), database_url=url)]
    result = LocalExecutor(steps, tmp_path / "w1", workers=1, shards=1).run()
    assert result.stats[-1].counters["records_new"] == 2
    chats = [JsonlReader(str(raw / "b.jsonl")), ConversationSegmenter(),
             WorkspaceWriter("curated", workspace=str(workspace.root), database_url=url)]
    LocalExecutor(chats, tmp_path / "w2", workers=1, shards=1).run()
    with workspace.database.read() as conn:
        data = [orjson.loads(r[0]) if isinstance(r[0], (str, bytes)) else r[0]
                for r in conn.execute(text("SELECT data FROM record"))]
    prompts = sorted(d["prompt"] for d in data if "prompt" in d)
    assert prompts == ["Another prompt.", "Write to me at <EMAIL> please."]
    assert sum("messages" in d for d in data) == 2
