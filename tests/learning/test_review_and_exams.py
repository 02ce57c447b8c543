"""ReviewService and ExamService on a real SQLite file: review queue, entry check, final exam."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from modules.accounts import SignedIn
from modules.accounts.roles import PermissionDenied
from modules.assessment.exams import ENTRY_PER_MODULE, FINAL_PER_MODULE
from modules.assessment.review import Card
from modules.course import Course, load_course
from modules.learning import LearningService, QuizPlan
from modules.learning.exams import ENTRY, EXAM_MODULE, FINAL, ExamService
from modules.learning.review import REVIEW, SESSION_SIZE, ReviewService
from modules.learning.service import LearningError
from modules.tracking import Database
from modules.tracking import progress as store
from tests.learning.answers import right_answer, wrong_answer

COURSE_OK = Path(__file__).resolve().parents[1] / "fixtures" / "course_ok"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # as in conftest.py
DAY = timedelta(days=1)
MODULES = ("biosocial", "validation")

# exam banks of the course built below: biosocial 5 items, validation 4 (q05 and three more)
BIOSOCIAL_EXAM = {f"biosocial.x{n}" for n in range(1, 6)}
VALIDATION_EXAM = {"validation.q05", "validation.x1", "validation.x2", "validation.x3"}
EXAM_ITEMS = BIOSOCIAL_EXAM | VALIDATION_EXAM


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def exam_item(question_id: str, objective: str, must_pass: bool) -> str:
    return f"""  - id: {question_id}
    type: single
    objective: {objective}
    difficulty: 2
    exam: true
    must_pass: {"true" if must_pass else "false"}
    scenario: A client says the homework was pointless, like everything in here ({question_id}).
    prompt: Which response validates what is valid?
    rationale: Validate the frustration before moving to problem solving.
    references: [linehan1997]
    options:
      - id: a
        text: "It sounds like last week was really hard and the homework did not help."
        correct: true
        feedback: It validates the frustration before anything else.
      - id: b
        text: "Let's make a better homework plan right away."
        feedback: It moves to change before the frustration is heard.
