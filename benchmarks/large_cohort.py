"""A large cohort written through the store's own write functions, for timing the dashboard and
the item analysis at scale (one precomputed password hash; answers drawn at random)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlite_utils import Database

from modules.accounts.roles import Role
from modules.accounts.service import SignedIn
from modules.assessment import scorer_for
from modules.course import Course
from modules.learning.demo import synthetic_answer
from modules.tracking import cohorts as cohort_store
from modules.tracking import progress as store
from modules.tracking import users as user_store
from modules.tracking.progress import NewAttempt, ResponseRecord


def fill(
    db: Database, course: Course, trainees: int, answers_each: int, now: datetime,
    password_hash: str, seed: int = 3,
) -> tuple[SignedIn, int]:  # fmt: skip
    """A coordinator, a cohort and `trainees` trainees with about `answers_each` answers each.
    Returns the coordinator and the cohort id."""
    rng = random.Random(seed)
    start = now - timedelta(days=60)
    coordinator_id = user_store.insert_user(db, email="bench.coordinator@example.org",
                                            name="Bench Coordinator", role=Role.COORDINATOR.value,
                                            password_hash=password_hash, now=start)  # fmt: skip
    coordinator = SignedIn(coordinator_id, "Bench Coordinator", "bench.coordinator@example.org",
                           Role.COORDINATOR, 0)  # fmt: skip
    cohort_id = cohort_store.insert_cohort(
        db, name="Large cohort", coordinator_id=coordinator_id, starts_on=start.date(),
        ends_on=None, target_on=(now + timedelta(days=30)).date(), pass_mark=None,
        invite_code="BENCH001", now=start,
    )  # fmt: skip
    for n in range(trainees):
        user_id = user_store.insert_user(db, email=f"bench{n:05d}@example.org",
                                         name=f"Trainee {n:05d}", role=Role.TRAINEE.value,
                                         password_hash=password_hash, now=start)  # fmt: skip
        cohort_store.add_member(db, cohort_id, user_id, "bench", start)
        at = start + timedelta(minutes=rng.randint(0, 600))
        answer(db, course, user_id, answers_each, at, now, rng, f"{n}")
    return coordinator, cohort_id


def answer(
    db: Database, course: Course, user_id: int, count: int, at: datetime, now: datetime,
    rng: random.Random, label: str,
) -> datetime:  # fmt: skip
    """`count` answers by one trainee in quizzes of ten, from `at` on; returns the last time."""
    banks = [(m.id, course.practice_questions(m.id)) for m in course.modules]
    skill = rng.uniform(0.3, 0.95)
    written = 0
    while written < count:
        module_id, bank = banks[(written // 10) % len(banks)]
        items = rng.sample(list(bank), min(10, len(bank)))
        attempt: NewAttempt | int = NewAttempt(user_id, module_id, "practice",
                                               f"{label}-{written}-{rng.random()}",
                                               tuple(q.id for q in items))  # fmt: skip
        for position, question in enumerate(items[: count - written]):
            response = synthetic_answer(question, rng.random() < skill, rng)
            scorer = scorer_for(question.type)  # type: ignore[attr-defined]
            score = scorer.score(question, response)
            record = ResponseRecord(
                question.id, position, question.content_hash, (), response, score,
                None if score is None else score == 1.0, scorer.classify(question, response),
                None, rng.uniform(10, 90),
            )  # fmt: skip
            at += timedelta(minutes=rng.uniform(1, 30))
            attempt = store.save_response(db, attempt, record, min(at, now))
            written += 1
    return at
