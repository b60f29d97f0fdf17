"""`preference` and `reward` rows from rankings and pairwise choices, checked by hand."""

from __future__ import annotations

import pytest

from loopline.core.questions import PairwiseQuestion, RankingQuestion, TextQuestion
from loopline.train.datasets.rows import ExportError


def test_mean_rank_pairs_with_margins_and_ties(make_task, export) -> None:
    """Two annotators: [1,2,2] and [1,2,1] -> means 1, 2, 1.5; task 2 ties B and C."""
    tasks = [
        make_task(1, [{"rank": [1, 2, 2]}, {"rank": [1, 2, 1]}]),
        make_task(2, [{"rank": [1, 2, 1]}, {"rank": [1, 1, 2]}]),
    ]
    out = export("reward", tasks, [RankingQuestion(name="rank")])
    assert [(r["prompt"], r["chosen"], r["rejected"], r["margin"]) for r in out.rows] == [
        ("prompt 1", "resp A", "resp B", 1.0),
        ("prompt 1", "resp A", "resp C", 0.5),
        ("prompt 1", "resp C", "resp B", 0.5),
        ("prompt 2", "resp A", "resp B", 0.5),
        ("prompt 2", "resp A", "resp C", 0.5),
    ]
    assert out.manifest.columns == ["prompt", "chosen", "rejected", "margin"]
    assert out.manifest.policy == {"ranking": "mean_rank"}
    assert out.manifest.stats["excluded_rank_ties"] == 1
    assert [(lin["task_id"], lin["annotation_ids"], lin["question"]) for lin in out.lineage][
        :1
    ] == [(1, [100, 101], "rank")]


def test_preference_has_no_margin_column(make_task, export) -> None:
    out = export(
        "preference",
        [make_task(1, [{"rank": [2, 1]}], responses=("x", "y"))],
        [RankingQuestion(name="rank")],
    )
    assert out.rows == [{"prompt": "prompt 1", "chosen": "y", "rejected": "x"}]
    assert out.manifest.columns == ["prompt", "chosen", "rejected"]


def test_pairwise_majority_vote_excludes_and_counts_ties(make_task, export) -> None:
    q = PairwiseQuestion(name="pick", responses=(2, 0), strengths=["slightly", "much"])
    a, b, tie = ({"pick": {"choice": c, "strength": None}} for c in ("a", "b", "tie"))
    tasks = [
        make_task(1, [a, a, b]),  # A (= response 2) wins
        make_task(2, [a, b]),  # split: tie
        make_task(3, [tie]),  # tie chosen
        make_task(4, [{"pick": {"choice": "b", "strength": s}} for s in (1, 0)]),
    ]
    out = export("reward", tasks, [q])
    assert [(r["prompt"], r["chosen"], r["rejected"], r["margin"]) for r in out.rows] == [
        ("prompt 1", "resp C", "resp A", 1.0),
        ("prompt 4", "resp A", "resp C", 1.5),  # 1.0 + mean strength index (1 + 0) / 2
    ]
    stats = out.manifest.stats
    assert stats["excluded_ties"] == 2
    assert stats["tasks_without_rows"] == 2
    assert out.manifest.policy == {"pairwise": "majority_vote"}
    assert [lin["annotation_ids"] for lin in out.lineage] == [[100, 101, 102], [400, 401]]


def test_every_question_contributes_and_is_named_in_lineage(make_task, export) -> None:
    questions = [
        RankingQuestion(name="overall"),
        RankingQuestion(name="safety"),
        PairwiseQuestion(name="ab"),
        TextQuestion(name="ignored"),
    ]
    task = make_task(
        1, [{"overall": [1, 2, 3], "safety": [3, 2, 1], "ab": {"choice": "b", "strength": None}}]
    )
    out = export("preference", [task], questions)
    assert [lin["question"] for lin in out.lineage] == ["overall"] * 3 + ["safety"] * 3 + ["ab"]
    assert out.manifest.questions == ["overall", "safety", "ab"]
    assert out.manifest.stats["rows_per_question"] == {"overall": 3, "safety": 3, "ab": 1}


def test_unanswered_questions_give_nothing(make_task, export) -> None:
    q = RankingQuestion(name="rank", required=False)
    out = export("preference", [make_task(1, [{}, {"rank": None}])], [q])
    assert out.rows == [] and out.manifest.row_count == 0
    assert out.manifest.stats["excluded_ties"] == 0


def test_conversational_rows_are_message_lists(make_task, export) -> None:
    task = make_task(
        1,
        [{"rank": [1, 2]}],
        responses=("good", "bad"),
        messages=[("system", "be kind"), ("user", "hi")],
    )
    out = export("preference", [task], [RankingQuestion(name="rank")], conversational=True)
    assert out.rows == [
        {
            "prompt": [{"role": "system", "content": "be kind"}, {"role": "user", "content": "hi"}],
            "chosen": [{"role": "assistant", "content": "good"}],
            "rejected": [{"role": "assistant", "content": "bad"}],
        }
    ]
    assert out.manifest.conversational is True


def test_prompt_records_become_a_user_turn_in_conversational_mode(make_task, export) -> None:
    out = export(
        "preference",
        [make_task(1, [{"rank": [1, 2]}], responses=("x", "y"))],
        [RankingQuestion(name="rank")],
        conversational=True,
    )
    assert out.rows[0]["prompt"] == [{"role": "user", "content": "prompt 1"}]


def test_standard_mode_accepts_one_user_turn_but_not_a_dialogue(
    make_task, export, tmp_path
) -> None:
    one_turn = make_task(1, [{"rank": [1, 2]}], responses=("x", "y"), messages=[("user", "hello")])
    out = export("preference", [one_turn], [RankingQuestion(name="rank")])
    assert out.rows[0]["prompt"] == "hello"
    dialogue = make_task(
        2,
        [{"rank": [1, 2]}],
        responses=("x", "y"),
        messages=[("user", "hi"), ("assistant", "hey"), ("user", "so?")],
    )
    with pytest.raises(ExportError, match="conversational=True"):
        export("preference", [dialogue], [RankingQuestion(name="rank")])
    assert not [p for p in (tmp_path / "datasets").iterdir() if p.name.startswith(".tmp-")]
