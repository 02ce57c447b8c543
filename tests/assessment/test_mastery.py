"""Hand-worked tables for the mastery rule: decay weights, case choices at half weight, statuses."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from modules.assessment.mastery import (
    CASE_WEIGHT,
    DECAY,
    MASTERED,
    MIN_EVIDENCE,
    WEAK,
    Evidence,
    Mastery,
    case_evidence,
    item_evidence,
    mastery,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def pieces(*spec: float | str, objective: str = "mod.o1") -> list[Evidence]:
    """Evidence one day apart, oldest first: a number is an item's score (weight 1), a rating
    ("optimal", "acceptable", "problematic") is a case choice (half weight)."""
    scores = {"optimal": 1.0, "acceptable": 0.5, "problematic": 0.0}
    found = []
    for n, piece in enumerate(spec):
        if isinstance(piece, str):
            found.append(Evidence(objective, day(n), scores[piece], CASE_WEIGHT))
        else:
            found.append(Evidence(objective, day(n), piece))
    return found


def level_of(evidence: list[Evidence], objective: str = "mod.o1") -> Mastery:
    [result] = mastery([objective], evidence)
    return result


def test_the_documented_constants() -> None:
    assert (DECAY, MIN_EVIDENCE, MASTERED, WEAK, CASE_WEIGHT) == (0.8, 3, 0.8, 0.6, 0.5)


# -- weights ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # oldest first; weights from the newest: 1, 0.8, 0.64, 0.512, 0.4096
        ((1, 1, 1), 1.0),
        ((0, 0, 0), 0.0),
        ((0, 0, 1), 1 / 2.44),
        ((0, 1, 0), 0.8 / 2.44),
        ((1, 0, 0), 0.64 / 2.44),
        ((1, 1, 0), 1.44 / 2.44),
        ((0, 1, 1), 1.8 / 2.44),
        ((1, 0, 0, 0), 0.512 / 2.952),
        ((0, 0, 0, 1), 1 / 2.952),
        ((0, 1, 1, 1), 2.44 / 2.952),
        ((0, 0, 0, 0, 1), 1 / 3.3616),
        ((1, 1, 1, 1, 0), 2.3616 / 3.3616),
        ((0.5, 0.5, 1), (0.32 + 0.4 + 1) / 2.44),  # partial credit counts as scored
        ((0.25, 1, 0.75), (0.16 + 0.8 + 0.75) / 2.44),
    ],
)
def test_item_evidence_is_weighted_newest_first(scores: tuple[float, ...], expected: float) -> None:
    result = level_of(pieces(*scores))
    assert result.level == pytest.approx(expected)
    assert result.evidence == len(scores)


def test_one_slip_after_a_run_of_right_answers_keeps_the_picture() -> None:
    slip = level_of(pieces(1, 1, 1, 1, 1, 0)).level
    assert slip is not None
    assert slip == pytest.approx((0.8 + 0.64 + 0.512 + 0.4096 + 0.32768) / 3.68928)
    assert 0.6 < slip < 0.8  # developing, not weak


def test_recovery_after_early_mistakes_shows_quickly() -> None:
    early = level_of(pieces(0, 0, 0)).level
    recovered = level_of(pieces(0, 0, 0, 1, 1, 1)).level
    assert early == 0
    assert recovered == pytest.approx(2.44 / 3.68928)  # about two thirds after three right


# -- case evidence ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # item 1, case problematic (0.5 x 0.8), item 0 newest
        ((1, "problematic", 0), 0.64 / (0.64 + 0.4 + 1)),
        # two wrong items, then an optimal case choice at half weight
        ((0, 0, "optimal"), 0.5 / (0.64 + 0.8 + 0.5)),
        # an acceptable choice scores 0.5
        ((1, 1, "acceptable"), (0.64 + 0.8 + 0.25) / (0.64 + 0.8 + 0.5)),
        (("optimal", "optimal", "optimal"), 1.0),
        (("optimal", "problematic", 1), (0.32 + 1) / (0.32 + 0.4 + 1)),
        # from the newest: 0 (1), optimal (0.5 x 0.8), acceptable (0.5 x 0.64), problematic
        (("problematic", "acceptable", "optimal", 0), (0.4 + 0.16) / (1 + 0.4 + 0.32 + 0.256)),
    ],
)
def test_case_choices_weigh_half_an_item(spec: tuple[float | str, ...], expected: float) -> None:
    result = level_of(pieces(*spec))
    assert result.level == pytest.approx(expected)
    assert result.evidence == len(spec)


def test_a_case_choice_weighs_half_of_an_item_at_the_same_place() -> None:
    as_item = level_of(pieces(0, 0, 1)).level
    as_case = level_of(pieces(0, 0, "optimal")).level
    assert as_item == pytest.approx(1 / 2.44)
    assert as_case == pytest.approx(0.5 / 1.94)
    assert as_case is not None and as_item is not None and as_case < as_item


# -- not enough evidence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [(), (1,), (0,), (1, 1), ("optimal",), (1, "optimal"), ("problematic", "optimal")],
)
def test_fewer_than_three_pieces_show_no_level(spec: tuple[float | str, ...]) -> None:
    result = level_of(pieces(*spec))
    assert result == Mastery("mod.o1", None, len(spec))
    assert result.status == "not enough evidence yet"


@pytest.mark.parametrize("spec", [(1, 1, 1), (1, 1, "optimal"), ("optimal",) * 3])
def test_three_pieces_of_either_kind_are_enough(spec: tuple[float | str, ...]) -> None:
    result = level_of(pieces(*spec))
    assert result.level == pytest.approx(1.0)
    assert result.evidence == 3
    assert result.status == "mastered"


def test_an_objective_without_evidence_shows_zero_pieces() -> None:
    result = mastery(["mod.o1", "mod.o2"], pieces(1, 1, 1, objective="mod.o1"))
    assert result == [Mastery("mod.o1", 1.0, 3), Mastery("mod.o2", None, 0)]


def test_results_follow_the_objective_order_and_ignore_unlisted_objectives() -> None:
    evidence = (
        pieces(1, 1, 1, objective="mod.o1")
        + pieces(0, 0, 0, objective="mod.o2")
        + pieces(1, 0, 1, objective="other.o9")
    )
    result = mastery(["mod.o2", "mod.o3", "mod.o1"], evidence)
    assert [(m.objective_id, m.level, m.evidence) for m in result] == [
        ("mod.o2", 0.0, 3),
        ("mod.o3", None, 0),
        ("mod.o1", 1.0, 3),
    ]


# -- statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "status"),
    [
        (None, "not enough evidence yet"),
        (1.0, "mastered"),
        (0.8, "mastered"),
        (0.8 - 1e-9, "developing"),
        (0.7, "developing"),
        (0.6, "developing"),
        (0.6 - 1e-9, "weak"),
        (0.3, "weak"),
        (0.0, "weak"),
    ],
)
def test_status_boundaries(level: float | None, status: str) -> None:
    assert Mastery("mod.o1", level, 3).status == status


@pytest.mark.parametrize(
    ("scores", "status"),
    [
        ((0.8, 0.8, 0.8), "mastered"),  # exactly MASTERED by the rule
        ((0.8, 0.8, 0.8, 0.8, 0.8), "mastered"),
        ((0.6, 0.6, 0.6), "developing"),  # exactly WEAK by the rule: not weak
        ((1, 1, 0), "weak"),  # 1.44 / 2.44 = 0.590…
        ((0, 1, 1), "developing"),  # 1.8 / 2.44 = 0.738…
        ((1, 0, 1, 1), "developing"),  # (0.512 + 0.8 + 1) / 2.952 = 0.783…
        ((0, 1, 1, 1), "mastered"),  # 2.44 / 2.952 = 0.826…
    ],
)
def test_statuses_from_evidence(scores: tuple[float, ...], status: str) -> None:
    assert level_of(pieces(*scores)).status == status


# -- time order -------------------------------------------------------------------------------


def test_evidence_is_ordered_by_time_not_by_input_order() -> None:
    oldest_first = pieces(1, 0, 0)  # the right answer is the oldest
    newest_first = list(reversed(oldest_first))
    result = level_of(newest_first)
    assert result.level == pytest.approx(0.64 / 2.44)  # not 1 / 2.44, as the input order suggests
    in_order = pieces(1, 0, 0.5, 1, "acceptable", 0)
    # from the newest: 0 (1), acceptable (0.5 x 0.8), 1 (0.64), 0.5 (0.512), 0 (0.4096), 1 (0.32768)
    expected = (0.2 + 0.64 + 0.256 + 0.32768) / (1 + 0.4 + 0.64 + 0.512 + 0.4096 + 0.32768)
    assert level_of(in_order).level == pytest.approx(expected)
    for seed in range(10):
        shuffled = list(in_order)
        random.Random(seed).shuffle(shuffled)
        assert level_of(shuffled).level == pytest.approx(expected)


def test_a_late_answer_given_first_still_counts_as_the_newest() -> None:
    evidence = [
        Evidence("mod.o1", day(10), 1.0),
        Evidence("mod.o1", day(1), 0.0),
        Evidence("mod.o1", day(2), 0.0),
    ]
    assert level_of(evidence).level == pytest.approx(1 / 2.44)


# -- building evidence ------------------------------------------------------------------------


def test_item_evidence_maps_answers_to_their_objectives() -> None:
    objective_of = {"mod.q1": "mod.o1", "mod.q2": "mod.o2", "mod.r1": "mod.o1"}
    answers = [
        ("mod.q1", day(0), 1.0),
        ("mod.r1", day(1), None),  # a reflection: not scored
        ("mod.q2", day(2), 0.5),
        ("gone.q7", day(3), 1.0),  # no longer in the course
        ("mod.q1", day(4), 0.0),
    ]
    assert item_evidence(answers, objective_of) == [
        Evidence("mod.o1", day(0), 1.0, 1.0),
        Evidence("mod.o2", day(2), 0.5, 1.0),
        Evidence("mod.o1", day(4), 0.0, 1.0),
    ]


def test_reflections_never_count_towards_the_minimum() -> None:
    objective_of = {"mod.q1": "mod.o1", "mod.r1": "mod.o1"}
    answers = [("mod.q1", day(0), 1.0), ("mod.r1", day(1), None), ("mod.r1", day(2), None),
               ("mod.q1", day(3), 1.0)]  # fmt: skip
    assert level_of(item_evidence(answers, objective_of)) == Mastery("mod.o1", None, 2)


def test_a_score_of_zero_is_evidence_not_a_reflection() -> None:
    answers = [("mod.q1", day(n), 0.0) for n in range(3)]
    assert level_of(item_evidence(answers, {"mod.q1": "mod.o1"})) == Mastery("mod.o1", 0.0, 3)


def test_unknown_question_ids_are_skipped() -> None:
    answers = [("mod.q9", day(n), 1.0) for n in range(5)]
    assert item_evidence(answers, {"mod.q1": "mod.o1"}) == []


def test_case_evidence_counts_for_every_objective_the_vignette_lists() -> None:
    choices = [
        (("mod.o1", "mod.o3"), day(0), "optimal"),
        (("mod.o1", "mod.o3"), day(0), "problematic"),
        (("mod.o2",), day(1), "acceptable"),
    ]
    assert case_evidence(choices) == [
        Evidence("mod.o1", day(0), 1.0, 0.5),
        Evidence("mod.o3", day(0), 1.0, 0.5),
        Evidence("mod.o1", day(0), 0.0, 0.5),
        Evidence("mod.o3", day(0), 0.0, 0.5),
        Evidence("mod.o2", day(1), 0.5, 0.5),
    ]


def test_one_case_run_gives_every_listed_objective_the_same_evidence() -> None:
    run = [(("mod.o1", "mod.o2"), day(5), rating)
           for rating in ("optimal", "acceptable", "optimal")]  # fmt: skip
    result = mastery(["mod.o1", "mod.o2", "mod.o3"], case_evidence(run))
    # one run, one time: choices in step order, the last step newest (weights 0.32, 0.4, 0.5)
    expected = (0.32 + 0.2 + 0.5) / (0.32 + 0.4 + 0.5)
    assert [m.objective_id for m in result] == ["mod.o1", "mod.o2", "mod.o3"]
    assert result[0].level == pytest.approx(expected)
    assert result[1].level == pytest.approx(expected)
    assert (result[0].evidence, result[1].evidence) == (3, 3)
    assert result[2] == Mastery("mod.o3", None, 0)


def test_items_and_cases_together() -> None:
    items = item_evidence([("mod.q1", day(0), 1.0), ("mod.q1", day(2), 0.0)], {"mod.q1": "mod.o1"})
    cases = case_evidence([(("mod.o1",), day(1), "acceptable"), (("mod.o1",), day(3), "optimal")])
    result = level_of(items + cases)
    # oldest first: item 1 (0.512), case 0.5 (0.5 x 0.64), item 0 (0.8), case 1 (0.5 x 1)
    assert result.evidence == 4
    assert result.level == pytest.approx((0.512 + 0.16 + 0.5) / (0.512 + 0.32 + 0.8 + 0.5))
