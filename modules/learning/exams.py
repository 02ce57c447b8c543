"""Use cases of the entry check and the final exam, the trainee's gain and course completion."""

from __future__ import annotations

import random
from dataclasses import dataclass

from modules.accounts.access import require_records
from modules.accounts.service import SignedIn
from modules.assessment.exams import (
    ENTRY_PER_MODULE,
    FINAL_PER_MODULE,
    course_completed,
    draw_exam,
    gain,
)
from modules.assessment.quiz import AttemptResult

from .service import LearningError, LearningService, QuizPlan

ENTRY, FINAL = "entry", "final"
EXAM_MODULE = "exam"


@dataclass(frozen=True)
class ExamStatus:
    entry: AttemptResult | None  # the completed entry check, if any
    final_best: AttemptResult | None
    final_unlocked: bool
    modules_not_passed: tuple[str, ...]
    gain_points: float | None
    normalised_gain: float | None
    completed: bool


class ExamService:
    def __init__(self, learning: LearningService) -> None:
        self.learning = learning
        self.db = learning.db
        self.course = learning.course

    def _plans(self, user_id: int, kind: str) -> list[QuizPlan]:
        all_attempts, responses = self.learning.records(user_id)
        attempts = [a for a in all_attempts if a.kind == kind]
        return [self.learning.plan_of(a, responses) for a in attempts]

    def status(self, actor: SignedIn, user_id: int | None = None) -> ExamStatus:
        user_id = actor.user_id if user_id is None else user_id
        require_records(self.db, actor, user_id)
        progress = self.learning.progress(actor, user_id)
        not_passed = tuple(m for m, p in progress.modules.items() if not p.status.passed)
        entries = [self.learning.result_of(p) for p in self._plans(user_id, ENTRY) if p.finished]
        finals = [self.learning.result_of(p) for p in self._plans(user_id, FINAL) if p.finished]
        entry = entries[0] if entries else None
        final_best = max(finals, key=lambda r: (r.passed, r.percent or 0), default=None)
        points = normalised = None
        if entry and final_best and entry.percent is not None and final_best.percent is not None:
            points, normalised = gain(entry.percent, final_best.percent)
        passed = {m: p.status.passed for m, p in progress.modules.items()}
        final_passed = final_best is not None and final_best.passed
        return ExamStatus(entry, final_best, not not_passed, not_passed, points, normalised,
                          course_completed(passed, final_passed))  # fmt: skip

    def open_exam(self, person: SignedIn, kind: str, rng: random.Random) -> QuizPlan:
        """The unfinished exam of this kind, or a new one: the entry check once, the final exam
        when every module is passed (and again, with a fresh draw, after a failed attempt)."""
        if kind not in (ENTRY, FINAL):
            raise LearningError(f"There is no '{kind}' exam.")
        plans = self._plans(person.user_id, kind)
        if plans and not plans[-1].finished:
            return plans[-1]
        status = self.status(person)
        if kind == ENTRY and plans:
            raise LearningError("You have taken the entry check; it is taken once.")
        if kind == ENTRY and self._plans(person.user_id, FINAL):
            raise LearningError("The entry check comes before the final exam, not after it.")
        if kind == FINAL and not status.final_unlocked:
            raise LearningError("The final exam opens when every module is passed.")
        if kind == FINAL and status.completed:
            raise LearningError("You have passed the final exam and completed the course.")
        banks = {m.id: [q for q in self.course.questions_of(m.id) if q.exam]
                 for m in self.course.modules}  # fmt: skip
        met = {qid for p in self._plans(person.user_id, ENTRY) for qid in p.item_ids}
        per_module = ENTRY_PER_MODULE if kind == ENTRY else FINAL_PER_MODULE
        items = draw_exam(banks, per_module, rng, exclude=met if kind == FINAL else ())
        if not items:
            raise LearningError("The course has no exam items yet.")
        used = {p.seed for p in plans}
        seed = f"{rng.getrandbits(64):016x}"
        while seed in used:
            seed = f"{rng.getrandbits(64):016x}"
        return QuizPlan(EXAM_MODULE, seed, items, kind=kind)
