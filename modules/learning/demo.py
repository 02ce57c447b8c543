"""A realistic demo cohort made through the same services the app uses, for exploring the
coordinator's dashboard on a fresh install (`python -m modules demo`)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from modules.accounts import Role, SignedIn
from modules.accounts.cohorts import CohortService
from modules.course import Course, QuestionBase
from modules.tracking import Database
from modules.tracking import cohorts as cohort_store
from modules.tracking import users as user_store

from .cases import CaseService
from .exams import ENTRY, ExamService
from .service import LearningService

DEMO_PASSWORD = "demo cohort password, not for real use"
FIRST = ["Alex", "Bea", "Cam", "Dana", "Eli", "Fern", "Gus", "Hana", "Ivo", "Jae", "Kit", "Lou",
         "Mai", "Noor", "Omar", "Pia", "Quin", "Rae", "Sol", "Tam"]  # fmt: skip
LAST = ["Abbott", "Byrne", "Chen", "Diaz", "Evans", "Fox"]


@dataclass(frozen=True)
class Profile:
    name: str
    modules: int  # how far into the course they get
    skill: float  # chance of a right answer
    idle_days: int  # days since their last activity


PROFILES = [
    Profile("keen", 8, 0.9, 1), Profile("steady", 5, 0.8, 3), Profile("slow", 2, 0.7, 6),
    Profile("struggling", 3, 0.45, 2), Profile("stalled", 1, 0.6, 21), Profile("absent", 0, 0, 30),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccounts:
    coordinator: str
    leader: str
    trainees: list[str]
    password: str
    cohort_code: str


def synthetic_answer(question: QuestionBase, right: bool, rng: random.Random):
    """A plausible right or wrong response to any question type, for synthetic trainees."""
    kind = question.type  # type: ignore[attr-defined]
    if kind == "single":
        options = [o.id for o in question.options if o.correct == right]  # type: ignore[attr-defined]
        return rng.choice(options)
    if kind == "multiple":
        correct = [o.id for o in question.options if o.correct]  # type: ignore[attr-defined]
        return correct if right else [o.id for o in question.options if not o.correct][:1]  # type: ignore[attr-defined]
    if kind == "ordering":
        steps = [s.id for s in question.steps]  # type: ignore[attr-defined]
        return steps if right else steps[::-1]
    if kind == "matching":
        responses = [r.id for r in question.responses]  # type: ignore[attr-defined]
        return {p.id: (p.match if right else next(r for r in responses if r != p.match))
                for p in question.premises}  # type: ignore[attr-defined]  # fmt: skip
    return "I would validate first, then move to problem solving with a specific skill."


def make_demo(
    db: Database, course: Course, now: datetime, password_hash: str, trainees: int = 40,
    seed: int = 7,
) -> DemoAccounts:  # fmt: skip
    """Make a coordinator, a leader and `trainees` trainees with varied progress. The one
    `password_hash` is used for every account, so hashing does not dominate the run."""
    rng = random.Random(seed)
    learning = LearningService(db, course)
    cases, exams = CaseService(db, course), ExamService(learning)
    start = now - timedelta(days=42)

    def person(email: str, name: str, role: Role) -> SignedIn:
        found = user_store.user_by_email(db, email)
        user_id = (
            found.id
            if found
            else user_store.insert_user(
                db, email=email, name=name, role=role.value, password_hash=password_hash, now=start
            )
        )
        return SignedIn(user_id, name, email, role, 0)  # fmt: skip

    coordinator = person("demo.coordinator@example.org", "Casey Coordinator", Role.COORDINATOR)
    leader = person("demo.leader@example.org", "Lee Leader", Role.LEADER)
    target = (now + timedelta(days=70)).date()
    cohort = CohortService(db).create(coordinator, "Demo cohort", start, starts_on=start.date(),
                                      target_on=target)  # fmt: skip
    emails = []
    for n in range(trainees):
        name = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]}"
        email = f"demo.trainee{n + 1:02d}@example.org"
        trainee = person(email, name, Role.TRAINEE)
        cohort_store.add_member(db, cohort.id, trainee.user_id, "demo", start)
        emails.append(email)
        profile = PROFILES[n % len(PROFILES)]
        tick = _Clock(start + timedelta(hours=rng.randint(1, 48)),
                      now - timedelta(days=profile.idle_days), rng)  # fmt: skip

        if profile.modules and exams.status(trainee).entry is None:
            plan = exams.open_exam(trainee, ENTRY, rng)
            for qid in plan.item_ids:
                plan = _submit(learning, trainee, plan, qid, rng.random() < 0.5, rng, tick())
        for module in course.modules[: profile.modules]:
            for lesson in course.lessons_of(module.id):
                learning.complete_lesson(trainee, lesson.id, tick())
            for _attempt in range(rng.choice([1, 1, 2])):
                plan = learning.new_quiz(trainee, module.id, rng)
                for qid in plan.item_ids:
                    plan = _submit(
                        learning, trainee, plan, qid, rng.random() < profile.skill, rng, tick()
                    )
            for vignette in course.vignettes_of(module.id)[:1]:
                play = cases.begin(vignette.id, tick(), f"{n}-{vignette.id}")
                while not vignette.node(play.state.node_id).ending:
                    node = vignette.node(play.state.node_id)
                    best = next(c for c in node.choices if c.rating == "optimal")
                    choice = best if rng.random() < profile.skill else rng.choice(node.choices)
                    play = cases.choose(play, choice.id)
                cases.finish(trainee, play, tick())
    return DemoAccounts(coordinator.email, leader.email, emails, DEMO_PASSWORD, cohort.invite_code)


class _Clock:
    """Moments from `first` to `last` for one trainee's activity, about 60 steps apart."""

    def __init__(self, first: datetime, last: datetime, rng: random.Random) -> None:
        self.now, self.last, self.rng = first, last, rng
        self.step = (last - first) / 60 if last > first else timedelta(minutes=1)

    def __call__(self) -> datetime:
        self.now = min(self.now + self.step * self.rng.uniform(0.5, 1.5), self.last)
        return self.now


def _submit(learning, trainee, plan, question_id, right, rng, now):
    question = learning.course.question(question_id)
    response = synthetic_answer(question, right, rng)
    return learning.submit(trainee, plan, question_id, response, confidence=None,
                           seconds=rng.uniform(20, 120), now=now).plan  # fmt: skip