"""


def build_exam_course(root: Path, must_pass: frozenset[str] = frozenset()) -> Course:
    """The fixture course with bigger exam banks, copied to `root` (the fixture is unchanged);
    the added exam items named in `must_pass` are must-pass items."""
    shutil.copytree(COURSE_OK, root)
    added = {
        "biosocial": [(f"biosocial.x{n}", f"biosocial.o{1 + n % 2}") for n in range(1, 6)],
        "validation": [(f"validation.x{n}", f"validation.o{n}") for n in range(1, 4)],
    }
    for module, items in added.items():
        path = root / "quizzes" / f"{module}.yaml"
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
        text += "".join(exam_item(qid, objective, qid in must_pass) for qid, objective in items)
        path.write_text(text, encoding="utf-8")
    result = load_course(root)
    assert result.ok, result.problems
    course = result.course
    assert {q.id for q in course.exam_questions()} == EXAM_ITEMS
    return course


@pytest.fixture
def exam_course(tmp_path: Path) -> Course:
    return build_exam_course(tmp_path / "exam-course")


@pytest.fixture
def learning(db: Database, exam_course: Course) -> LearningService:
    return LearningService(db, exam_course)


@pytest.fixture
def reviews(learning: LearningService) -> ReviewService:
    return ReviewService(learning)


@pytest.fixture
def exams(learning: LearningService) -> ExamService:
    return ExamService(learning)


def answer(
    learning: LearningService, person: SignedIn, plan: QuizPlan, question_id: str,
    now: datetime, *, right: bool = True,
) -> QuizPlan:  # fmt: skip
    question = learning.course.question(question_id)
    assert question is not None
    response = right_answer(question) if right else wrong_answer(question)
    done = learning.submit(person, plan, question_id, response, confidence=2, seconds=10.0,
                           now=now)  # fmt: skip
    return done.plan


def take(
    learning: LearningService, person: SignedIn, plan: QuizPlan, now: datetime, *,
    wrong: frozenset[str] | set[str] = frozenset(),
) -> QuizPlan:  # fmt: skip
    """Answer every remaining item, right except those in `wrong`."""
    for question_id in plan.item_ids:
        if question_id not in plan.answered:
            plan = answer(learning, person, plan, question_id, now, right=question_id not in wrong)
    assert plan.finished
    return plan


def pass_module(learning: LearningService, person: SignedIn, module: str, now: datetime) -> None:
    plan = take(learning, person, learning.open_quiz(person, module, random.Random(1)), now)
    assert learning.result_of(plan).passed


def module_of(question_id: str) -> str:
    return question_id.split(".")[0]


def box_of(reviews: ReviewService, person: SignedIn, question_id: str) -> Card | None:
    return next((c for c in reviews.cards(person) if c.question_id == question_id), None)


# -- the review queue -------------------------------------------------------------------------


def test_an_item_missed_in_a_module_quiz_is_due_at_once(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    assert reviews.status(trainee, at(0)).cards == ()
    plan = learning.open_quiz(trainee, "validation", random.Random(1))
    take(learning, trainee, plan, at(1), wrong={"validation.q01"})
    status = reviews.status(trainee, at(1))
    assert status.cards == (Card("validation.q01", 1, at(1), 1),)
    assert [c.question_id for c in status.due] == ["validation.q01"]
    assert status.leeches == ()
    assert status.next_due_at is None  # nothing is waiting for a later day


def test_right_in_a_review_session_moves_the_item_to_box_two_due_a_day_later(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    take(learning, trainee, learning.open_quiz(trainee, "validation", random.Random(1)), at(1),
         wrong={"validation.q01"})  # fmt: skip
    session = reviews.open_session(trainee, at(60), random.Random(5))
    assert session is not None
    assert session.kind == REVIEW and session.module_id == REVIEW
    assert session.item_ids == ("validation.q01",)
    assert session.attempt_id is None

    session = answer(learning, trainee, session, "validation.q01", at(60))
    assert session.finished
    attempt = store.attempt_by_id(learning.db, session.attempt_id)  # type: ignore[arg-type]
    assert attempt is not None and attempt.kind == REVIEW

    assert box_of(reviews, trainee, "validation.q01") == Card("validation.q01", 2, at(60) + DAY, 1)
    a_minute_early = reviews.status(trainee, at(60) + DAY - timedelta(minutes=1))
    assert a_minute_early.due == ()
    assert a_minute_early.next_due_at == at(60) + DAY
    assert [c.question_id for c in a_minute_early.cards] == ["validation.q01"]
    on_time = reviews.status(trainee, at(60) + DAY)
    assert [c.question_id for c in on_time.due] == ["validation.q01"]
    assert on_time.next_due_at is None
    # nothing due and no weak objective in between: no session to offer
    assert reviews.open_session(trainee, at(61), random.Random(6)) is None


def test_a_right_answer_in_a_retake_before_due_does_not_move_the_card(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    take(learning, trainee, learning.open_quiz(trainee, "validation", random.Random(1)), at(1),
         wrong={"validation.q01"})  # fmt: skip
    review = reviews.open_session(trainee, at(2), random.Random(1))
    assert review is not None
    take(learning, trainee, review, at(2))  # box 2, due a day later
    retake = learning.open_quiz(trainee, "validation", random.Random(2))
    assert "validation.q01" in retake.item_ids
    take(learning, trainee, retake, at(3))  # right again, but early
    assert box_of(reviews, trainee, "validation.q01") == Card("validation.q01", 2, at(2) + DAY, 1)


def test_exam_items_never_enter_the_review_queue(
    learning: LearningService, reviews: ReviewService, exams: ExamService, trainee: SignedIn
) -> None:
    entry = exams.open_exam(trainee, ENTRY, random.Random(3))
    entry = take(learning, trainee, entry, at(1), wrong=set(entry.item_ids))  # all wrong
    assert learning.result_of(entry).percent == 0
    assert reviews.cards(trainee) == []
    status = reviews.status(trainee, at(2))
    assert (status.cards, status.due, status.leeches) == ((), (), ())
    assert reviews.open_session(trainee, at(2), random.Random(1)) is None
    # the exam answers still count as evidence for mastery
    evidence = {m.objective_id: m.evidence for m in learning.mastery(trainee)}
    assert sum(evidence.values()) == len(entry.item_ids)


def test_open_session_is_none_when_nothing_is_due_and_nothing_is_weak(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    assert reviews.open_session(trainee, at(0), random.Random(1)) is None
    for minute, module in enumerate(MODULES, start=1):
        pass_module(learning, trainee, module, at(minute))
    assert reviews.open_session(trainee, at(10), random.Random(1)) is None
    assert [a.kind for a in store.attempts_of(learning.db, trainee.user_id)] == ["practice"] * 2


def test_open_session_resumes_an_unfinished_review_session(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    take(learning, trainee, learning.open_quiz(trainee, "validation", random.Random(1)), at(1),
         wrong={"validation.q01", "validation.q04"})  # fmt: skip
    session = reviews.open_session(trainee, at(5), random.Random(1))
    assert session is not None
    assert sorted(session.item_ids) == ["validation.q01", "validation.q04"]
    first = session.item_ids[0]
    session = answer(learning, trainee, session, first, at(6))

    resumed = reviews.open_session(trainee, at(7), random.Random(99))
    assert resumed is not None
    assert resumed.attempt_id == session.attempt_id is not None
    assert (resumed.seed, resumed.item_ids, resumed.kind) == (
        session.seed, session.item_ids, REVIEW,
    )  # fmt: skip
    assert set(resumed.answered) == {first}
    assert resumed.next_item == session.item_ids[1]

    finished = take(learning, trainee, resumed, at(8))
    assert learning.result_of(finished).percent == 100
    assert reviews.open_session(trainee, at(9), random.Random(1)) is None
    assert [a.kind for a in store.attempts_of(learning.db, trainee.user_id)] == [
        "practice", REVIEW,
    ]  # fmt: skip


def test_the_session_puts_the_weakest_objective_first_and_keeps_to_its_size(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    # validation.o3 (q04) missed three times: weak; validation.o1 (q01) missed once, then right
    for minute, seed in ((1, 1), (2, 2), (3, 3)):
        plan = learning.open_quiz(trainee, "validation", random.Random(seed))
        wrong = {"validation.q04"} | ({"validation.q01"} if minute == 3 else set())
        take(learning, trainee, plan, at(minute), wrong=wrong)
    levels = {m.objective_id: m.level for m in learning.mastery(trainee)}
    assert levels["validation.o3"] == 0
    assert levels["validation.o1"] == pytest.approx(1.44 / 2.44)
    session = reviews.open_session(trainee, at(4), random.Random(1))
    assert session is not None
    assert session.item_ids == ("validation.q04", "validation.q01")
    assert len(session.item_ids) <= SESSION_SIZE


def test_a_weak_objective_does_not_bring_back_an_item_answered_a_minute_ago(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    """open_session's docstring: a session is 'topped up with unanswered-lately items of weak
    objectives'. Right after a review session answered q04 (its objective still weak), the next
    session should not consist of that same item again."""
    for minute in (1, 2, 3):
        plan = learning.open_quiz(trainee, "validation", random.Random(minute))
        take(learning, trainee, plan, at(minute), wrong={"validation.q04"})
    session = reviews.open_session(trainee, at(4), random.Random(1))
    assert session is not None and session.item_ids == ("validation.q04",)
    take(learning, trainee, session, at(4))
    assert box_of(reviews, trainee, "validation.q04") == Card("validation.q04", 2, at(4) + DAY, 3)
    level = {m.objective_id: m.level for m in learning.mastery(trainee)}["validation.o3"]
    assert level == pytest.approx(1 / 2.952)  # still weak
    again = reviews.open_session(trainee, at(5), random.Random(2))
    assert again is None or "validation.q04" not in again.item_ids


def test_leeches_are_reported_at_four_lapses(
    learning: LearningService, reviews: ReviewService, trainee: SignedIn
) -> None:
    for minute in (1, 2, 3):
        plan = learning.open_quiz(trainee, "validation", random.Random(minute))
        take(learning, trainee, plan, at(minute), wrong={"validation.q04"})
    assert reviews.status(trainee, at(3)).leeches == ()
    session = reviews.open_session(trainee, at(4), random.Random(1))
    assert session is not None
    take(learning, trainee, session, at(4), wrong={"validation.q04"})
    leeches = reviews.status(trainee, at(4)).leeches
    assert leeches == (Card("validation.q04", 1, at(4), 4),)


# -- the entry check --------------------------------------------------------------------------


def test_the_entry_check_draws_exam_items_per_module_and_is_taken_once(
    learning: LearningService, exams: ExamService, trainee: SignedIn
) -> None:
    for seed in range(10):  # nothing is stored before the first answer: each open draws anew
        plan = exams.open_exam(trainee, ENTRY, random.Random(seed))
        assert (plan.kind, plan.module_id, plan.attempt_id) == (ENTRY, EXAM_MODULE, None)
        assert len(plan.item_ids) == len(set(plan.item_ids)) == 2 * ENTRY_PER_MODULE
        assert set(plan.item_ids) <= EXAM_ITEMS
        for module in MODULES:
            assert sum(module_of(q) == module for q in plan.item_ids) == ENTRY_PER_MODULE

    plan = answer(learning, trainee, plan, plan.item_ids[0], at(1))
    resumed = exams.open_exam(trainee, ENTRY, random.Random(77))
    assert resumed.attempt_id == plan.attempt_id is not None
    assert resumed.item_ids == plan.item_ids
    assert exams.status(trainee).entry is None  # unfinished: no entry score yet

    take(learning, trainee, resumed, at(2))
    assert exams.status(trainee).entry is not None
    with pytest.raises(LearningError):
        exams.open_exam(trainee, ENTRY, random.Random(78))
    assert [a.kind for a in store.attempts_of(learning.db, trainee.user_id)] == [ENTRY]


# -- the final exam ---------------------------------------------------------------------------


def test_the_final_exam_opens_only_when_every_module_is_passed(
    learning: LearningService, exams: ExamService, trainee: SignedIn
) -> None:
    status = exams.status(trainee)
    assert not status.final_unlocked
    assert status.modules_not_passed == MODULES
    with pytest.raises(LearningError):
        exams.open_exam(trainee, FINAL, random.Random(1))

    pass_module(learning, trainee, "biosocial", at(1))
    status = exams.status(trainee)
    assert not status.final_unlocked
    assert status.modules_not_passed == ("validation",)
    with pytest.raises(LearningError):
        exams.open_exam(trainee, FINAL, random.Random(1))

    pass_module(learning, trainee, "validation", at(2))
    status = exams.status(trainee)
    assert status.final_unlocked
    assert status.modules_not_passed == ()
    assert not status.completed  # no final exam yet
    final = exams.open_exam(trainee, FINAL, random.Random(1))
    assert (final.kind, final.module_id) == (FINAL, EXAM_MODULE)
    assert len(final.item_ids) == 2 * FINAL_PER_MODULE


def test_the_final_exam_avoids_the_entry_items_where_the_bank_allows(
    learning: LearningService, exams: ExamService, trainee: SignedIn
) -> None:
    entry = take(learning, trainee, exams.open_exam(trainee, ENTRY, random.Random(4)), at(1))
    met = set(entry.item_ids)
    for minute, module in enumerate(MODULES, start=2):
        pass_module(learning, trainee, module, at(minute))
    for seed in range(10):
        final = exams.open_exam(trainee, FINAL, random.Random(seed))
        drawn = set(final.item_ids)
        assert len(final.item_ids) == len(drawn) == 2 * FINAL_PER_MODULE
        assert drawn <= EXAM_ITEMS
        biosocial = {q for q in drawn if module_of(q) == "biosocial"}
        validation = {q for q in drawn if module_of(q) == "validation"}
        # biosocial: 5 items, 2 met, so 3 fresh ones fill the final
        assert biosocial == BIOSOCIAL_EXAM - met
        # validation: 4 items, 2 met: both fresh ones, then one met item to make 3
        assert VALIDATION_EXAM - met <= validation
        assert len(validation) == FINAL_PER_MODULE
        assert len(validation & met) == 1


def test_status_reports_entry_final_gain_and_completion(
    learning: LearningService, exams: ExamService, trainee: SignedIn
) -> None:
    entry = exams.open_exam(trainee, ENTRY, random.Random(2))
    entry = take(learning, trainee, entry, at(1), wrong=set(entry.item_ids[:2]))  # 2 of 4 right
    status = exams.status(trainee)
    assert status.entry is not None and status.entry.percent == 50
    assert status.final_best is None
    assert (status.gain_points, status.normalised_gain, status.completed) == (None, None, False)

    for minute, module in enumerate(MODULES, start=2):
        pass_module(learning, trainee, module, at(minute))
    first = exams.open_exam(trainee, FINAL, random.Random(3))
    first = take(learning, trainee, first, at(10), wrong=set(first.item_ids[:3]))  # 3 of 6
    status = exams.status(trainee)
    assert status.final_best is not None and status.final_best.percent == 50
    assert not status.final_best.passed
    assert status.gain_points == 0
    assert status.normalised_gain == 0
    assert not status.completed  # 50 % is below the 80 % pass mark

    second = exams.open_exam(trainee, FINAL, random.Random(4))
    assert second.attempt_id is None and second.seed != first.seed  # a fresh draw after failing
    second = take(learning, trainee, second, at(20), wrong={second.item_ids[0]})  # 5 of 6
    status = exams.status(trainee)
    assert status.entry is not None and status.entry.percent == 50
    assert status.final_best is not None
    assert status.final_best.percent == pytest.approx(500 / 6)
    assert status.final_best.passed
    assert status.gain_points == pytest.approx(500 / 6 - 50)  # 33.3 points
    assert status.normalised_gain == pytest.approx((500 / 6 - 50) / 50)  # two thirds
    assert status.completed
    with pytest.raises(LearningError):  # passed: no more finals
        exams.open_exam(trainee, FINAL, random.Random(5))


def test_the_best_final_counts_not_the_latest(
    learning: LearningService, exams: ExamService, trainee: SignedIn
) -> None:
    take(learning, trainee, exams.open_exam(trainee, ENTRY, random.Random(1)), at(1))  # 100 %
    for minute, module in enumerate(MODULES, start=2):
        pass_module(learning, trainee, module, at(minute))
    first = exams.open_exam(trainee, FINAL, random.Random(2))
    take(learning, trainee, first, at(10), wrong=set(first.item_ids[:2]))  # 4 of 6
    second = exams.open_exam(trainee, FINAL, random.Random(3))
    take(learning, trainee, second, at(20), wrong=set(second.item_ids[:5]))  # 1 of 6
    status = exams.status(trainee)
    assert status.entry is not None and status.entry.percent == 100
    assert status.final_best is not None
    assert status.final_best.percent == pytest.approx(400 / 6)
    assert status.gain_points == pytest.approx(400 / 6 - 100)  # negative
    assert status.normalised_gain is None  # an entry of 100 % leaves nothing to gain
    assert not status.completed


def test_a_final_above_the_pass_mark_with_a_must_pass_exam_item_missed(
    tmp_path: Path, db: Database, trainee: SignedIn
) -> None:
    """The real course has must-pass exam items. Missing one in a final of 5 of 6 (83 %) gives an
    attempt result that is not passed (must-pass rule in attempt_result), while the exam status
    calls the course completed (final % only, as exams.py documents) and refuses another final.
    The two verdicts on the same final should agree."""
    course = build_exam_course(tmp_path / "must-pass", must_pass=frozenset({"validation.x1"}))
    learning = LearningService(db, course)
    exams = ExamService(learning)
    for minute, module in enumerate(MODULES, start=1):
        pass_module(learning, trainee, module, at(minute))
    drawn = (exams.open_exam(trainee, FINAL, random.Random(seed)) for seed in range(50))
    final = next(plan for plan in drawn if "validation.x1" in plan.item_ids)
    final = take(learning, trainee, final, at(10), wrong={"validation.x1"})
    result = learning.result_of(final)
    assert result.percent == pytest.approx(500 / 6)
    status = exams.status(trainee)
    assert status.final_best == result
    assert status.completed is result.passed, (status.completed, result)


# -- permissions ------------------------------------------------------------------------------


def test_another_trainees_exam_and_review_status_is_refused(
    learning: LearningService, reviews: ReviewService, exams: ExamService, trainee: SignedIn,
    other_trainee: SignedIn,
) -> None:  # fmt: skip
    take(learning, other_trainee, learning.open_quiz(other_trainee, "validation",
         random.Random(1)), at(1), wrong={"validation.q01"})  # fmt: skip
    with pytest.raises(PermissionDenied):
        exams.status(trainee, other_trainee.user_id)
    with pytest.raises(PermissionDenied):
        reviews.status(trainee, at(2), other_trainee.user_id)
    with pytest.raises(PermissionDenied):
        reviews.cards(trainee, other_trainee.user_id)
    assert reviews.cards(trainee) == []  # one's own queue is one's own
    assert len(reviews.cards(other_trainee)) == 1


def test_an_admin_may_read_a_trainees_exam_and_review_status(
    learning: LearningService, reviews: ReviewService, exams: ExamService, admin: SignedIn,
    trainee: SignedIn,
) -> None:  # fmt: skip
    take(learning, trainee, learning.open_quiz(trainee, "validation", random.Random(1)), at(1),
         wrong={"validation.q01"})  # fmt: skip
    assert reviews.status(admin, at(2), trainee.user_id) == reviews.status(trainee, at(2))
    assert exams.status(admin, trainee.user_id) == exams.status(trainee)
    assert reviews.cards(admin) == []
