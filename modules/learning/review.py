"""Use cases of spaced review: the trainee's queue of missed items, leeches, and a short session."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from modules.accounts.access import require_records
from modules.accounts.service import SignedIn
from modules.assessment.mastery import WEAK
from modules.assessment.review import Card, queue, review_session
from modules.tracking import progress as store

from .service import LearningService, QuizPlan

REVIEW = "review"
SESSION_SIZE = 8
RECENT = timedelta(hours=24)  # items answered this recently are not used to top up a session


@dataclass(frozen=True)
class ReviewStatus:
    cards: tuple[Card, ...]
    due: tuple[Card, ...]
    leeches: tuple[Card, ...]
    next_due_at: datetime | None


class ReviewService:
    def __init__(self, learning: LearningService) -> None:
        self.learning = learning
        self.db = learning.db
        self.course = learning.course

    def cards(self, actor: SignedIn, user_id: int | None = None) -> list[Card]:
        """Every practice item ever missed, with its Leitner box; exam items stay out so the
        exams keep measuring something the trainee has not rehearsed."""
        user_id = actor.user_id if user_id is None else user_id
        require_records(self.db, actor, user_id)
        histories: dict[str, list[tuple[datetime, bool]]] = {}
        for response in self.learning.records(user_id)[1]:
            question = self.course.question(response.question_id)
            if question is None or question.exam or response.correct is None:
                continue
            histories.setdefault(response.question_id, []).append(
                (response.answered_at, response.correct)
            )
        return queue(histories)

    def status(self, actor: SignedIn, now: datetime, user_id: int | None = None) -> ReviewStatus:
        cards = [c for c in self.cards(actor, user_id) if c.queued]
        due = [c for c in cards if c.due(now)]
        later = [c.due_at for c in cards if not c.due(now) and c.due_at is not None]
        leeches = [c for c in cards if c.leech]  # a learned leech is no longer flagged
        return ReviewStatus(tuple(cards), tuple(due), tuple(leeches), min(later, default=None))

    def open_session(self, person: SignedIn, now: datetime, rng: random.Random) -> QuizPlan | None:
        """The unfinished review session, or a new one of the due items (weakest objective
        first), topped up with items of weak objectives not answered in the last day and not
        waiting in the queue; None if there is nothing to review."""
        attempts = [a for a in store.attempts_of(self.db, person.user_id) if a.kind == REVIEW]
        if attempts:
            latest = attempts[-1]
            plan = self.learning.plan_of(latest, store.responses_of_attempts(self.db, [latest.id]))
            if not plan.finished:
                return plan
        mastery = self.learning.mastery(person)
        weakness = {m.objective_id: m.level if m.level is not None else 0.5 for m in mastery}
        objective_of = {q.id: q.objective for q in self.course.all_questions()}
        items = review_session(self.cards(person), now, weakness, objective_of, SESSION_SIZE)
        weak = {m.objective_id for m in mastery if m.level is not None and m.level < WEAK}
        recent = {r.question_id for r in self.learning.records(person.user_id)[1]
                  if now - r.answered_at < RECENT}  # fmt: skip
        waiting = {c.question_id for c in self.cards(person) if c.queued and not c.due(now)}
        extra = [q.id for m in self.course.modules for q in self.course.practice_questions(m.id)
                 if q.objective in weak and q.scored and q.id not in items
                 and q.id not in recent and q.id not in waiting]  # fmt: skip
        rng.shuffle(extra)
        items = (items + extra)[:SESSION_SIZE]
        if not items:
            return None
        used = {a.seed for a in attempts}
        seed = f"{rng.getrandbits(64):016x}"
        while seed in used:
            seed = f"{rng.getrandbits(64):016x}"
        return QuizPlan(REVIEW, seed, tuple(items), kind=REVIEW)
