"""Question inference for a new project from its first imported rows."""

from __future__ import annotations

from typing import Any

from loopline.annotate.importing.inference import infer_questions
from loopline.annotate.importing.items import ImportedAnnotation, ImportItem
from loopline.annotate.importing.label_studio import LabelStudioItem
from loopline.core.errors import Location
from loopline.core.questions import (
    LabelQuestion,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    SpansQuestion,
    TextQuestion,
    TurnsQuestion,
)
from loopline.core.records import Record

LOC = Location(file="f.jsonl", line=1)


def _item(shape: str = "prompt", **record: Any) -> ImportItem:
    return ImportItem(Record(**record), LOC, [], shape)


def _ls(answers: dict[str, Any], types: dict[str, str]) -> LabelStudioItem:
    return LabelStudioItem(Record(prompt="p"), LOC, [ImportedAnnotation("a", answers)],
                           "label_studio", types)


def test_preference_rows_ask_pairwise() -> None:
    """Preference pairs get a pairwise question named after the imported answer."""
    (q,), why = infer_questions(_item("preference", prompt="p", responses=[{"content": "a"},
                                                                         {"content": "b"}]))
    assert q == PairwiseQuestion(name="preference") and "pairwise" in why


def test_several_responses_ask_ranking() -> None:
    """Two or more responses get a ranking question."""
    (q,), _ = infer_questions(_item(prompt="p", responses=[{"content": "a"}, {"content": "b"},
                                                          {"content": "c"}]))
    assert q == RankingQuestion(name="rank")


def test_one_response_asks_rating() -> None:
    """A single response gets a 1-5 rating of that response."""
    (q,), _ = infer_questions(_item(prompt="p", responses=[{"content": "a"}]))
    assert q == RatingQuestion(name="quality", min=1, max=5, response=0)


def test_bare_prompt_asks_for_writing() -> None:
    """A prompt with no responses gets a write question."""
    (q,), _ = infer_questions(_item(prompt="p"))
    assert q == TextQuestion(name="response", mode="write")


def test_chat_ending_with_user_asks_for_writing() -> None:
    """A conversation awaiting the assistant's reply gets a write question."""
    (q,), _ = infer_questions(_item("messages", messages=[
        {"role": "user", "content": "a"}, {"role": "assistant", "content": "b"},
        {"role": "user", "content": "c"}]))
    assert isinstance(q, TextQuestion)


def test_chat_with_assistant_turns_asks_turn_labels() -> None:
    """A finished conversation gets a good/bad label per assistant turn."""
    (q,), _ = infer_questions(_item("messages", messages=[
        {"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]))
    assert q == TurnsQuestion(name="turns", options=["good", "bad"])


def test_label_studio_questions_follow_result_types() -> None:
    """Each Label Studio control becomes a question of the matching type."""
    items = [
        _ls({"sent": "pos", "q": 4, "fix": "x", "ner": {"spans": [{"start": 0, "end": 1,
                                                                    "label": "LOC"}]},
             "better": {"choice": "a", "strength": None}},
            {"sent": "choices", "q": "rating", "fix": "textarea", "ner": "labels",
             "better": "pairwise"}),
        _ls({"sent": "neg", "q": 7}, {"sent": "choices", "q": "rating"}),
    ]
    questions, why = infer_questions(items)
    by_name = {q.name: q for q in questions}
    assert by_name["sent"] == LabelQuestion(name="sent", options=["pos", "neg"])
    assert by_name["q"] == RatingQuestion(name="q", min=1, max=7)
    assert by_name["fix"] == TextQuestion(name="fix")
    assert by_name["ner"] == SpansQuestion(name="ner", labels=["LOC"])
    assert by_name["better"] == PairwiseQuestion(name="better")
    assert "Label Studio" in why


def test_label_studio_without_annotations_falls_back_to_the_record() -> None:
    """Tasks without annotations are inferred from their records."""
    item = LabelStudioItem(Record(prompt="p"), LOC, [], "label_studio", {})
    (q,), _ = infer_questions([item])
    assert isinstance(q, TextQuestion)


def test_answers_rows_are_typed_by_their_answers() -> None:
    """Delivered answers are typed by form: rank lists, scores, short labels."""
    item = ImportItem(Record(prompt="p", responses=[{"content": "a"}, {"content": "b"}]), LOC,
                      [ImportedAnnotation("v", {"rank": [2, 1], "score": 3, "tox": "no"})],
                      "answers")
    questions, _ = infer_questions([item])
    assert [type(q) for q in questions] == [RankingQuestion, RatingQuestion, LabelQuestion]


def test_unusable_answer_names_are_skipped_and_explained() -> None:
    """A name that cannot be a question name is left out, and the explanation says so."""
    questions, why = infer_questions([_ls({"bad name!": "x"}, {"bad name!": "choices"})])
    assert questions == [] and "bad name!" in why


def test_no_rows_infers_nothing() -> None:
    """An empty file infers no questions."""
    assert infer_questions([])[0] == []
