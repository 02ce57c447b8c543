"""Tables for the exam rules: drawing the entry check and final exam, gain, course completion."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pydantic import TypeAdapter

from modules.assessment.exams import (
    ENTRY_PER_MODULE,
    FINAL_PASS_MARK,
    FINAL_PER_MODULE,
    course_completed,
    draw_exam,
    gain,
)
from modules.course import Question, QuestionBase

QUESTION = TypeAdapter(Question)
SEEDS = range(40)


def question(qid: str, *, exam: bool = True) -> QuestionBase:
    fields: dict[str, Any] = {
        "id": qid,
        "objective": qid.split(".")[0] + ".o1",
        "type": "single",
        "difficulty": 2,
        "scenario": "A client says the homework was pointless, like everything in here.",
        "prompt": "What do you do first?",
        "rationale": "Validate before solving.",
        "references": ["linehan1993a"],
        "exam": exam,
        "options": [
            {"id": "a", "text": "Validate.", "correct": True, "feedback": "Yes."},
            {"id": "b", "text": "Argue.", "feedback": "No."},
        ],
    }
    return QUESTION.validate_python(fields)


def banks(**spec: str) -> dict[str, list[QuestionBase]]:
    """`banks(m1="x1 x2 s1")`: module m1 with exam items m1.x1, m1.x2 and practice item m1.s1."""
    return {
        module: [question(f"{module}.{token}", exam=token[0] == "x") for token in tokens.split()]
        for module, tokens in spec.items()
    }


def of(module: str, drawn: tuple[str, ...]) -> set[str]:
    return {qid for qid in drawn if qid.startswith(module + ".")}


def test_the_documented_constants() -> None:
    assert (ENTRY_PER_MODULE, FINAL_PER_MODULE, FINAL_PASS_MARK) == (2, 3, 80)


# -- draw_exam --------------------------------------------------------------------------------


@pytest.mark.parametrize("per_module", [1, 2, 3])
def test_per_module_counts(per_module: int) -> None:
    exam_banks = banks(m1="x1 x2 x3 x4", m2="x1 x2 x3", m3="x1 x2 x3 x4 x5")
    for seed in SEEDS:
        drawn = draw_exam(exam_banks, per_module, random.Random(seed))
        assert len(drawn) == len(set(drawn)) == 3 * per_module
        for module in ("m1", "m2", "m3"):
            assert len(of(module, drawn)) == per_module


def test_only_exam_items_are_drawn_even_when_a_bank_is_short() -> None:
    exam_banks = banks(m1="s1 x1 s2 x2 s3 s4", m2="x1 s1")
    for seed in SEEDS:
        drawn = draw_exam(exam_banks, 3, random.Random(seed))
        assert set(drawn) == {"m1.x1", "m1.x2", "m2.x1"}  # short, but no practice item fills in
        assert len(drawn) == 3


def test_a_module_without_exam_items_contributes_nothing() -> None:
    exam_banks = banks(m1="x1 x2", m2="", m3="s1 s2")
    for seed in SEEDS:
        assert sorted(draw_exam(exam_banks, 2, random.Random(seed))) == ["m1.x1", "m1.x2"]
    assert draw_exam(banks(m1="s1"), 2, random.Random(0)) == ()


def test_excluded_items_are_avoided_where_the_bank_allows() -> None:
    exam_banks = banks(m1="x1 x2 x3 x4 x5", m2="x1 x2 x3 x4 x5 x6")
    met = {"m1.x1", "m1.x4", "m2.x2", "m2.x3", "m2.x6"}
    for seed in SEEDS:
        drawn = draw_exam(exam_banks, 3, random.Random(seed), exclude=met)
        assert len(drawn) == 6
        assert not met & set(drawn)
        assert of("m1", drawn) == {"m1.x2", "m1.x3", "m1.x5"}  # exactly the three fresh ones
        assert of("m2", drawn) == {"m2.x1", "m2.x4", "m2.x5"}


def test_excluded_items_are_reused_only_to_fill_a_bank_too_small() -> None:
    exam_banks = banks(m1="x1 x2 x3 x4", m2="x1 x2 x3 x4 x5 x6")
    met = {"m1.x1", "m1.x2", "m2.x1", "m2.x2"}
    reused_seen = set()
    for seed in SEEDS:
        drawn = draw_exam(exam_banks, 3, random.Random(seed), exclude=met)
        m1 = of("m1", drawn)
        assert {"m1.x3", "m1.x4"} <= m1  # every fresh item before any reuse
        assert len(m1) == 3
        reused = m1 & met
        assert len(reused) == 1  # one reused item fills the gap, no more
        reused_seen |= reused
        assert not of("m2", drawn) & met  # m2's bank is big enough: no reuse there
    assert reused_seen == {"m1.x1", "m1.x2"}  # the reused item is drawn at random


def test_a_bank_entirely_excluded_is_drawn_from_anyway() -> None:
    exam_banks = banks(m1="x1 x2 x3")
    for seed in SEEDS:
        drawn = draw_exam(exam_banks, 2, random.Random(seed), exclude={"m1.x1", "m1.x2", "m1.x3"})
        assert len(drawn) == 2 and set(drawn) <= {"m1.x1", "m1.x2", "m1.x3"}


def test_excluding_unknown_ids_changes_nothing() -> None:
    exam_banks = banks(m1="x1 x2 x3", m2="x1 x2 x3")
    for seed in SEEDS:
        plain = draw_exam(exam_banks, 2, random.Random(seed))
        assert draw_exam(exam_banks, 2, random.Random(seed), exclude={"gone.x1"}) == plain


def test_the_same_seed_gives_the_same_exam() -> None:
    exam_banks = banks(m1="x1 x2 x3 x4 x5", m2="x1 x2 x3 x4")
    for seed in (0, 1, "abc", 2**40):
        first = draw_exam(exam_banks, 2, random.Random(seed), exclude={"m1.x2"})
        again = draw_exam(exam_banks, 2, random.Random(seed), exclude={"m1.x2"})
        assert first == again


def test_different_seeds_vary_the_mix_and_the_order() -> None:
    exam_banks = banks(m1="x1 x2 x3 x4 x5", m2="x1 x2 x3 x4")
    drawn = [draw_exam(exam_banks, 2, random.Random(seed)) for seed in SEEDS]
    assert len({frozenset(d) for d in drawn}) > 1  # the mix varies
    # items are shuffled within the whole exam, not kept in module blocks
    modules_in_order = [tuple(qid.split(".")[0] for qid in d) for d in drawn]
    assert ("m1", "m1", "m2", "m2") in modules_in_order
    assert any(order != ("m1", "m1", "m2", "m2") for order in modules_in_order)


# -- gain -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "final", "points", "normalised"),
    [
        (0, 50, 50, 0.5),
        (50, 75, 25, 0.5),
        (25, 100, 75, 1.0),
        (40, 85, 45, 0.75),
        (80, 80, 0, 0.0),
        (60, 40, -20, -0.5),  # a negative gain is shown as such
        (0, 0, 0, 0.0),
        (200 / 3, 100, 100 / 3, 1.0),
        (100, 100, 0, None),  # nothing left to gain: undefined
        (100, 80, -20, None),
    ],
)
def test_gain(entry: float, final: float, points: float, normalised: float | None) -> None:
    got_points, got_normalised = gain(entry, final)
    assert got_points == pytest.approx(points)
    if normalised is None:
        assert got_normalised is None
    else:
        assert got_normalised == pytest.approx(normalised)


# -- course_completed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "final_passed", "completed"),
    [
        ({"a": True, "b": True}, True, True),
        ({"a": True}, True, True),
        ({"a": True, "b": True}, False, False),  # no final passed (or none taken)
        ({"a": True, "b": False}, True, False),  # a module not passed
        ({"a": False, "b": False}, True, False),
        ({}, True, False),  # a course without modules is never completed
    ],
)
def test_course_completed(passed: dict[str, bool], final_passed: bool, completed: bool) -> None:
    assert course_completed(passed, final_passed) is completed
