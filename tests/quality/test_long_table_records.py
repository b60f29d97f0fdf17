"""The QA report's long table reads records as JSON text (the store's bulk reads) or decoded
(older callers), and parses a task's record once for its run of rows."""

from __future__ import annotations

import orjson
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from loopline.core.records import Record, record_from
from loopline.quality.report import long_table

TYPES = {"rank": "ranking", "ok": "label"}

_text = st.text(min_size=1, max_size=20)
records = st.builds(
    dict,
    prompt=_text,
    responses=st.lists(st.builds(dict, content=_text), max_size=3),
    metadata=st.dictionaries(st.sampled_from(["domain", "skills", "note"]), _text, max_size=2),
)


@given(records)
def test_a_record_from_its_text_equals_one_from_its_dict(data: dict) -> None:
    assert record_from(orjson.dumps(data).decode()) == record_from(data) == Record.model_validate(data)


def _row(annotation: int, task: int, record: dict, as_text: bool) -> dict:
    return {
        "id": annotation, "task_id": task, "record": orjson.dumps(record).decode() if as_text else record,
        "annotator": f"a{annotation}", "trust": 1.0, "answers": {"rank": [1, 2], "ok": "yes"},
        "duration": 2.0, "created_at": 1.7e9 + annotation, "origin": "queue", "task_status": "done",
    }


def test_text_and_decoded_records_give_the_same_table() -> None:
    tasks = {1: {"prompt": "p1", "responses": [{"content": "a"}, {"content": "b"}], "metadata": {"domain": "math"}},
             2: {"prompt": "p2", "responses": [{"content": "c"}, {"content": "d"}], "metadata": {"domain": "shop"}}}
    order = [(1, 1), (2, 1), (3, 2), (4, 2)]
    text = long_table([_row(a, t, tasks[t], True) for a, t in order], TYPES, {})
    decoded = long_table([_row(a, t, tasks[t], False) for a, t in order], TYPES, {})
    pd.testing.assert_frame_equal(text, decoded)
    assert text.groupby("task")["domain"].first().to_dict() == {1: "math", 2: "shop"}


def test_rows_of_a_task_that_come_back_later_get_their_own_record() -> None:
    """The record is kept only for a run of one task's rows: rows not grouped by task (as the
    incremental check reads them) still each get their own task's record."""
    tasks = {1: {"prompt": "p1", "metadata": {"domain": "math"}}, 2: {"prompt": "p2", "metadata": {"domain": "shop"}}}
    order = [(1, 1), (2, 2), (3, 1), (4, 2), (5, 2)]
    table = long_table([_row(a, t, tasks[t], True) for a, t in order], TYPES, {})
    base = table[table["question"].isna()].set_index("annotation")
    assert base["domain"].to_dict() == {1: "math", 2: "shop", 3: "math", 4: "shop", 5: "shop"}
    assert base["content_length"].to_dict() == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}
