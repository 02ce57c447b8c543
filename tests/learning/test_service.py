"""LearningService on a real SQLite file: lessons, quizzes, resuming, progress and permissions."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from modules.accounts import SignedIn
from modules.accounts.roles import PermissionDenied
from modules.course import Course
from modules.learning import LearningService, QuizPlan
from modules.learning.service import LearningError, display_order
from modules.tracking import Database
from modules.tracking import progress as store
from modules.tracking.progress import AlreadyAnswered
from tests.learning.answers import REFLECTION, right_answer, wrong_answer

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # as in conftest.py
VALIDATION = ("validation.q01", "validation.q02", "validation.q03", "validation.q04")
BIOSOCIAL = ("biosocial.q01", "biosocial.q02")
MUST_PASS = "validation.q04"
EXAM = "validation.q05"
LESSONS = ("biosocial.two-roots", "biosocial.transaction", "validation.levels")


def at(minutes: int):
    return START + timedelta(minutes=minutes)


def answer(
    service: LearningService, person: SignedIn, plan: QuizPlan, question_id: str,
    response: Any = None, minute: int = 1,
) -> QuizPlan:  # fmt: skip
    """Submit one answer (the right one unless given) and return the updated plan."""
    if response is None:
        response = right_answer(service.course.question(question_id))  # type: ignore[arg-type]
    done = service.submit(
        person, plan, question_id, response, confidence=2, seconds=12.5, now=at(minute)
    )
    return done.plan


def take(
    service: LearningService, person: SignedIn, plan: QuizPlan, *, wrong: tuple[str, ...] = (),
    minute: int = 1,
) -> QuizPlan:  # fmt: skip
    """Answer every remaining item of the plan: right, except the items named in `wrong`."""
    for question_id in plan.item_ids:
        if question_id in plan.answered:
            continue
        question = service.course.question(question_id)
        assert question is not None
        response = wrong_answer(question) if question_id in wrong else right_answer(question)
        plan = answer(service, person, plan, question_id, response, minute)
    assert plan.finished
    return plan


def quiz(service: LearningService, person: SignedIn, module: str, seed: int = 1) -> QuizPlan:
    return service.open_quiz(person, module, random.Random(seed))


def saved(db: Database, person: SignedIn) -> tuple[list, list]:
    return store.attempts_of(db, person.user_id), store.responses_of_user(db, person.user_id)


# -- a whole quiz -----------------------------------------------------------------------------


def test_the_fixture_quiz_draws_the_whole_practice_bank(
    service: LearningService, trainee: SignedIn
) -> None:
    plan = quiz(service, trainee, "validation")
    assert sorted(plan.item_ids) == list(VALIDATION)
    assert plan.attempt_id is None and plan.answered == {}
    assert plan.next_item == plan.item_ids[0]
    assert saved(service.db, trainee) == ([], [])  # nothing is stored before the first answer


def test_a_whole_quiz_answered_right_passes_the_module(
    service: LearningService, trainee: SignedIn
) -> None:
    plan = take(service, trainee, quiz(service, trainee, "validation"))
    result = service.result_of(plan)
    assert result.complete and result.passed
    assert result.percent == 100
    assert result.max_points == 3  # the reflection is not scored
    assert result.must_pass_missed == ()

    progress = service.progress(trainee)
    validation = progress.modules["validation"]
    assert validation.status.passed
    assert validation.status.best_percent == 100
    assert validation.status.attempts_completed == 1
    assert validation.status.must_pass_outstanding == ()
    assert not validation.open_attempt
    assert validation.share_done == pytest.approx(1 / 2)  # its one lesson unread, quiz passed
    assert not progress.modules["biosocial"].status.passed
    assert progress.continue_quiz is None

    [summary] = service.history(trainee, trainee.user_id)
    assert summary.attempt_id == plan.attempt_id
    assert summary.module_id == "validation"
    assert summary.result == result
    assert summary.started_at == at(1)


@pytest.mark.parametrize("which", ["fixture course (75 %)", "pass mark lowered to 50 %"])
def test_a_wrong_must_pass_item_fails_the_attempt_and_module_until_a_retake_gets_it_right(
    request: pytest.FixtureRequest, db: Database, trainee: SignedIn, which: str
) -> None:
    course: Course = request.getfixturevalue("course" if "75" in which else "lenient_course")
    service = LearningService(db, course)

    first = take(service, trainee, quiz(service, trainee, "validation"), wrong=(MUST_PASS,))
    result = service.result_of(first)
    assert result.complete
    assert result.percent == pytest.approx(200 / 3)  # everything else right
    assert not result.passed
    assert result.must_pass_missed == (MUST_PASS,)
    status = service.progress(trainee).modules["validation"].status
    assert not status.passed
    assert status.must_pass_outstanding == (MUST_PASS,)
    assert status.best_percent == pytest.approx(200 / 3)

    retake = quiz(service, trainee, "validation", seed=2)
    assert retake.attempt_id is None  # the finished attempt is not resumed
    retake = take(service, trainee, retake, minute=30)
    assert service.result_of(retake).passed
    status = service.progress(trainee).modules["validation"].status
    assert status.passed
    assert status.must_pass_outstanding == ()
    assert status.attempts_completed == 2
    assert status.best_percent == 100
    history = service.history(trainee, trainee.user_id)
    assert [s.attempt_id for s in history] == [retake.attempt_id, first.attempt_id]  # newest first
    assert [s.result.passed for s in history] == [True, False]


def test_the_must_pass_rule_alone_fails_an_attempt_above_the_pass_mark(
    db: Database, lenient_course: Course, trainee: SignedIn
) -> None:
    service = LearningService(db, lenient_course)
    plan = take(service, trainee, quiz(service, trainee, "validation"), wrong=(MUST_PASS,))
    result = service.result_of(plan)
    assert result.percent is not None and result.percent >= 50
    assert not result.passed
    assert not service.progress(trainee).modules["validation"].status.passed


# -- resuming ---------------------------------------------------------------------------------


def test_open_quiz_resumes_the_unfinished_attempt_with_its_answers(
    service: LearningService, trainee: SignedIn
) -> None:
    plan = quiz(service, trainee, "validation", seed=1)
    first, second = plan.item_ids[:2]
    plan = answer(service, trainee, plan, first)
    plan = answer(service, trainee, plan, second, minute=2)

    resumed = quiz(service, trainee, "validation", seed=99)
    assert resumed.attempt_id == plan.attempt_id is not None
    assert resumed.seed == plan.seed
    assert resumed.item_ids == plan.item_ids
    assert set(resumed.answered) == {first, second}
    assert resumed.answered == plan.answered
    assert resumed.next_item == plan.item_ids[2]
    assert len(store.attempts_of(service.db, trainee.user_id)) == 1


def test_open_quiz_after_finishing_draws_a_new_attempt(
    service: LearningService, trainee: SignedIn
) -> None:
    done = take(service, trainee, quiz(service, trainee, "validation", seed=1))
    fresh = quiz(service, trainee, "validation", seed=2)
    assert fresh.attempt_id is None
    assert fresh.answered == {}
    assert fresh.seed != done.seed
    assert not fresh.finished
    fresh = answer(service, trainee, fresh, fresh.item_ids[0], minute=5)
    assert fresh.attempt_id not in (None, done.attempt_id)
    assert len(store.attempts_of(service.db, trainee.user_id)) == 2


def test_open_quiz_of_an_unknown_module_is_refused(
    service: LearningService, trainee: SignedIn
) -> None:
    with pytest.raises(LearningError):
        quiz(service, trainee, "no-such-module")


# -- submitting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "response"),
    [
        ("validation.q04", None),
        ("validation.q04", ""),
        ("validation.q01", []),
        ("validation.q01", None),
        ("validation.q02", {"p1": "l2"}),
        ("validation.q02", {"p1": "l2", "p2": None}),
        ("validation.q03", "Too short."),
        ("validation.q03", "   "),
        ("biosocial.q02", ["signal", "dismiss"]),
    ],
)
def test_an_incomplete_answer_raises_and_saves_nothing(
    service: LearningService, trainee: SignedIn, question_id: str, response: Any
) -> None:
    plan = quiz(service, trainee, question_id.split(".")[0])
    with pytest.raises(LearningError):
        service.submit(trainee, plan, question_id, response, confidence=None, seconds=None,
                       now=at(1))  # fmt: skip
    assert saved(service.db, trainee) == ([], [])


def test_an_incomplete_answer_in_a_started_attempt_saves_nothing_more(
    service: LearningService, trainee: SignedIn
) -> None:
    plan = quiz(service, trainee, "validation")
    first = plan.item_ids[0]
    plan = answer(service, trainee, plan, first)
    with pytest.raises(LearningError):
        service.submit(trainee, plan, MUST_PASS if first != MUST_PASS else "validation.q01", None,
                       confidence=None, seconds=None, now=at(2))  # fmt: skip
    attempts, responses = saved(service.db, trainee)
    assert len(attempts) == 1
    assert [r.question_id for r in responses] == [first]


@pytest.mark.parametrize(
    ("question_id", "response"),
    [(EXAM, "a"), ("biosocial.q01", "a"), ("validation.q99", "a")],
)
def test_a_question_not_in_the_plan_is_refused(
    service: LearningService, trainee: SignedIn, question_id: str, response: Any
) -> None:
    plan = quiz(service, trainee, "validation")
    assert question_id not in plan.item_ids
    with pytest.raises(LearningError):
        service.submit(trainee, plan, question_id, response, confidence=None, seconds=None,
                       now=at(1))  # fmt: skip
    assert saved(service.db, trainee) == ([], [])


def test_a_second_submit_with_a_stale_plan_is_already_answered(
    service: LearningService, trainee: SignedIn
) -> None:
    """Two tabs on a started attempt: both hold the plan as it was after the first answer."""
    plan = quiz(service, trainee, "validation")
    first, second = plan.item_ids[:2]
    stale = answer(service, trainee, plan, first)
    question = service.course.question(second)
    assert question is not None
    answer(service, trainee, stale, second, right_answer(question), minute=2)
    other = wrong_answer(question) if question.scored else REFLECTION + " Written again."
    with pytest.raises(AlreadyAnswered):
        answer(service, trainee, stale, second, other, minute=3)
    attempts, responses = saved(service.db, trainee)
    assert len(attempts) == 1
    kept = [r for r in responses if r.question_id == second]
    assert len(kept) == 1
    assert kept[0].answer == right_answer(question)  # the first answer is the one kept


def test_a_second_submit_of_the_first_answer_with_a_stale_plan_is_already_answered(
    service: LearningService, trainee: SignedIn
) -> None:
    """Two tabs (or a double click) on a fresh plan: both submit its first item. The second must
    not start a second attempt with a second copy of the answer."""
    stale = quiz(service, trainee, "validation")
    first = stale.item_ids[0]
    answer(service, trainee, stale, first)
    with pytest.raises(AlreadyAnswered):
        answer(service, trainee, stale, first, minute=2)
    attempts, responses = saved(service.db, trainee)
    assert len(attempts) == 1
    assert [r.question_id for r in responses] == [first]


def test_the_stored_response_records_the_question_as_shown(
    service: LearningService, trainee: SignedIn, course: Course
) -> None:
    plan = quiz(service, trainee, "validation", seed=7)
    plan = take(service, trainee, plan, minute=4)
    attempt = store.attempt_by_id(service.db, plan.attempt_id)  # type: ignore[arg-type]
    assert attempt is not None
    assert (attempt.user_id, attempt.module_id, attempt.kind) == (
        trainee.user_id, "validation", "practice",
    )  # fmt: skip
    assert attempt.seed == plan.seed
    assert attempt.item_ids == plan.item_ids
    rows = store.responses_of_attempts(service.db, [attempt.id])
    assert [r.question_id for r in rows] == list(plan.item_ids)
    for row in rows:
        question = course.question(row.question_id)
        assert question is not None
        assert row.content_hash == question.content_hash
        assert row.shown_order == display_order(question, plan.seed).stored()
        assert row.position == plan.item_ids.index(row.question_id)
        assert row.answer == right_answer(question)
        assert row.score == (1.0 if question.scored else None)
        assert row.correct is (True if question.scored else None)
        assert (row.confidence, row.seconds, row.answered_at) == (2, 12.5, at(4))
        assert row == plan.answered[row.question_id]
    by_id = {row.question_id: row for row in rows}
    assert "|" in by_id["validation.q02"].shown_order  # matching: premises | responses
    assert by_id["validation.q03"].shown_order == ()  # a reflection shows no choices
    assert sorted(by_id["validation.q01"].shown_order) == ["a", "b", "c"]


def test_submit_into_another_trainees_attempt_is_refused(
    service: LearningService, trainee: SignedIn, other_trainee: SignedIn
) -> None:
    """The service, not the page, checks who may write to an attempt (roles.py)."""
    plan = quiz(service, trainee, "validation")
    plan = answer(service, trainee, plan, plan.item_ids[0])
    with pytest.raises((PermissionDenied, LearningError)):
        answer(service, other_trainee, plan, plan.item_ids[1], minute=2)
    assert [r.question_id for r in store.responses_of_user(service.db, trainee.user_id)] == [
        plan.item_ids[0]
    ]


# -- lessons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lesson_id", ["validation.nope", "validation", "validation.q01", "", "biosocial.o1"]
)
def test_completing_an_unknown_lesson_raises(
    service: LearningService, trainee: SignedIn, lesson_id: str
) -> None:
    with pytest.raises(LearningError):
        service.complete_lesson(trainee, lesson_id, at(1))
    assert service.completed_lessons(trainee) == frozenset()


def test_completing_a_lesson_twice_records_it_once(
    service: LearningService, trainee: SignedIn
) -> None:
    service.complete_lesson(trainee, "validation.levels", at(1))
    service.complete_lesson(trainee, "validation.levels", at(2))
    assert service.completed_lessons(trainee) == {"validation.levels"}
    assert store.completed_lessons(service.db, trainee.user_id) == {"validation.levels": at(1)}


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        ((), "biosocial.two-roots"),
        (("biosocial.two-roots",), "biosocial.transaction"),
        (("biosocial.two-roots", "biosocial.transaction"), "validation.levels"),
        (("validation.levels",), "biosocial.two-roots"),
        (("biosocial.transaction", "validation.levels"), "biosocial.two-roots"),
        (LESSONS, None),
    ],
)
def test_continue_lesson_is_the_first_unread_lesson_in_course_order(
    service: LearningService, trainee: SignedIn, done: tuple[str, ...], expected: str | None
) -> None:
    for minute, lesson_id in enumerate(done):
        service.complete_lesson(trainee, lesson_id, at(minute))
    progress = service.progress(trainee)
    assert progress.continue_lesson == expected
    assert progress.completed_lessons == frozenset(done)
    assert progress.modules["biosocial"].lessons_done == sum(d.startswith("bio") for d in done)
    assert progress.modules["biosocial"].lessons_total == 2


def test_continue_quiz_names_a_module_with_an_unfinished_attempt(
    service: LearningService, trainee: SignedIn
) -> None:
    assert service.progress(trainee).continue_quiz is None

    validation = quiz(service, trainee, "validation")
    validation = answer(service, trainee, validation, validation.item_ids[0])
    progress = service.progress(trainee)
    assert progress.continue_quiz == "validation"
    assert progress.modules["validation"].open_attempt
    assert not progress.modules["biosocial"].open_attempt

    biosocial = quiz(service, trainee, "biosocial")
    biosocial = answer(service, trainee, biosocial, biosocial.item_ids[0], minute=2)
    assert service.progress(trainee).continue_quiz == "biosocial"  # first in course order

    take(service, trainee, biosocial, minute=3)
    assert service.progress(trainee).continue_quiz == "validation"
    take(service, trainee, quiz(service, trainee, "validation"), minute=4)
    progress = service.progress(trainee)
    assert progress.continue_quiz is None
    assert not any(m.open_attempt for m in progress.modules.values())


# -- mastery ----------------------------------------------------------------------------------


def test_mastery_weights_recent_answers_and_waits_for_evidence(
    service: LearningService, trainee: SignedIn
) -> None:
    def levels() -> dict[str, tuple[float | None, int]]:
        return {m.objective_id: (m.level, m.evidence) for m in service.mastery(trainee)}

    assert levels() == dict.fromkeys(
        ["biosocial.o1", "biosocial.o2", "validation.o1", "validation.o2", "validation.o3"],
        (None, 0),
    )
    take(service, trainee, quiz(service, trainee, "validation"),
         wrong=("validation.q01", MUST_PASS))  # fmt: skip
    assert levels()["validation.o1"] == (None, 1)  # one answer is not enough evidence yet
    take(service, trainee, quiz(service, trainee, "validation", seed=2), minute=9)
    take(service, trainee, quiz(service, trainee, "validation", seed=3), minute=20)
    level, evidence = levels()["validation.o1"]
    # q01 answered wrong, right, right: weights 0.64, 0.8, 1 (newest heaviest)
    assert evidence == 3 and level == pytest.approx((0.8 + 1) / (0.64 + 0.8 + 1))
    assert levels()["validation.o3"][1] == 3  # q04 three times; the reflection q03 never counts


# -- permissions ------------------------------------------------------------------------------

READERS: dict[str, Callable[[LearningService, SignedIn, int], Any]] = {
    "history": lambda service, actor, user_id: service.history(actor, user_id),
    "progress": lambda service, actor, user_id: service.progress(actor, user_id),
    "mastery": lambda service, actor, user_id: service.mastery(actor, user_id),
}


@pytest.mark.parametrize("reader", READERS)
def test_a_trainee_may_not_read_another_trainees_records(
    service: LearningService, trainee: SignedIn, other_trainee: SignedIn, reader: str
) -> None:
    with pytest.raises(PermissionDenied):
        READERS[reader](service, trainee, other_trainee.user_id)
    with pytest.raises(PermissionDenied):
        READERS[reader](service, other_trainee, trainee.user_id)


@pytest.mark.parametrize("reader", READERS)
def test_an_admin_may_read_a_trainees_records(
    service: LearningService, admin: SignedIn, trainee: SignedIn, reader: str
) -> None:
    plan = take(service, trainee, quiz(service, trainee, "validation"))
    service.complete_lesson(trainee, "biosocial.two-roots", at(2))
    as_admin = READERS[reader](service, admin, trainee.user_id)
    as_self = READERS[reader](service, trainee, trainee.user_id)
    assert as_admin == as_self
    if reader == "history":
        assert [s.attempt_id for s in as_admin] == [plan.attempt_id]
    elif reader == "progress":
        assert as_admin.modules["validation"].status.passed
        assert as_admin.completed_lessons == {"biosocial.two-roots"}
    else:
        assert {m.objective_id: m.evidence for m in as_admin}["validation.o3"] == 1
    admins_own = READERS[reader](service, admin, admin.user_id)
    assert admins_own != as_admin  # the admin's own records are empty


def test_progress_and_mastery_default_to_ones_own_records(
    service: LearningService, trainee: SignedIn, other_trainee: SignedIn
) -> None:
    take(service, other_trainee, quiz(service, other_trainee, "validation"))
    assert service.progress(other_trainee).modules["validation"].status.passed
    assert not service.progress(trainee).modules["validation"].status.passed
    assert all(m.evidence == 0 for m in service.mastery(trainee))
    assert service.history(trainee, trainee.user_id) == []


# -- exam items -------------------------------------------------------------------------------


def test_exam_items_never_appear_in_a_drawn_plan(
    service: LearningService, trainee: SignedIn
) -> None:
    plans = []
    for seed in range(30):
        plan = quiz(service, trainee, "validation", seed=seed)
        plans.append(plan)
        if seed % 10 == 9:  # now and then finish one, so that `seen` changes the next draws
            take(service, trainee, plan, minute=seed)
        plans.append(service.new_quiz(trainee, "validation", random.Random(1000 + seed)))
    assert len(plans) == 60
    assert len({p.seed for p in plans}) > 1
    for plan in plans:
        assert EXAM not in plan.item_ids
        assert sorted(plan.item_ids) == list(VALIDATION)
    stored = store.attempts_of(service.db, trainee.user_id)
    assert len(stored) == 3
    assert all(EXAM not in a.item_ids for a in stored)
