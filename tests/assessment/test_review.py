"""Leitner boxes as pure functions of (when, correct) histories, on a fixed injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from modules.assessment.review import (
    BOX_DAYS,
    LAST_BOX,
    LEECH_LAPSES,
    Card,
    card_for,
    queue,
    review_session,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
QID = "mod.q1"


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def card(history: list[tuple[datetime, bool]]) -> Card | None:
    return card_for(QID, history)


def climb(start: datetime, boxes: int) -> list[tuple[datetime, bool]]:
    """A miss at `start`, then right answers each exactly when due, up to box `boxes`."""
    history, at = [(start, False)], start
    for box in range(2, boxes + 1):
        history.append((at, True))
        at += timedelta(days=BOX_DAYS[box])
    return history


def test_the_documented_intervals() -> None:
    assert LAST_BOX == 5
    assert BOX_DAYS[2:] == (1, 3, 7, 14)
    assert LEECH_LAPSES == 4


# -- entering and moving ----------------------------------------------------------------------


def test_the_first_miss_puts_the_item_in_box_one_due_at_once() -> None:
    result = card([(day(0), False)])
    assert result == Card(QID, 1, day(0), 1)
    assert result.queued and result.due(day(0))
    assert not result.due(day(0) - timedelta(seconds=1))


def test_right_answers_before_the_first_miss_do_not_queue_it() -> None:
    assert card([(day(0), True), (day(1), True), (day(2), False)]) == Card(QID, 1, day(2), 1)


def test_right_when_due_in_box_one_moves_to_box_two_due_a_day_later() -> None:
    result = card([(day(0), False), (day(0.5), True)])
    assert result == Card(QID, 2, day(1.5), 1)
    assert not result.due(day(1.5) - timedelta(minutes=1))
    assert result.due(day(1.5))


def test_right_at_the_very_moment_it_falls_due_counts_as_due() -> None:
    assert card([(day(0), False), (day(0), True)]) == Card(QID, 2, day(1), 1)
    assert card([(day(0), False), (day(0), True), (day(1), True)]) == Card(QID, 3, day(4), 1)


@pytest.mark.parametrize("early", [timedelta(minutes=1), timedelta(hours=12), timedelta(hours=23)])
def test_right_before_due_leaves_the_card_unchanged(early: timedelta) -> None:
    history = [(day(0), False), (day(0), True)]  # box 2, due at day 1
    before = card(history)
    assert before == Card(QID, 2, day(1), 1)
    assert card([*history, (day(1) - early, True)]) == before
    assert card([*history, (day(1) - early, True), (day(1) - early / 2, True)]) == before


@pytest.mark.parametrize("boxes", [1, 2, 3, 4, 5])
def test_a_miss_in_any_box_sends_it_back_to_box_one_due_now(boxes: int) -> None:
    history = climb(day(0), boxes)
    reached = card(history)
    assert reached is not None and reached.box == boxes and reached.lapses == 1
    miss_at = day(100)
    assert card([*history, (miss_at, False)]) == Card(QID, 1, miss_at, 2)


def test_a_miss_before_due_also_sends_it_back() -> None:
    history = climb(day(0), 4)  # box 4, due 7 days after day 4
    assert card(history) == Card(QID, 4, day(11), 1)
    assert card([*history, (day(5), False)]) == Card(QID, 1, day(5), 2)


def test_the_full_climb_to_learned() -> None:
    history = [(day(0), False)]
    expected = [Card(QID, 1, day(0), 1)]
    for at, box, due in [(day(0), 2, day(1)), (day(1), 3, day(4)), (day(4), 4, day(11)),
                         (day(11), 5, day(25))]:  # fmt: skip
        history.append((at, True))
        expected.append(Card(QID, box, due, 1))
    seen = [card(history[: n + 1]) for n in range(len(history))]
    assert seen == expected
    learned = card([*history, (day(25), True)])
    assert learned == Card(QID, 0, None, 1)
    assert not learned.queued
    assert not learned.due(day(1000))


def test_a_learned_item_stays_learned_when_right_and_returns_when_missed() -> None:
    history = [*climb(day(0), 5), (day(25), True)]
    assert card([*history, (day(40), True)]) == Card(QID, 0, None, 1)
    assert card([*history, (day(40), False)]) == Card(QID, 1, day(40), 2)


def test_box_five_right_before_due_does_not_leave_the_queue() -> None:
    history = climb(day(0), 5)  # box 5, due day 25
    assert card([*history, (day(24), True)]) == Card(QID, 5, day(25), 1)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # box 1 (due day 0), answered 90 days later: one step up, to box 2, due a day after that
        ([(day(0), False), (day(90), True)], Card(QID, 2, day(91), 1)),
        # box 2 (due day 1), answered on day 200: box 3, due 3 days later
        ([(day(0), False), (day(0), True), (day(200), True)], Card(QID, 3, day(203), 1)),
        # box 4 (due day 11), answered a year later: box 5, not learned
        ([*climb(day(0), 4), (day(376), True)], Card(QID, 5, day(390), 1)),
    ],
)
def test_a_long_gap_counts_as_one_step_up(
    history: list[tuple[datetime, bool]], expected: Card
) -> None:
    assert card(history) == expected


@pytest.mark.parametrize("answers", [0, 1, 3, 10])
def test_an_item_always_answered_right_is_never_queued(answers: int) -> None:
    assert card([(day(n), True) for n in range(answers)]) is None


def test_queue_keeps_only_items_ever_missed() -> None:
    histories = {
        "mod.q1": [(day(0), True), (day(1), True)],
        "mod.q2": [(day(0), False)],
        "mod.q3": [],
        "mod.q4": [*climb(day(0), 5), (day(25), True)],  # learned: a card, but not queued
    }
    cards = queue(histories)
    assert cards == [Card("mod.q2", 1, day(0), 1), Card("mod.q4", 0, None, 1)]
    assert [c.question_id for c in cards if c.queued] == ["mod.q2"]


# -- leeches ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("misses", "leech"), [(1, False), (3, False), (4, True), (6, True)])
def test_a_leech_has_four_lapses(misses: int, leech: bool) -> None:
    history = []
    for n in range(misses):
        history += [(day(2 * n), False), (day(2 * n), True)]  # each miss reviewed right at once
    result = card(history)
    assert result is not None
    assert result.lapses == misses
    assert result.leech is leech
    assert result.box == 2  # the lapses are counted even when the card has moved on


def test_lapses_count_every_wrong_answer_even_in_box_one() -> None:
    result = card([(day(0), False), (day(0.1), False), (day(0.2), False), (day(0.3), False)])
    assert result == Card(QID, 1, day(0.3), 4)
    assert result.leech


def test_a_learned_leech_is_still_a_leech() -> None:
    history = []
    for n in range(4):
        history.append((day(n), False))
    history += [(day(3), True), (day(4), True), (day(7), True), (day(14), True), (day(28), True)]
    result = card(history)
    assert result == Card(QID, 0, None, 4)
    assert result.leech and not result.queued


# -- a session --------------------------------------------------------------------------------

NOW = day(30)


def due_card(qid: str, box: int, due_at: datetime) -> Card:
    return Card(qid, box, due_at, 1)


def test_the_session_puts_the_weakest_objective_first() -> None:
    cards = [
        due_card("mod.strong", 1, day(1)),
        due_card("mod.weak", 3, day(29)),
        due_card("mod.middle", 2, day(10)),
    ]
    objective_of = {"mod.strong": "o.strong", "mod.weak": "o.weak", "mod.middle": "o.middle"}
    weakness = {"o.strong": 0.9, "o.weak": 0.2, "o.middle": 0.55}
    assert review_session(cards, NOW, weakness, objective_of, 8) == [
        "mod.weak", "mod.middle", "mod.strong",
    ]  # fmt: skip


def test_within_an_objective_the_lower_box_comes_first_then_the_longest_overdue() -> None:
    cards = [
        due_card("mod.box3_old", 3, day(1)),
        due_card("mod.box1_new", 1, day(29)),
        due_card("mod.box2_new", 2, day(28)),
        due_card("mod.box2_old", 2, day(5)),
        due_card("mod.box1_old", 1, day(2)),
    ]
    objective_of = {c.question_id: "o.same" for c in cards}
    assert review_session(cards, NOW, {"o.same": 0.5}, objective_of, 8) == [
        "mod.box1_old", "mod.box1_new", "mod.box2_old", "mod.box2_new", "mod.box3_old",
    ]  # fmt: skip


def test_an_unknown_objective_level_counts_as_one_half() -> None:
    cards = [
        due_card("mod.a", 1, day(1)),  # its objective has no level yet
        due_card("mod.b", 1, day(2)),  # 0.4: weaker than 0.5
        due_card("mod.c", 1, day(3)),  # 0.6: stronger than 0.5
        due_card("gone.q", 1, day(0)),  # no objective known at all
    ]
    objective_of = {"mod.a": "o.a", "mod.b": "o.b", "mod.c": "o.c"}
    weakness = {"o.b": 0.4, "o.c": 0.6}
    assert review_session(cards, NOW, weakness, objective_of, 8) == [
        "mod.b", "gone.q", "mod.a", "mod.c",
    ]  # fmt: skip


@pytest.mark.parametrize(("size", "expected"), [(0, []), (1, ["q.1"]), (3, ["q.1", "q.2", "q.3"])])
def test_the_session_size_is_a_limit(size: int, expected: list[str]) -> None:
    cards = [due_card(f"q.{n}", 1, day(n)) for n in (4, 2, 1, 3, 5)]
    assert review_session(cards, NOW, {}, {}, size) == expected


def test_items_not_yet_due_and_learned_items_are_left_out() -> None:
    cards = [
        due_card("mod.due", 2, NOW),  # due this very moment
        due_card("mod.tomorrow", 2, NOW + timedelta(days=1)),
        due_card("mod.in_a_minute", 1, NOW + timedelta(minutes=1)),
        Card("mod.learned", 0, None, 2),
        due_card("mod.overdue", 4, day(2)),
    ]
    assert review_session(cards, NOW, {}, {}, 8) == ["mod.due", "mod.overdue"]
    assert review_session(cards, NOW - timedelta(days=40), {}, {}, 8) == []


def test_a_session_from_real_histories() -> None:
    histories = {
        "mod.q1": [(day(0), False)],  # box 1, due since day 0
        "mod.q2": [(day(0), False), (day(29.5), True)],  # box 2, due day 30.5: not yet
        "mod.q3": [(day(0), True)],  # never missed
        "mod.q4": [*climb(day(0), 3), (day(8), False)],  # back in box 1, due since day 8
        "mod.q5": climb(day(10), 3),  # box 3, due day 14
    }
    objective_of = {"mod.q1": "o.1", "mod.q2": "o.1", "mod.q3": "o.1", "mod.q4": "o.2",
                    "mod.q5": "o.2"}  # fmt: skip
    weakness = {"o.1": 0.7, "o.2": 0.3}
    assert review_session(queue(histories), NOW, weakness, objective_of, 8) == [
        "mod.q4", "mod.q5", "mod.q1",
    ]  # fmt: skip
    assert review_session(queue(histories), NOW, weakness, objective_of, 2) == ["mod.q4", "mod.q5"]
