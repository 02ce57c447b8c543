"""Tables of responses per question type: scores, completion messages and classify keys."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from modules.assessment import (
    NO_ANSWER,
    IncompleteResponse,
    InvalidResponse,
    scorer_for,
)
from modules.course.questions import Question

QUESTION = TypeAdapter(Question)


def build(kind: str, **fields: Any) -> Any:
    return QUESTION.validate_python(
        {
            "id": "mod.q01",
            "objective": "mod.o1",
            "type": kind,
            "difficulty": 2,
            "scenario": "A client arrives late and says the homework was pointless.",
            "prompt": "What do you do?",
            "rationale": "Because.",
            "references": ["ref"],
            **fields,
        }
    )


def option(option_id: str, correct: bool = False) -> dict[str, Any]:
    return {"id": option_id, "text": f"Option {option_id}", "correct": correct, "feedback": "Why."}


SINGLE = build("single", options=[option("a"), option("b", correct=True), option("c")])
MULTIPLE = build(
    "multiple",
    options=[option("a", True), option("b"), option("c", True), option("d")],
)
ORDERING = build(
    "ordering",
    steps=[{"id": s, "text": f"Step {s}", "feedback": "Why."} for s in ("s1", "s2", "s3", "s4")],
)
MATCHING = build(
    "matching",
    premises=[
        {"id": f"p{n}", "text": f"Statement {n}", "match": match, "feedback": "Why."}
        for n, match in enumerate(["l1", "l2", "l3", "l3"], start=1)
    ],
    responses=[{"id": f"l{n}", "text": f"Level {n}"} for n in (1, 2, 3)],
)
REFLECTION = build("reflection", model_answer="A model answer.", self_check=["Did you validate?"])


@pytest.mark.parametrize(
    ("question", "response", "expected", "key"),
    [
        (SINGLE, "b", 1.0, "b"),
        (SINGLE, "a", 0.0, "a"),
        (MULTIPLE, ["a", "c"], 1.0, "a+c"),
        (MULTIPLE, ("c", "a"), 1.0, "a+c"),
        (MULTIPLE, {"a"}, 0.5, "a"),
        (MULTIPLE, frozenset({"a", "b"}), 0.0, "a+b"),
        (MULTIPLE, ["a", "b", "c"], 0.5, "a+b+c"),
        (MULTIPLE, ["a", "b", "c", "d"], 0.0, "a+b+c+d"),
        (MULTIPLE, ["b", "d"], 0.0, "b+d"),
        (ORDERING, ["s1", "s2", "s3", "s4"], 1.0, "s1>s2>s3>s4"),
        (ORDERING, ["s4", "s3", "s2", "s1"], 0.0, "s4>s3>s2>s1"),
        (ORDERING, ["s2", "s1", "s3", "s4"], 5 / 6, "s2>s1>s3>s4"),
        (ORDERING, ("s1", "s2", "s4", "s3"), 5 / 6, "s1>s2>s4>s3"),
        (ORDERING, ["s4", "s1", "s2", "s3"], 3 / 6, "s4>s1>s2>s3"),
        (
            MATCHING,
            {"p1": "l1", "p2": "l2", "p3": "l3", "p4": "l3"},
            1.0,
            "p1=l1;p2=l2;p3=l3;p4=l3",
        ),
        (
            MATCHING,
            {"p4": "l3", "p3": "l3", "p2": "l1", "p1": "l2"},
            0.5,
            "p1=l2;p2=l1;p3=l3;p4=l3",
        ),
        (
            MATCHING,
            {"p1": "l3", "p2": "l3", "p3": "l1", "p4": "l2"},
            0.0,
            "p1=l3;p2=l3;p3=l1;p4=l2",
        ),
    ],
)
def test_complete_responses_score_and_classify(
    question: Any, response: Any, expected: float, key: str
) -> None:
    scorer = scorer_for(question.type)
    assert scorer.is_complete(question, response).complete is True
    assert scorer.is_complete(question, response).message is None
    assert scorer.score(question, response) == pytest.approx(expected)
    assert scorer.is_correct(question, response) is (expected == 1.0)
    assert scorer.classify(question, response) == key


@pytest.mark.parametrize(
    ("question", "response", "message"),
    [
        (SINGLE, None, "Choose one option."),
        (SINGLE, "", "Choose one option."),
        (MULTIPLE, None, "Choose at least one option."),
        (MULTIPLE, [], "Choose at least one option."),
        (MULTIPLE, set(), "Choose at least one option."),
        (ORDERING, None, "Place all 4 steps in order; 4 are still unplaced."),
        (ORDERING, [], "Place all 4 steps in order; 4 are still unplaced."),
        (ORDERING, ["s2", "s1"], "Place all 4 steps in order; 2 are still unplaced."),
        (ORDERING, ["s1", "s2", "s3"], "Place all 4 steps in order; 1 is still unplaced."),
        (MATCHING, None, "Match every statement; 4 are unmatched."),
        (MATCHING, {}, "Match every statement; 4 are unmatched."),
        (MATCHING, {"p1": "l1", "p2": "l2", "p3": "l3"}, "Match every statement; 1 is unmatched."),
        (MATCHING, {"p1": "l1", "p2": None}, "Match every statement; 3 are unmatched."),
        (REFLECTION, None, "Write at least a sentence before submitting."),
        (REFLECTION, "", "Write at least a sentence before submitting."),
        (REFLECTION, "   too short        ", "Write at least a sentence before submitting."),
    ],
)
def test_incomplete_responses_say_what_to_do_and_refuse_scoring(
    question: Any, response: Any, message: str
) -> None:
    scorer = scorer_for(question.type)
    assert scorer.is_complete(question, response).complete is False
    assert scorer.is_complete(question, response).message == message
    with pytest.raises(IncompleteResponse) as raised:
        scorer.score(question, response)
    assert raised.value.message == message
    assert str(raised.value) == message
    with pytest.raises(IncompleteResponse):
        scorer.is_correct(question, response)


@pytest.mark.parametrize(
    ("question", "response", "fragment"),
    [
        (SINGLE, "z", "no option 'z'"),
        (SINGLE, ["b"], "not list"),
        (SINGLE, 1, "not int"),
        (MULTIPLE, ["a", "a"], "a selected more than once"),
        (MULTIPLE, ["a", "c", "a"], "a selected more than once"),
        (MULTIPLE, ["a", "z"], "no option(s) z"),
        (MULTIPLE, "ac", "not str"),
        (MULTIPLE, {"a": True}, "not dict"),
        (MULTIPLE, [1], "by its id"),
        (ORDERING, ["s1", "s1", "s2", "s3"], "s1 placed more than once"),
        (ORDERING, ["s1", "s1"], "s1 placed more than once"),
        (ORDERING, ["s1", "s2", "s3", "s9"], "no step(s) s9"),
        (ORDERING, {"s1", "s2", "s3", "s4"}, "not set"),
        (ORDERING, "s1", "not str"),
        (MATCHING, {"p9": "l1"}, "no premise 'p9'"),
        (MATCHING, {"p1": "l9"}, "no response 'l9'"),
        (MATCHING, {"p1": 1}, "no response 1"),
        (MATCHING, [("p1", "l1")], "not list"),
        (REFLECTION, 42, "not int"),
    ],
)
def test_malformed_responses_are_invalid(question: Any, response: Any, fragment: str) -> None:
    scorer = scorer_for(question.type)
    for method in (scorer.is_complete, scorer.score, scorer.classify):
        with pytest.raises(InvalidResponse) as raised:
            method(question, response)
        assert fragment in str(raised.value)


def test_errors_are_value_errors_so_callers_can_catch_either() -> None:
    assert issubclass(IncompleteResponse, ValueError)
    assert issubclass(InvalidResponse, ValueError)


@pytest.mark.parametrize(
    ("question", "response", "key"),
    [
        (SINGLE, None, NO_ANSWER),
        (MULTIPLE, [], NO_ANSWER),
        (ORDERING, None, NO_ANSWER),
        (ORDERING, ["s3", "s1"], "s3>s1"),
        (MATCHING, {"p1": None}, NO_ANSWER),
        (MATCHING, {"p2": "l2", "p1": "l1"}, "p1=l1;p2=l2"),
        (REFLECTION, None, "blank"),
        (REFLECTION, "   ", "blank"),
        (REFLECTION, "short", "written"),
        (REFLECTION, "I noticed I jumped to problem solving.", "written"),
    ],
)
def test_classify_keys_for_unfinished_and_free_text_responses(
    question: Any, response: Any, key: str
) -> None:
    assert scorer_for(question.type).classify(question, response) == key


def test_a_written_reflection_is_complete_but_not_scored() -> None:
    scorer = scorer_for("reflection")
    text = "  I validated the feeling before problem solving.  "
    assert scorer.is_complete(REFLECTION, text).complete is True
    assert scorer.score(REFLECTION, text) is None
    assert scorer.is_correct(REFLECTION, text) is None


def test_reflection_needs_twenty_characters_after_stripping() -> None:
    scorer = scorer_for("reflection")
    assert scorer.is_complete(REFLECTION, " " + "x" * 20 + " ").complete is True
    assert scorer.is_complete(REFLECTION, " " + "x" * 19 + "  ").complete is False


def test_a_scorer_refuses_another_types_question() -> None:
    with pytest.raises(TypeError, match="'single' scorer cannot score a 'ordering' question"):
        scorer_for("single").score(ORDERING, "s1")


def test_ordering_with_three_steps_scores_in_thirds() -> None:
    question = build(
        "ordering", steps=[{"id": s, "text": s, "feedback": "Why."} for s in ("a", "b", "c")]
    )
    assert scorer_for("ordering").score(question, ["b", "a", "c"]) == pytest.approx(2 / 3)
    assert scorer_for("ordering").score(question, ["c", "a", "b"]) == pytest.approx(1 / 3)
