"""The pure vignette engine: scoring, hierarchy errors, counters, balance, cycles and errors."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from modules.assessment.vignette_run import (
    POLE_NOTE_MIN,
    POLE_NOTE_SHARE,
    RunState,
    VignetteError,
    choose,
    finished,
    hierarchy_error,
    start,
    summarise,
)
from modules.course import load_course
from modules.course.vignettes import Node, Vignette

COURSE_OK = Path(__file__).resolve().parents[1] / "fixtures" / "course_ok"

FILLER_FOR = {"optimal": "acceptable", "acceptable": "optimal", "problematic": "optimal"}


@pytest.fixture(scope="module")
def late_again() -> Vignette:
    result = load_course(COURSE_OK)
    assert result.ok, result.problems
    vignette = result.course.vignette("late-again")
    assert vignette is not None
    return vignette


def choice(
    choice_id: str, next_id: str, rating: str = "optimal", *, pole: str = "change",
    addresses: str | None = None, effects: dict[str, int] | None = None,
) -> dict[str, Any]:  # fmt: skip
    data: dict[str, Any] = {
        "id": choice_id, "text": f"Say {choice_id}.", "next": next_id, "rating": rating,
        "feedback": "Because.", "principle": "A principle.", "pole": pole,
        "strategy": "validation", "effects": effects or {},
    }  # fmt: skip
    if addresses is not None:
        data["addresses"] = addresses
    return data


def decision(node_id: str, *choices: dict[str, Any], present: tuple[str, ...] = ()) -> dict:
    return {
        "id": node_id,
        "narrative": f"At {node_id}.",
        "targets_present": list(present),
        "choices": list(choices),
    }


def ending(node_id: str = "end", outcomes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": node_id,
        "narrative": "The session ends.",
        "ending": True,
        "debrief": "What mattered.",
        "discussion": ["First question?", "Second question?"],
        "outcomes": outcomes or [],
    }


def vignette(*nodes: dict[str, Any], counters: dict[str, int] | None = None) -> Vignette:
    return Vignette.model_validate(
        {
            "id": "built",
            "title": "Built",
            "summary": "A vignette built in a test.",
            "modules": ["validation"],
            "objectives": ["validation.o1"],
            "references": ["linehan1993a"],
            "client": {
                "name": "Sam",
                "age": 30,
                "presentation": "Anger.",
                "history": "New to DBT.",
                "targets": ["anger"],
            },
            "counters": counters or {},
            "start": nodes[0]["id"],
            "nodes": list(nodes),
        }
    )


def chain(*decisions: tuple[str, bool], poles: tuple[str, ...] = ()) -> Vignette:
    """One decision node per (rating, hierarchy error) with life-threatening present; the choice
    'x' has that rating and, for an error, addresses quality-of-life; 'f' fills in the rest."""
    nodes = []
    for i, (rating, error) in enumerate(decisions):
        after = f"n{i + 1}" if i + 1 < len(decisions) else "end"
        pole = poles[i] if poles else "change"
        addresses = "quality-of-life" if error else "life-threatening"
        x = choice("x", after, rating, pole=pole, addresses=addresses)
        f = choice("f", after, FILLER_FOR[rating], addresses="life-threatening")
        nodes.append(decision(f"n{i}", x, f, present=("life-threatening",)))
    return vignette(*nodes, ending())


def play(v: Vignette, *choice_ids: str) -> RunState:
    state = start(v)
    for choice_id in choice_ids:
        state, _ = choose(v, state, choice_id)
    return state


def walk_x(v: Vignette) -> RunState:
    state = start(v)
    while not finished(v, state):
        state, _ = choose(v, state, "x")
    return state


OPT, ACC, BAD = ("optimal", False), ("acceptable", False), ("problematic", False)
OPT_ERR, ACC_ERR, BAD_ERR = ("optimal", True), ("acceptable", True), ("problematic", True)

# -- the scoring rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decisions", "points", "score"),
    [
        ((OPT,) * 4, 8, 1.0),
        ((ACC,) * 4, 4, 0.5),
        ((BAD,) * 4, 0, 0.0),
        ((OPT, ACC, BAD, OPT), 5, 5 / 8),
        ((OPT, OPT, OPT, BAD_ERR), 5, 5 / 8),  # one problematic with an error among 4: 2+2+2-1
        ((OPT, BAD_ERR, OPT, ACC), 4, 0.5),
        ((OPT_ERR, OPT_ERR), 2, 0.5),  # optimal but out of order still costs 1
        ((ACC_ERR, BAD_ERR, OPT), 1, 1 / 6),
        ((OPT,), 2, 1.0),
        ((OPT, BAD_ERR, BAD_ERR, BAD_ERR), -1, 0.0),  # floored at 0
        ((BAD_ERR,) * 5, -5, 0.0),
    ],
)
def test_score_is_points_over_twice_the_decisions_floored_at_zero(
    decisions: tuple[tuple[str, bool], ...], points: int, score: float
) -> None:
    summary = summarise(chain(*decisions), walk_x(chain(*decisions)))
    assert summary.points == points
    assert summary.max_points == 2 * len(decisions)
    assert summary.score == pytest.approx(score)
    assert 0.0 <= summary.score <= 1.0
    assert summary.hierarchy_errors == sum(error for _, error in decisions)


def test_a_run_without_decisions_scores_zero_not_a_division_error(late_again: Vignette) -> None:
    summary = summarise(late_again, start(late_again))
    assert (summary.points, summary.max_points, summary.score) == (0, 0, 0.0)
    assert summary.ending is None
    assert summary.outcome_texts == ()


def test_the_fixture_path_with_one_hierarchy_error_scores_as_computed_by_hand(
    late_again: Vignette,
) -> None:
    # arrival a (optimal, 2) -> card b (problematic, quality-of-life over life-threatening: 0-1)
    # -> sister a (optimal, 2) -> chain b (acceptable, 1) -> end: 4 points of 8
    state = play(late_again, "a", "b", "a", "b")
    assert finished(late_again, state)
    summary = summarise(late_again, state)
    assert summary.points == 4
    assert summary.max_points == 8
    assert summary.score == 0.5
    assert summary.hierarchy_errors == 1
    assert [s.hierarchy_error for s in state.steps] == [False, True, False, False]
    assert summary.path_taken == ("arrival", "card", "sister", "chain")
    assert summary.ending == "end"


def test_the_fixture_optimal_path_scores_full_marks(late_again: Vignette) -> None:
    state = play(late_again, "a", "a", "a", "a")
    summary = summarise(late_again, state)
    assert (summary.points, summary.max_points, summary.score) == (8, 8, 1.0)
    assert summary.hierarchy_errors == 0


# -- hierarchy errors -----------------------------------------------------------------------------


def node_with(present: tuple[str, ...], addresses: str | None) -> tuple[Node, Any]:
    node = Node.model_validate(
        decision(
            "here",
            choice("x", "end", "acceptable", addresses=addresses),
            choice("y", "end", "optimal"),
            present=present,
        )
    )
    return node, node.choices[0]


LT, TI, QOL, SK = "life-threatening", "therapy-interfering", "quality-of-life", "skills"


@pytest.mark.parametrize(
    ("present", "addresses", "expected"),
    [
        ((LT, TI, QOL), QOL, (True, LT)),
        ((LT, QOL), QOL, (True, LT)),
        ((TI, QOL), QOL, (True, TI)),
        ((QOL, TI, LT), SK, (True, LT)),  # names the highest, whatever the order present
        ((SK, QOL), SK, (True, QOL)),
        ((LT, TI), TI, (True, LT)),
        ((LT,), LT, (False, None)),
        ((LT, TI, QOL), LT, (False, None)),  # works the highest target present
        ((TI, QOL), TI, (False, None)),
        ((LT, TI, QOL), None, (False, None)),  # addresses no target: never an error
        ((LT,), None, (False, None)),
        ((), None, (False, None)),
        ((QOL,), TI, (False, None)),  # a higher target than any present
        ((QOL,), QOL, (False, None)),  # the higher targets are absent
        ((), SK, (False, None)),
        ((SK,), LT, (False, None)),
    ],
)
def test_hierarchy_error(
    present: tuple[str, ...], addresses: str | None, expected: tuple[bool, str | None]
) -> None:
    node, picked = node_with(present, addresses)
    assert hierarchy_error(node, picked) == expected


def test_choose_reports_the_hierarchy_error_and_the_higher_target(late_again: Vignette) -> None:
    state = play(late_again, "a")  # at the card: life-threatening, therapy-interfering, QoL
    _, sister = choose(late_again, state, "b")  # quality-of-life
    _, group = choose(late_again, state, "c")  # therapy-interfering
    _, urge = choose(late_again, state, "a")  # life-threatening
    assert (sister.hierarchy_error, sister.higher_target) == (True, LT)
    assert (group.hierarchy_error, group.higher_target) == (True, LT)
    assert (urge.hierarchy_error, urge.higher_target) == (False, None)
    assert sister.choice.id == "b"


def test_a_choice_without_a_target_while_life_is_at_risk_is_not_a_hierarchy_error(
    late_again: Vignette,
) -> None:
    # the sister node has life-threatening present; 'Same time next week?' addresses nothing
    state = play(late_again, "a", "b")
    state, outcome = choose(late_again, state, "b")
    assert late_again.node("sister").choices[1].addresses is None
    assert outcome.hierarchy_error is False
    assert state.steps[-1].hierarchy_error is False


# -- counters and outcomes ------------------------------------------------------------------------


def test_counters_start_at_the_declared_values_and_effects_add_up(late_again: Vignette) -> None:
    state = start(late_again)
    assert dict(state.counters) == {"alliance": 0, "risk": 1}
    state = play(late_again, "a", "a", "a", "a")
    assert [dict(s.counters_after) for s in state.steps] == [
        {"alliance": 1, "risk": 1},  # arrival a: alliance +1
        {"alliance": 1, "risk": 0},  # card a: risk -1
        {"alliance": 2, "risk": 0},  # chain a: alliance +1
        {"alliance": 2, "risk": 0},  # solution a: no effects
    ]
    assert dict(state.counters) == {"alliance": 2, "risk": 0}


def test_effects_can_go_negative_and_the_ending_shows_the_outcomes_that_hold(
    late_again: Vignette,
) -> None:
    # arrival c (alliance -1) -> defensive b -> card b -> sister b (risk +1) -> end
    state = play(late_again, "c", "b", "b", "b")
    assert dict(state.counters) == {"alliance": -1, "risk": 2}
    summary = summarise(late_again, state)
    assert summary.outcome_texts == (
        "An urge to self-harm went unassessed; plan to return to it first next time.",
    )


def test_the_optimal_path_of_the_fixture_ends_with_the_alliance_outcome(
    late_again: Vignette,
) -> None:
    summary = summarise(late_again, play(late_again, "a", "a", "a", "a"))
    assert summary.outcome_texts == ("Jo leaves saying the session helped.",)


def test_choosing_does_not_change_the_state_it_was_given(late_again: Vignette) -> None:
    before = start(late_again)
    after, _ = choose(late_again, before, "a")
    assert dict(before.counters) == {"alliance": 0, "risk": 1}
    assert before.steps == () and before.node_id == "arrival"
    assert after.node_id == "card" and after.decisions == 1
    assert isinstance(after.counters, MappingProxyType)
    with pytest.raises(TypeError):
        after.counters["alliance"] = 5  # type: ignore[index]


BANDED = [
    {"when": [{"counter": "trust", "min": 2, "max": 3}], "text": "between"},
    {"when": [{"counter": "trust", "max": 0}], "text": "low"},
    {"when": [{"counter": "trust", "min": 4}], "text": "high"},
    {"when": [{"counter": "trust", "min": 1}, {"counter": "risk", "max": 0}], "text": "both"},
]


@pytest.mark.parametrize(
    ("trust", "risk", "texts"),
    [
        (-1, 0, ("low",)),
        (0, 0, ("low",)),  # max is inclusive
        (1, 0, ("both",)),
        (1, 1, ()),  # 'both' needs every condition to hold
        (2, 0, ("between", "both")),  # min is inclusive
        (3, 5, ("between",)),  # max is inclusive
        (4, 0, ("high", "both")),
        (9, 1, ("high",)),
    ],
)
def test_outcomes_are_chosen_by_min_and_max_of_the_counters(
    trust: int, risk: int, texts: tuple[str, ...]
) -> None:
    v = vignette(
        decision(
            "only",
            choice("x", "end", effects={"trust": trust, "risk": risk}),
            choice("y", "end", "problematic"),
        ),
        ending(outcomes=BANDED),
        counters={"trust": 0, "risk": 0},
    )
    summary = summarise(v, play(v, "x"))
    assert dict(play(v, "x").counters) == {"trust": trust, "risk": risk}
    assert summary.outcome_texts == texts


# -- dialectical balance --------------------------------------------------------------------------


def poled(*poles: str) -> Vignette:
    return chain(*[OPT] * len(poles), poles=poles)


A, C = "acceptance", "change"


@pytest.mark.parametrize(
    ("poles", "acceptance", "change", "note"),
    [
        ((A, A, A, A, C), 0.8, 0.2, "acceptance side"),  # exactly 80 %
        ((C, C, C, C, A), 0.2, 0.8, "change side"),
        ((A, A, A), 1.0, 0.0, "acceptance side"),  # the fewest choices that get a note
        ((C, C, C), 0.0, 1.0, "change side"),
        ((A, A, A, C), 0.75, 0.25, None),  # below 80 %
        ((C, C, C, A), 0.25, 0.75, None),
        ((A, A), 1.0, 0.0, None),  # fewer than 3 choices
        ((C,), 0.0, 1.0, None),
        ((A, C, A, C), 0.5, 0.5, None),
        ((A,) * 8 + (C,) * 2, 0.8, 0.2, "acceptance side"),
        ((A,) * 7 + (C,) * 2, 7 / 9, 2 / 9, None),
    ],
)
def test_pole_shares_and_the_note_at_80_percent_of_3_or_more(
    poles: tuple[str, ...], acceptance: float, change: float, note: str | None
) -> None:
    v = poled(*poles)
    summary = summarise(v, walk_x(v))
    assert summary.acceptance_share == pytest.approx(acceptance)
    assert summary.change_share == pytest.approx(change)
    if note is None:
        assert summary.pole_note is None
    else:
        assert summary.pole_note is not None and note in summary.pole_note


def test_the_note_thresholds_are_the_documented_ones() -> None:
    assert (POLE_NOTE_SHARE, POLE_NOTE_MIN) == (0.8, 3)


def test_no_choices_means_no_shares(late_again: Vignette) -> None:
    summary = summarise(late_again, start(late_again))
    assert (summary.acceptance_share, summary.change_share, summary.pole_note) == (None, None, None)


# -- cycles ---------------------------------------------------------------------------------------


def test_going_round_a_loop_records_every_step() -> None:
    v = vignette(
        decision("a", choice("on", "b"), choice("stay", "a", "acceptable")),
        decision("b", choice("on", "end"), choice("back", "a", "problematic")),
        ending(),
        counters={"laps": 0},
    )
    state = start(v)
    for choice_id in ("stay", "on", "back", "stay", "on", "on"):
        state, _ = choose(v, state, choice_id)
    assert finished(v, state)
    assert [(s.node_id, s.choice_id) for s in state.steps] == [
        ("a", "stay"), ("a", "on"), ("b", "back"), ("a", "stay"), ("a", "on"), ("b", "on"),
    ]  # fmt: skip
    summary = summarise(v, state)
    assert summary.path_taken == ("a", "a", "b", "a", "a", "b")
    assert summary.points == 1 + 2 + 0 + 1 + 2 + 2
    assert summary.max_points == 12


def test_the_fixture_self_loop_on_the_card_is_recorded_each_time(late_again: Vignette) -> None:
    state = play(late_again, "a", "c", "c", "a", "b")
    assert finished(late_again, state)
    assert [s.node_id for s in state.steps] == ["arrival", "card", "card", "card", "chain"]
    assert [s.hierarchy_error for s in state.steps] == [False, True, True, False, False]
    summary = summarise(late_again, state)
    # 2 + (1-1) + (1-1) + 2 + 1 = 5 of 10
    assert (summary.points, summary.max_points, summary.score) == (5, 10, 0.5)
    assert summary.hierarchy_errors == 2


# -- steps keep timing and confidence -------------------------------------------------------------


def test_a_step_keeps_rating_pole_seconds_and_confidence(late_again: Vignette) -> None:
    state, outcome = choose(late_again, start(late_again), "c", seconds=12.5, confidence=3)
    step = state.steps[0]
    assert (step.node_id, step.choice_id, step.rating, step.pole) == (
        "arrival", "c", "problematic", "change",
    )  # fmt: skip
    assert (step.seconds, step.confidence) == (12.5, 3)
    assert step.hierarchy_error is False  # therapy-interfering is the highest present here
    assert outcome.choice.next == "defensive" == state.node_id


# -- errors ---------------------------------------------------------------------------------------


def test_an_unknown_choice_id_is_refused_and_the_state_is_unchanged(late_again: Vignette) -> None:
    state = start(late_again)
    with pytest.raises(VignetteError, match="'z' is not a choice"):
        choose(late_again, state, "z")
    assert state.steps == () and state.node_id == "arrival"


def test_a_choice_from_another_node_is_refused(late_again: Vignette) -> None:
    state = play(late_again, "a", "a", "a")  # at the solution node: choices a and b only
    with pytest.raises(VignetteError):
        choose(late_again, state, "c")


def test_a_choice_after_the_ending_is_refused(late_again: Vignette) -> None:
    state = play(late_again, "a", "a", "a", "a")
    assert finished(late_again, state)
    with pytest.raises(VignetteError, match="ended"):
        choose(late_again, state, "a")
    assert isinstance(VignetteError("x"), ValueError)


def test_finished_only_at_an_ending(late_again: Vignette) -> None:
    state = start(late_again)
    seen = [finished(late_again, state)]
    for choice_id in ("a", "a", "a", "a"):
        state, _ = choose(late_again, state, choice_id)
        seen.append(finished(late_again, state))
    assert seen == [False, False, False, False, True]


# -- the optimal path -----------------------------------------------------------------------------


def test_the_optimal_path_of_the_fixture(late_again: Vignette) -> None:
    path = late_again.optimal_path()
    assert [(n.id, c.id) for n, c in path] == [
        ("arrival", "a"), ("card", "a"), ("chain", "a"), ("solution", "a"),
    ]  # fmt: skip
    assert all(c.rating == "optimal" for _, c in path)
    summary = summarise(late_again, play(late_again, "c", "b", "b", "b"))
    assert summary.optimal_path == ("arrival", "card", "chain", "solution")
    assert summary.path_taken == ("arrival", "defensive", "card", "sister")


def test_the_optimal_path_stops_where_it_would_loop() -> None:
    v = vignette(
        decision("a", choice("on", "b"), choice("out", "end", "problematic")),
        decision("b", choice("on", "a"), choice("out", "end", "problematic")),
        ending(),
    )
    assert [(n.id, c.id) for n, c in v.optimal_path()] == [("a", "on"), ("b", "on")]


def test_the_optimal_path_of_a_built_chain() -> None:
    v = chain(OPT, ACC, BAD)
    assert [(n.id, c.id) for n, c in v.optimal_path()] == [("n0", "x"), ("n1", "f"), ("n2", "f")]
