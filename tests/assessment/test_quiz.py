"""Tables for the pure quiz rules: drawing an attempt, scoring it, a module's status, mastery."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pydantic import TypeAdapter

from modules.assessment.quiz import (
    AttemptResult,
    ItemOutcome,
    attempt_result,
    draw_quiz,
    module_status,
)
from modules.course import Question, QuestionBase

QUESTION = TypeAdapter(Question)


def question(
    qid: str,
    kind: str = "single",
    *,
    must_pass: bool = False,
    exam: bool = False,
    objective: str = "mod.o1",
) -> QuestionBase:
    """A valid question of `kind` with id `mod.<qid>`."""
    fields: dict[str, Any] = {
        "id": f"mod.{qid}",
        "objective": objective,
        "type": kind,
        "difficulty": 2,
        "scenario": "A client says the homework was pointless, like everything in here.",
        "prompt": "What do you do first?",
        "rationale": "Validate before solving.",
        "references": ["linehan1993a"],
        "must_pass": must_pass,
        "exam": exam,
    }
    if kind == "single":
        fields["options"] = [
            {"id": "a", "text": "Validate.", "correct": True, "feedback": "Yes."},
            {"id": "b", "text": "Argue.", "feedback": "No."},
        ]
    elif kind == "reflection":
        fields["model_answer"] = "Something that validates the frustration first."
        fields["self_check"] = ["Did I validate first?"]
    else:  # pragma: no cover - the tables only use the two kinds above
        raise ValueError(kind)
    return QUESTION.validate_python(fields)


def bank_of(spec: str) -> list[QuestionBase]:
    """A bank from a compact spec: `s1 s2 m1 r1 x1` = single, single, must-pass, reflection, exam;
    `e1` is an exam item that is also must-pass."""
    kinds = {
        "s": {},
        "m": {"must_pass": True},
        "x": {"exam": True},
        "e": {"exam": True, "must_pass": True},
        "r": {"kind": "reflection"},
    }
    return [question(token, **kinds[token[0]]) for token in spec.split()]


def ids(spec: str) -> set[str]:
    return {f"mod.{token}" for token in spec.split()}


def draws(bank: list[QuestionBase], length: int, seen: dict[str, int] | None = None, n: int = 40):
    return [draw_quiz(bank, length, seen or {}, random.Random(seed)) for seed in range(n)]


# -- draw_quiz --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "length", "must"),
    [
        ("m1 s1 s2 s3 s4 s5", 3, "m1"),
        ("s1 m1 s2 m2 s3 s4 s5 s6", 3, "m1 m2"),
        ("m1 m2 s1", 10, "m1 m2"),
        ("m1 m2 m3 s1 s2", 2, "m1 m2 m3"),  # more must-pass items than the length: all of them
        ("s1 s2 s3 s4 s5 s6 m1", 1, "m1"),
    ],
)
def test_every_must_pass_practice_item_is_always_drawn(spec: str, length: int, must: str) -> None:
    for drawn in draws(bank_of(spec), length):
        assert ids(must) <= set(drawn)


@pytest.mark.parametrize(
    ("spec", "length"),
    [
        ("x1 x2 s1 s2", 10),
        ("e1 s1 s2 s3", 2),  # an exam item stays out even when it is also must-pass
        ("s1 x1 m1 x2 s2 s3 x3", 3),
        ("x1 s1", 1),
    ],
)
def test_exam_items_are_never_drawn(spec: str, length: int) -> None:
    exam = {q.id for q in bank_of(spec) if q.exam}
    for drawn in draws(bank_of(spec), length):
        assert not exam & set(drawn)
        assert drawn  # the practice items are still drawn


@pytest.mark.parametrize(
    ("spec", "length", "counts"),
    [
        ("r1 r2 r3 s1 s2", 10, {1}),  # room for all three, but one is drawn
        ("r1 r2 s1 s2 s3 s4", 3, {0, 1}),  # never two of the three slots
        ("r1 r2 r3", 3, {1}),
        ("r1 r2 r3 r4 s1 s2 s3 s4 s5 s6", 9, {1}),
        ("s1 s2 s3", 3, {0}),
    ],
)
def test_at_most_one_reflection(spec: str, length: int, counts: set[int]) -> None:
    kinds = {q.id: q.type for q in bank_of(spec)}  # type: ignore[attr-defined]
    found = {
        sum(kinds[qid] == "reflection" for qid in drawn) for drawn in draws(bank_of(spec), length)
    }
    assert found == counts


@pytest.mark.parametrize(
    ("spec", "length", "expected"),
    [
        ("s1 s2 s3 s4 s5 s6 s7 s8", 5, 5),
        ("s1 s2 s3 s4 s5 s6 s7 s8", 8, 8),
        ("m1 s1 s2 s3 s4 s5", 4, 4),
        ("s1 s2 s3", 10, 3),  # the whole bank when it is smaller than the length
        ("m1 s1 x1 x2", 10, 2),  # the whole practice bank
        ("r1 r2 s1 s2", 10, 3),  # the whole bank but one reflection
        ("s1 s2 s3 s4", 1, 1),
    ],
)
def test_length_is_respected_or_the_whole_bank_is_drawn(
    spec: str, length: int, expected: int
) -> None:
    assert {len(drawn) for drawn in draws(bank_of(spec), length)} == {expected}


@pytest.mark.parametrize(
    ("spec", "length", "seen", "always", "one_of"),
    [
        ("s1 s2 s3 s4 s5 s6", 3, {"s1": 3, "s2": 3, "s3": 0, "s5": 1, "s6": 2}, "s3 s4 s5", ""),
        ("s1 s2 s3 s4", 2, {"s1": 1, "s2": 1, "s3": 1}, "s4", "s1 s2 s3"),
        ("m1 s1 s2 s3", 2, {"m1": 9, "s1": 2, "s2": 0, "s3": 1}, "m1 s2", ""),
        ("s1 s2 s3 s4 s5", 4, {"s1": 2, "s2": 2, "s3": 1, "s4": 1, "s5": 0}, "s3 s4 s5", "s1 s2"),
    ],
)
def test_least_seen_items_are_preferred(
    spec: str, length: int, seen: dict[str, int], always: str, one_of: str
) -> None:
    """`always` is drawn every time; the rest of the draw comes from the tied `one_of`."""
    seen_ids = {f"mod.{key}": count for key, count in seen.items()}
    results = draws(bank_of(spec), length, seen_ids)
    for drawn in results:
        assert ids(always) <= set(drawn) <= ids(always) | ids(one_of)
        assert len(drawn) == length
    if one_of:  # ties among the equally seen are broken at random
        assert len({frozenset(drawn) for drawn in results}) > 1


def test_unseen_reflections_come_first_but_only_one_is_taken() -> None:
    seen = {"mod.s1": 5, "mod.s2": 5, "mod.s3": 5}
    for drawn in draws(bank_of("r1 r2 s1 s2 s3"), 3, seen):
        assert len(set(drawn) & ids("r1 r2")) == 1
        assert len(set(drawn) & ids("s1 s2 s3")) == 2


def test_least_seen_wins_over_the_random_tie_break() -> None:
    bank = bank_of("s1 s2 s3 s4 s5 s6 s7 s8")
    seen = {q.id: 1 for q in bank} | {"mod.s7": 0, "mod.s2": 0}
    assert {frozenset(d) & ids("s2 s7") for d in draws(bank, 2, seen)} == {frozenset(ids("s2 s7"))}


@pytest.mark.parametrize(
    ("spec", "length"),
    [("s1 s2 s3 s4 s5 s6 s7 s8", 4), ("m1 r1 r2 s1 s2 s3 x1", 5), ("s1 s2 s3 s4 s5", 5)],
)
def test_the_same_seed_gives_the_same_draw(spec: str, length: int) -> None:
    for seed in (0, 1, "abc", 2**40):
        first = draw_quiz(bank_of(spec), length, {}, random.Random(seed))
        again = draw_quiz(bank_of(spec), length, {}, random.Random(seed))
        assert first == again


@pytest.mark.parametrize(
    ("spec", "length"),
    [("s1 s2 s3 s4 s5 s6 s7 s8", 4), ("m1 s1 s2 s3 s4 s5", 3), ("s1 s2 s3", 3)],
)
def test_different_seeds_vary_the_draw(spec: str, length: int) -> None:
    assert len(set(draws(bank_of(spec), length))) > 1
    if len(bank_of(spec)) > length:  # a bigger bank: the mix varies, not only the order
        assert len({frozenset(d) for d in draws(bank_of(spec), length)}) > 1


@pytest.mark.parametrize(
    ("spec", "length"),
    [
        ("s1 s2 s3 s4 s5 s6 s7 s8", 4),
        ("m1 m2 r1 s1 s2 s3 x1", 10),
        ("s1 s2 s3", 3),
        ("m1 m2 m3 s1", 2),
    ],
)
def test_a_draw_is_a_permutation_of_bank_items_without_repeats(spec: str, length: int) -> None:
    bank_ids = {q.id for q in bank_of(spec)}
    for drawn in draws(bank_of(spec), length):
        assert isinstance(drawn, tuple)
        assert len(drawn) == len(set(drawn))
        assert set(drawn) <= bank_ids


def test_a_draw_is_shown_in_a_shuffled_order() -> None:
    bank = bank_of("s1 s2 s3 s4 s5 s6")
    orders = set(draws(bank, 6))
    assert {frozenset(order) for order in orders} == {frozenset(q.id for q in bank)}
    assert len(orders) > 1


# -- attempt_result ---------------------------------------------------------------------------

QUESTIONS = {q.id: q for q in bank_of("s1 s2 s3 s4 m1 m2 r1 r2")}


def outcomes(**scores: float | None) -> list[ItemOutcome]:
    """`s1=1, s2=0.5, r1=None` -> outcomes; correct exactly when the score is 1."""
    return [
        ItemOutcome(f"mod.{key}", score, None if score is None else score == 1.0)
        for key, score in scores.items()
    ]


@pytest.mark.parametrize(
    ("plan", "answers", "pass_mark", "percent", "passed"),
    [
        ("s1 s2 s3 s4", {"s1": 1, "s2": 1, "s3": 1, "s4": 0}, 75, 75.0, True),
        ("s1 s2 s3 s4", {"s1": 1, "s2": 1, "s3": 0.5, "s4": 0}, 75, 62.5, False),
        ("s1 s2 r1", {"s1": 1, "s2": 0, "r1": None}, 50, 50.0, True),  # reflection not counted
        ("s1 r1", {"s1": 1, "r1": None}, 100, 100.0, True),
        ("s1 s2 s3 s4 s5", {}, 80, None, False),  # unknown ids are fine: nothing answered
        ("s1 s2 r1", {"s1": 0.5, "s2": 0.5, "r1": None}, 50, 50.0, True),
        ("s1 s2 s3", {"s1": 1, "s2": 1, "s3": 1}, 100, 100.0, True),
    ],
)
def test_percent_counts_scored_items_only(
    plan: str,
    answers: dict[str, float | None],
    pass_mark: int,
    percent: float | None,
    passed: bool,
) -> None:
    item_ids = [f"mod.{key}" for key in plan.split()]
    result = attempt_result(item_ids, outcomes(**answers), QUESTIONS, pass_mark)
    assert result.percent == (None if percent is None else pytest.approx(percent))
    assert result.passed is passed
    assert result.answered == len(answers)
    assert result.total == len(item_ids)
    assert result.max_points == sum(score is not None for score in answers.values())


@pytest.mark.parametrize(
    ("scores", "pass_mark"),
    [
        ([1, 1, 1, 0], 75),
        ([1 / 3, 1, 1, 2 / 3], 75),  # exactly 3 of 4 points: 1/3 + 2/3 from two partial items
        ([1 / 3, 3 / 4, 1, 2 / 3, 1], 75),
        ([0.6, 0.7], 65),
        ([0.8, 0, 1, 1, 8 / 15, 1, 13 / 15, 1, 0.8, 1], 80),  # 8 of 10 points in a 10-item quiz
    ],
)
def test_an_attempt_exactly_at_the_pass_mark_passes(scores: list[float], pass_mark: int) -> None:
    item_ids = [f"mod.q{n:02d}" for n in range(len(scores))]
    answers = [
        ItemOutcome(qid, score, score == 1) for qid, score in zip(item_ids, scores, strict=True)
    ]
    result = attempt_result(item_ids, answers, {}, pass_mark)
    assert result.percent == pytest.approx(pass_mark)
    assert result.passed, f"{result.percent!r} is the pass mark {pass_mark} but did not pass"


@pytest.mark.parametrize(
    ("plan", "answers"),
    [
        ("s1 s2 s3", {"s1": 1, "s2": 1}),
        ("s1 s2 r1", {"s1": 1, "s2": 1}),  # the unanswered reflection still counts as missing
        ("s1 r1", {"r1": None}),
        ("s1 s2", {"s1": 1, "s3": 1}),  # an answer outside the plan does not complete it
    ],
)
def test_an_incomplete_attempt_never_passes(plan: str, answers: dict[str, float | None]) -> None:
    item_ids = [f"mod.{key}" for key in plan.split()]
    result = attempt_result(item_ids, outcomes(**answers), QUESTIONS, pass_mark=1)
    assert not result.complete
    assert not result.passed
    assert result.answered == sum(f"mod.{key}" in item_ids for key in answers)


@pytest.mark.parametrize(
    ("plan", "answers", "missed"),
    [
        ("m1 s1 s2 s3 s4", {"m1": 0, "s1": 1, "s2": 1, "s3": 1, "s4": 1}, "m1"),
        ("s1 m1 m2", {"s1": 1, "m1": 1, "m2": 0}, "m2"),
        ("m1 m2 s1", {"m1": 0, "m2": 0.5, "s1": 1}, "m1 m2"),  # partial credit is not correct
        ("m1 s1", {"s1": 1, "m1": 0}, "m1"),
    ],
)
def test_a_wrong_must_pass_item_blocks_a_pass_whatever_the_rest(
    plan: str, answers: dict[str, float], missed: str
) -> None:
    item_ids = [f"mod.{key}" for key in plan.split()]
    result = attempt_result(item_ids, outcomes(**answers), QUESTIONS, pass_mark=1)
    assert result.complete
    assert result.percent is not None and result.percent >= 1
    assert not result.passed
    assert set(result.must_pass_missed) == ids(missed)


def test_a_right_must_pass_item_is_not_missed() -> None:
    item_ids = ["mod.m1", "mod.s1"]
    result = attempt_result(item_ids, outcomes(m1=1, s1=1), QUESTIONS, pass_mark=100)
    assert result.passed
    assert result.must_pass_missed == ()


def test_the_rest_at_100_percent_does_not_rescue_a_missed_must_pass_item() -> None:
    item_ids = ["mod.m1", *(f"mod.s{n}" for n in range(1, 5))]
    rest_only = attempt_result(item_ids[1:], outcomes(s1=1, s2=1, s3=1, s4=1), QUESTIONS, 80)
    with_must = attempt_result(item_ids, outcomes(m1=0, s1=1, s2=1, s3=1, s4=1), QUESTIONS, 80)
    assert rest_only.percent == 100 and rest_only.passed
    assert with_must.percent == 80 and not with_must.passed
    assert with_must.must_pass_missed == ("mod.m1",)


@pytest.mark.parametrize(
    ("plan", "answers"),
    [("r1", {"r1": None}), ("r1 r2", {"r1": None, "r2": None}), ("s1", {})],
)
def test_no_scored_item_answered_gives_no_percent(
    plan: str, answers: dict[str, float | None]
) -> None:
    item_ids = [f"mod.{key}" for key in plan.split()]
    result = attempt_result(item_ids, outcomes(**answers), QUESTIONS, pass_mark=1)
    assert result.percent is None
    assert result.max_points == 0
    assert not result.passed


# -- module_status ----------------------------------------------------------------------------


def done(percent: float | None, passed: bool = False) -> AttemptResult:
    return AttemptResult(4, 4, 0.0, 4, percent, passed, ())


MODULE_BANK = bank_of("s1 s2 m1 m2 e1 r1")


@pytest.mark.parametrize(
    ("percents", "right", "pass_mark", "best", "outstanding", "passed"),
    [
        ([], "", 80, None, "m1 m2", False),
        ([60, 90, 70], "m1 m2", 80, 90, "", True),  # the best attempt counts
        ([90, 60], "m1 m2", 80, 90, "", True),  # a worse retake does not undo a pass
        ([100], "m1", 80, 100, "m2", False),  # a must-pass item never answered right
        ([79.5], "m1 m2", 80, 79.5, "", False),
        ([80], "m1 m2", 80, 80, "", True),
        ([None, 85], "m1 m2", 80, 85, "", True),  # attempts without a percent are skipped
        ([None], "m1 m2", 80, None, "", False),
        ([], "m1 m2", 80, None, "", False),  # right answers but no complete attempt
    ],
)
def test_module_status_is_the_best_attempt_and_every_must_pass_item(
    percents: list[float | None],
    right: str,
    pass_mark: int,
    best: float | None,
    outstanding: str,
    passed: bool,
) -> None:
    answers = [ItemOutcome(qid, 1.0, True) for qid in sorted(ids(right))]
    status = module_status(MODULE_BANK, [done(p) for p in percents], answers, pass_mark)
    assert status.attempts_completed == len(percents)
    assert status.best_percent == best
    assert set(status.must_pass_outstanding) == ids(outstanding)
    assert status.passed is passed


@pytest.mark.parametrize(
    "history",
    [
        [("m1", False), ("m1", True)],  # wrong then right
        [("m1", True), ("m1", False)],  # right once, then wrong in a later attempt
        [("m1", False), ("m1", True), ("m1", False)],
    ],
)
def test_a_must_pass_item_right_once_in_any_attempt_is_done(
    history: list[tuple[str, bool]],
) -> None:
    answers = [ItemOutcome(f"mod.{key}", float(ok), ok) for key, ok in history]
    answers.append(ItemOutcome("mod.m2", 1.0, True))
    status = module_status(MODULE_BANK, [done(95)], answers, 80)
    assert status.must_pass_outstanding == ()
    assert status.passed


def test_a_must_pass_item_only_ever_wrong_stays_outstanding() -> None:
    answers = [ItemOutcome("mod.m1", 0.0, False)] * 3 + [ItemOutcome("mod.m2", 1.0, True)]
    status = module_status(MODULE_BANK, [done(100), done(95)], answers, 80)
    assert status.must_pass_outstanding == ("mod.m1",)
    assert not status.passed


def test_an_exam_must_pass_item_is_not_required_for_the_module() -> None:
    answers = [ItemOutcome(qid, 1.0, True) for qid in ("mod.m1", "mod.m2")]
    status = module_status(MODULE_BANK, [done(85)], answers, 80)
    assert "mod.e1" not in status.must_pass_outstanding
    assert status.passed
