"""cohort_report and coordinators' access: members' progress, and who needs attention and why."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from modules.accounts import AccountsService, Role, SignedIn
from modules.accounts.cohorts import CohortService
from modules.accounts.roles import PermissionDenied
from modules.learning import LearningService, QuizPlan
from modules.learning.cohort_report import TraineeSummary, cohort_report
from modules.tracking import Database
from modules.tracking import cohorts as cohort_store
from tests.learning.answers import right_answer, wrong_answer
from tests.learning.conftest import PASSWORD, START

MUST_PASS = "validation.q04"
SAFETY = "a safety-critical item still wrong in Validation"


def coordinator_named(accounts: AccountsService, first_name: str) -> SignedIn:
    email = f"{first_name.lower()}@staff.example.org"
    accounts.create_account(f"{first_name} Coordinator", email, PASSWORD, Role.COORDINATOR, START)
    person = accounts.resume(accounts.sign_in(email, PASSWORD, START), START)
    assert person is not None
    return person


@pytest.fixture
def coordinator(accounts: AccountsService, admin: SignedIn) -> SignedIn:
    return coordinator_named(accounts, "Cora")


@pytest.fixture
def make_cohort(
    db: Database, coordinator: SignedIn, trainee: SignedIn, other_trainee: SignedIn
) -> Callable[..., cohort_store.CohortRow]:
    """A cohort of Robin and Sasha (who join at START), with the dates given."""

    def make(**dates: date) -> cohort_store.CohortRow:
        cohorts = CohortService(db)
        cohort = cohorts.create(coordinator, "Spring", START, **dates)
        for person in (trainee, other_trainee):
            cohorts.join(person.user_id, cohort.invite_code, START)
        return cohort

    return make


def take_quiz(
    service: LearningService, person: SignedIn, module: str, when: datetime,
    wrong: tuple[str, ...] | None = None, seed: int = 1,
) -> QuizPlan:  # fmt: skip
    """One whole quiz: every item right except those in `wrong` (None: every item wrong)."""
    plan = service.open_quiz(person, module, random.Random(seed))
    for question_id in plan.item_ids:
        question = service.course.question(question_id)
        assert question is not None
        is_wrong = wrong is None or question_id in wrong
        response = wrong_answer(question) if is_wrong else right_answer(question)
        plan = service.submit(person, plan, question_id, response, confidence=2, seconds=10.0,
                              now=when).plan  # fmt: skip
    assert plan.finished
    return plan


def report_of(
    service: LearningService, coordinator: SignedIn, cohort_id: int, now: datetime
) -> dict[int, TraineeSummary]:
    return {s.user_id: s for s in cohort_report(service, coordinator, cohort_id, now)}


# -- access ------------------------------------------------------------------------------------


def test_a_coordinator_reads_their_members_but_not_others(
    service: LearningService, accounts: AccountsService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
    make_trainee: Callable[[str], SignedIn],
) -> None:  # fmt: skip
    make_cohort()
    service.complete_lesson(trainee, "biosocial.two-roots", START + timedelta(hours=1))
    progress = service.progress(coordinator, trainee.user_id)
    assert progress.completed_lessons == frozenset({"biosocial.two-roots"})
    assert service.history(coordinator, trainee.user_id) == []

    outsider = make_trainee("Kim")
    with pytest.raises(PermissionDenied):
        service.progress(coordinator, outsider.user_id)
    with pytest.raises(PermissionDenied):
        service.history(coordinator, outsider.user_id)

    other = coordinator_named(accounts, "Otto")
    theirs = CohortService(service.db).create(other, "Autumn", START)
    CohortService(service.db).join(outsider.user_id, theirs.invite_code, START)
    with pytest.raises(PermissionDenied):
        service.progress(coordinator, outsider.user_id)
    with pytest.raises(PermissionDenied):
        service.progress(other, trainee.user_id)


def test_the_report_is_refused_for_another_coordinators_cohort(
    service: LearningService, accounts: AccountsService,
    make_cohort: Callable[..., cohort_store.CohortRow],
) -> None:  # fmt: skip
    cohort = make_cohort()
    other = coordinator_named(accounts, "Otto")
    with pytest.raises(PermissionDenied):
        cohort_report(service, other, cohort.id, START)
    with pytest.raises(PermissionDenied):
        cohort_report(service, other, cohort.id + 99, START)


def test_the_report_lists_every_member_with_their_progress(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
    other_trainee: SignedIn,
) -> None:  # fmt: skip
    cohort = make_cohort()
    take_quiz(service, trainee, "biosocial", START + timedelta(hours=1), wrong=())
    report = report_of(service, coordinator, cohort.id, START + timedelta(days=1))
    assert set(report) == {trainee.user_id, other_trainee.user_id}
    robin = report[trainee.user_id]
    assert (robin.modules_passed, robin.modules_total) == (1, 2)
    assert robin.best_scores == {"biosocial": 100.0, "validation": None}
    assert robin.last_active == START + timedelta(hours=1)
    assert robin.reasons == ()


# -- needs attention ---------------------------------------------------------------------------


def test_inactivity_is_flagged_for_a_member_idle_since_joining_not_one_active_yesterday(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
    other_trainee: SignedIn,
) -> None:  # fmt: skip
    cohort = make_cohort()
    now = START + timedelta(days=12)
    service.complete_lesson(other_trainee, "biosocial.two-roots", now - timedelta(days=1))
    report = report_of(service, coordinator, cohort.id, now)
    assert report[trainee.user_id].reasons == ("no activity in 12 days",)
    assert report[trainee.user_id].last_active is None
    assert report[other_trainee.user_id].reasons == ()


def test_no_inactivity_flag_within_ten_days_of_joining(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
) -> None:  # fmt: skip
    cohort = make_cohort()
    report = report_of(service, coordinator, cohort.id, START + timedelta(days=9))
    assert report[trainee.user_id].reasons == ()


def test_an_old_last_activity_is_reported_as_inactive_for_n_days(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
) -> None:  # fmt: skip
    cohort = make_cohort()
    service.complete_lesson(trainee, "biosocial.two-roots", START + timedelta(days=1))
    report = report_of(service, coordinator, cohort.id, START + timedelta(days=15))
    assert report[trainee.user_id].reasons == ("inactive for 14 days",)


def test_a_must_pass_item_still_wrong_is_flagged_until_answered_correctly(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
    other_trainee: SignedIn,
) -> None:  # fmt: skip
    cohort = make_cohort()
    take_quiz(service, trainee, "validation", START + timedelta(hours=1), wrong=(MUST_PASS,))
    report = report_of(service, coordinator, cohort.id, START + timedelta(days=1))
    assert report[trainee.user_id].reasons == (SAFETY,)
    assert report[other_trainee.user_id].reasons == ()

    take_quiz(service, trainee, "validation", START + timedelta(hours=2), wrong=(), seed=2)
    report = report_of(service, coordinator, cohort.id, START + timedelta(days=1))
    assert SAFETY not in report[trainee.user_id].reasons


def test_past_the_target_date_with_modules_unpassed_is_flagged(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
) -> None:  # fmt: skip
    target = START.date() + timedelta(days=5)
    cohort = make_cohort(target_on=target)
    take_quiz(service, trainee, "biosocial", START + timedelta(days=6), wrong=())
    before = report_of(service, coordinator, cohort.id, START + timedelta(days=5))
    assert before[trainee.user_id].reasons == ()
    after = report_of(service, coordinator, cohort.id, START + timedelta(days=7))
    assert after[trainee.user_id].reasons == ("past the target date with 1 modules to pass",)


def test_nobody_is_past_the_target_date_with_every_module_passed(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
) -> None:  # fmt: skip
    cohort = make_cohort(target_on=START.date() + timedelta(days=2))
    take_quiz(service, trainee, "biosocial", START + timedelta(days=3), wrong=())
    take_quiz(service, trainee, "validation", START + timedelta(days=3), wrong=())
    report = report_of(service, coordinator, cohort.id, START + timedelta(days=4))
    assert report[trainee.user_id].modules_passed == 2
    assert report[trainee.user_id].reasons == ()


def test_two_failed_quizzes_are_flagged_not_one(
    service: LearningService, coordinator: SignedIn,
    make_cohort: Callable[..., cohort_store.CohortRow], trainee: SignedIn,
) -> None:  # fmt: skip
    cohort = make_cohort()
    take_quiz(service, trainee, "biosocial", START + timedelta(hours=1), seed=1)
    once = report_of(service, coordinator, cohort.id, START + timedelta(days=1))
    assert once[trainee.user_id].reasons == ()
    take_quiz(service, trainee, "biosocial", START + timedelta(hours=2), seed=2)
    twice = report_of(service, coordinator, cohort.id, START + timedelta(days=1))
    assert twice[trainee.user_id].reasons == ("2 failed quizzes in The biosocial theory",)
    take_quiz(service, trainee, "biosocial", START + timedelta(hours=3), wrong=(), seed=3)
    passed = report_of(service, coordinator, cohort.id, START + timedelta(days=1))
    assert passed[trainee.user_id].reasons == ()
