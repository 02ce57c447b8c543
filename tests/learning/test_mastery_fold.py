"""The derived mastery table: folding in only new answers gives the per-person rule's figures,
after back-dated writes and after the course's maps change too."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from modules.accounts.roles import Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.learning import LearningService, mastery_fold
from modules.learning.demo import make_demo
from modules.tracking import StoreFactory, mastery_state
from modules.tracking import cohorts as cohort_store
from modules.tracking import progress as store
from modules.tracking import users as user_store
from modules.tracking.progress import NewAttempt, ResponseRecord

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture()
def cohort(tmp_path):
    course = load_course(ROOT).course
    hashed = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x" * 20)
    with StoreFactory(tmp_path / "m.db").connection() as db:
        made = make_demo(db, course, NOW, hashed, trainees=6)
        row = user_store.user_by_email(db, made.coordinator)
        coordinator = SignedIn(row.id, row.name, row.email, Role.COORDINATOR, 0)
        people = [m.user_id for m in cohort_store.members(db, 1)]
        yield db, course, coordinator, people


def assert_agrees(db, course, coordinator, people) -> int:
    table = mastery_fold.mastery_levels(db, course, people)
    found = {(r.user_id, r.objective_id): (r.level, r.evidence) for r in table.itertuples()}
    learning = LearningService(db, course)
    compared = 0
    for user in people:
        for m in learning.mastery(coordinator, user):
            level, evidence = found.get((user, m.objective_id), (None, 0))
            assert evidence == m.evidence, (user, m.objective_id)
            if m.level is None:
                assert level is None or level != level
            else:
                assert level == pytest.approx(m.level, abs=1e-9), (user, m.objective_id)
                compared += 1
    return compared


def answer(db, course, user: int, question_id: str, right: bool, at: datetime) -> None:
    question = course.question(question_id)
    attempt = NewAttempt(user, question.module, "practice", f"fold-{question_id}-{at}",
                         (question_id,))  # fmt: skip
    score = 1.0 if right else 0.0
    store.save_response(db, attempt, ResponseRecord(
        question_id, 0, question.content_hash, (), {"chosen": "x"}, score, right, "x", None, 5.0,
    ), at)  # fmt: skip


def test_a_first_fold_then_only_new_answers_agree(cohort, monkeypatch) -> None:
    db, course, coordinator, people = cohort
    assert assert_agrees(db, course, coordinator, people) > 10
    first = mastery_state.cursor(db)
    assert first is not None and first.last_response_id > 0
    question = course.practice_questions(course.modules[0].id)[0]
    for n in range(4):
        answer(db, course, people[0], question.id, n % 2 == 0, NOW + timedelta(hours=n + 1))
    read_after = []
    real = mastery_state.scored_answers_after

    def spy(db, after, users=None):
        read_after.append(after)
        return real(db, after, users)

    monkeypatch.setattr(mastery_state, "scored_answers_after", spy)
    assert_agrees(db, course, coordinator, people)
    assert read_after == [first.last_response_id]  # only the new answers were read
    assert mastery_state.cursor(db).last_response_id == first.last_response_id + 4


def test_nothing_new_reads_nothing(cohort, monkeypatch) -> None:
    db, course, *_ = cohort
    mastery_fold.fold(db, course)
    monkeypatch.setattr(mastery_state, "scored_answers_after", lambda *a: pytest.fail("read"))
    monkeypatch.setattr(mastery_fold, "write_transaction", lambda db: pytest.fail("locked"))
    mastery_fold.fold(db, course)  # nothing new: no answers read, no write lock taken


def test_a_back_dated_answer_recomputes_that_person(cohort) -> None:
    db, course, coordinator, people = cohort
    mastery_fold.fold(db, course)
    learning = LearningService(db, course)
    known = next(m for m in learning.mastery(coordinator, people[1]) if m.level is not None)
    question = next(q for q in course.all_questions()
                    if q.objective == known.objective_id and not q.exam)  # fmt: skip
    answer(db, course, people[1], question.id, False, NOW - timedelta(days=400))
    answer(db, course, people[2], question.id, True, NOW + timedelta(days=1))
    after = next(m for m in LearningService(db, course).mastery(coordinator, people[1])
                 if m.objective_id == known.objective_id)  # fmt: skip
    assert after.evidence == known.evidence + 1 and after.level != known.level
    assert assert_agrees(db, course, coordinator, people) > 10


def test_a_changed_course_map_rebuilds_the_table(cohort) -> None:
    db, course, coordinator, people = cohort
    mastery_fold.fold(db, course)
    # move one item to another objective of its module, as a content edit would
    question = next(q for q in course.all_questions() if not q.exam
                    and len(course.module(q.module).objectives) > 1)  # fmt: skip
    other = next(o.id for o in course.module(question.module).objectives
                 if o.id != question.objective)  # fmt: skip
    from types import MappingProxyType

    edited = replace(course, questions=MappingProxyType({
        module_id: tuple(q.model_copy(update={"objective": other}) if q.id == question.id else q
                         for q in questions)
        for module_id, questions in course.questions.items()
    }))  # fmt: skip
    assert mastery_fold.fingerprint(edited) != mastery_fold.fingerprint(course)
    assert assert_agrees(db, edited, coordinator, people) > 10
    assert mastery_state.cursor(db).fingerprint == mastery_fold.fingerprint(edited)


def test_running_sums_equal_the_rule() -> None:
    from modules.assessment.mastery import Evidence, Running, mastery

    scores = [(1.0, 1.0), (0.0, 1.0), (0.5, 0.5), (1.0, 1.0), (0.0, 0.5), (1.0, 1.0)]
    running = Running()
    evidence = []
    for n, (score, weight) in enumerate(scores):
        running = running.add(score, weight)
        evidence.append(Evidence("o1", NOW + timedelta(minutes=n), score, weight))
        expected = mastery(["o1"], evidence)[0]
        assert running.evidence == expected.evidence
        assert running.level == (None if expected.level is None else pytest.approx(expected.level))
    assert running.level is not None and 0 < running.level < 1
