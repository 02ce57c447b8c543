"""The dashboard's whole-cohort queries agree with the per-person services, person by person."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from modules.accounts.roles import Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.learning import LearningService
from modules.learning.cohort_facts import cohort_facts, gains
from modules.learning.cohort_report import cohort_report
from modules.learning.demo import make_demo
from modules.learning.exams import ExamService
from modules.learning.mastery_fold import mastery_levels
from modules.learning.review import ReviewService
from modules.tracking import StoreFactory
from modules.tracking import cohorts as cohort_store
from modules.tracking import progress as store
from modules.tracking import users as user_store

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    path = tmp_path_factory.mktemp("facts") / "f.db"
    course = load_course(ROOT).course
    hashed = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x" * 20)
    with StoreFactory(path).connection() as db:
        made = make_demo(db, course, NOW, hashed, trainees=30)
        row = user_store.user_by_email(db, made.coordinator)
        coordinator = SignedIn(row.id, row.name, row.email, Role.COORDINATOR, 0)
        people = [m.user_id for m in cohort_store.members(db, 1)]
        yield db, course, coordinator, people


def test_module_results_lessons_activity_and_leeches_agree(cohort) -> None:
    db, course, coordinator, people = cohort
    learning = LearningService(db, course)
    review = ReviewService(learning)
    facts = cohort_facts(db, course, people)
    varied = set()
    for user in people:
        progress = learning.progress(coordinator, user)
        person = facts[user]
        for module in course.modules:
            status = progress.modules[module.id].status
            assert person.best[module.id] == status.best_percent, (user, module.id)
            assert (module.id in person.passed) == status.passed
            assert (module.id in person.must_pass_wrong) == bool(
                status.must_pass_outstanding and status.attempts_completed
            )
            fails = sum(1 for a in learning.history(coordinator, user)
                        if a.module_id == module.id and a.result.complete
                        and not a.result.passed)  # fmt: skip
            assert person.fails.get(module.id, 0) == fails
            varied.add(status.passed)
        assert person.lessons == len(progress.completed_lessons)
        assert person.last_active == store.last_activity(db, user)
        assert person.leeches == len(review.status(coordinator, NOW, user).leeches)
    assert varied == {True, False}  # the demo holds both passed and unpassed modules


def test_exam_gains_agree(cohort) -> None:
    db, course, coordinator, people = cohort
    exams = ExamService(LearningService(db, course))
    facts = cohort_facts(db, course, people)
    gained = gains(facts)
    for user in people:
        status = exams.status(coordinator, user)
        assert facts[user].entry == (status.entry.percent if status.entry else None)
        assert gained[user] == (status.gain_points, status.normalised_gain)


def test_mastery_agrees(cohort) -> None:
    db, course, coordinator, people = cohort
    learning = LearningService(db, course)
    table = mastery_levels(db, course, people)
    found = {(r.user_id, r.objective_id): (r.level, r.evidence) for r in table.itertuples()}
    compared = 0
    for user in people:
        for m in learning.mastery(coordinator, user):
            level, evidence = found.get((user, m.objective_id), (None, 0))
            assert evidence == m.evidence
            if m.level is None:
                assert level is None or level != level  # None or NaN
            else:
                assert level == pytest.approx(m.level, abs=1e-9)
                compared += 1
    assert compared > 20


def test_the_report_uses_the_same_rules(cohort) -> None:
    db, course, coordinator, people = cohort
    report = cohort_report(LearningService(db, course), coordinator, 1, NOW)
    assert sorted(t.user_id for t in report) == sorted(people)
    assert any(t.reasons for t in report) and any(t.passed for t in report)


def test_mastery_charts_count_statuses_and_show_the_lowest_when_large(cohort, monkeypatch):
    from collections import Counter

    from modules.learning import cohort_report as report_module

    db, course, coordinator, people = cohort
    learning = LearningService(db, course)
    report = cohort_report(learning, coordinator, 1, NOW)
    per_person = {u: learning.mastery(coordinator, u) for u in people}
    expected = Counter((m.objective_id, m.status) for ms in per_person.values() for m in ms
                       if m.level is not None)  # fmt: skip
    text = {o.id: o.text for m in course.modules for o in m.objectives}
    charts = report_module.cohort_charts(learning, coordinator, 1, report)
    found = Counter({(o, s): n for o, s, n in zip(charts.mastery_status["objective"],
                     charts.mastery_status["status"], charts.mastery_status["trainees"],
                     strict=True) if n})  # fmt: skip
    assert found == Counter({(text[o], s): n for (o, s), n in expected.items()})
    assert charts.heatmap_people == charts.cohort_size == len(people)

    monkeypatch.setattr(report_module, "HEATMAP_LIMIT", 5)
    small = report_module.cohort_charts(learning, coordinator, 1, report)
    means = {}
    for user, ms in per_person.items():
        levels = [m.level for m in ms if m.level is not None]
        means[user] = sum(levels) / len(levels) if levels else 2.0
    names = {t.user_id: t.name for t in report}
    lowest = sorted(people, key=lambda u: (means[u], u))[:5]
    assert (small.heatmap_people, small.cohort_size) == (5, len(people))
    assert set(small.mastery["trainee"]) == {names[u] for u in lowest}
