"""`kto`, `sft` and `raw` rows, checked by hand."""

from __future__ import annotations

import orjson

from loopline.core.questions import LabelQuestion, RankingQuestion, RatingQuestion, TextQuestion


def test_kto_mean_rating_against_the_midpoint(make_task, export) -> None:
    q = RatingQuestion(name="quality", min=1, max=5, response=1)
    tasks = [
        make_task(1, [{"quality": 4}, {"quality": 5}]),  # mean 4.5 > 3
        make_task(2, [{"quality": 1}, {"quality": 4}]),  # mean 2.5 < 3
        make_task(3, [{"quality": 2}, {"quality": 4}]),  # mean 3: neutral, excluded
    ]
    out = export("kto", tasks, [q])
    assert out.rows == [
        {"prompt": "prompt 1", "completion": "resp B", "label": True},
        {"prompt": "prompt 2", "completion": "resp B", "label": False},
    ]
    assert out.manifest.stats["excluded_neutral"] == 1
    assert out.manifest.policy == {"rating": "mean_vs_midpoint"}


def test_kto_rating_of_the_record_rates_response_zero(make_task, export) -> None:
    out = export(
        "kto",
        [make_task(1, [{"q": 1}], responses=("only",))],
        [RatingQuestion(name="q", min=1, max=3)],
        conversational=True,
    )
    assert out.rows == [
        {
            "prompt": [{"role": "user", "content": "prompt 1"}],
            "completion": [{"role": "assistant", "content": "only"}],
            "label": False,
        }
    ]


def test_kto_from_a_thumbs_label_by_majority(make_task, export) -> None:
    thumbs = LabelQuestion(name="verdict", options=["thumbs_up", "thumbs_down"])
    other = LabelQuestion(name="topic", options=["math", "code"])
    tasks = [
        make_task(
            1, [{"verdict": "thumbs_up"}, {"verdict": "thumbs_up"}, {"verdict": "thumbs_down"}]
        ),
        make_task(2, [{"verdict": "thumbs_down"}]),
        make_task(3, [{"verdict": "thumbs_up"}, {"verdict": "thumbs_down"}]),
    ]
    out = export("kto", tasks, [thumbs, other])
    assert [(r["prompt"], r["completion"], r["label"]) for r in out.rows] == [
        ("prompt 1", "resp A", True),
        ("prompt 2", "resp A", False),
    ]
    assert out.manifest.stats["excluded_neutral"] == 1
    assert out.manifest.policy == {"label": "thumbs_majority"}
    assert out.manifest.questions == ["verdict"]


def test_sft_every_text_answer_is_a_row(make_task, export) -> None:
    tasks = [
        make_task(1, [{"demo": "first"}, {"demo": "second"}]),
        make_task(2, [{"demo": "reply"}], messages=[("system", "sys"), ("user", "hi")]),
    ]
    out = export("sft", tasks, [TextQuestion(name="demo")])
    assert out.rows == [
        {
            "messages": [
                {"role": "user", "content": "prompt 1"},
                {"role": "assistant", "content": "first"},
            ]
        },
        {
            "messages": [
                {"role": "user", "content": "prompt 1"},
                {"role": "assistant", "content": "second"},
            ]
        },
        {
            "messages": [
                {"role": "system", "content": "sys"},
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "reply"},
            ]
        },
    ]
    assert [lin["annotation_ids"] for lin in out.lineage] == [[100], [101], [200]]
    assert out.manifest.policy == {"text": "all_demonstrations"}
    assert out.manifest.conversational is True


def test_sft_without_text_questions_is_empty_and_says_why(make_task, export) -> None:
    out = export("sft", [make_task(1, [{"rank": [1, 2, 3]}])], [RankingQuestion(name="rank")])
    assert out.rows == [] and out.manifest.row_count == 0
    assert any("no text question" in note for note in out.manifest.stats["notes"])


def test_raw_is_one_row_per_annotation(make_task, export) -> None:
    tasks = [make_task(7, [{"rank": [1, 2, 3]}, {"rank": [3, 2, 1], "note": "meh"}])]
    out = export("raw", tasks, [RankingQuestion(name="rank")])
    assert out.manifest.columns == [
        "task_id",
        "record_id",
        "annotator",
        "answers",
        "record",
        "created_at",
    ]
    assert [(r["task_id"], r["record_id"], r["annotator"]) for r in out.rows] == [
        (7, 1007, "ann0"),
        (7, 1007, "ann1"),
    ]
    assert orjson.loads(out.rows[1]["answers"]) == {"note": "meh", "rank": [3, 2, 1]}
    record = orjson.loads(out.rows[0]["record"])
    assert record["prompt"] == "prompt 7" and len(record["responses"]) == 3
    assert out.rows[0]["created_at"].timestamp() == 1_700_000_000.5
    assert [lin["annotation_ids"] for lin in out.lineage] == [[700], [701]]
