"""Use cases of self-paced study: complete a lesson, take a module quiz, see one's progress."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from modules.accounts.access import require_records
from modules.accounts.roles import PermissionDenied
from modules.accounts.service import SignedIn
from modules.assessment import attempt_seed, scorer_for, shown_order, shown_steps
from modules.assessment.exams import FINAL_PASS_MARK
from modules.assessment.mastery import Mastery, case_evidence, item_evidence, mastery
from modules.assessment.quiz import (
    AttemptResult,
    ItemOutcome,
    ModuleStatus,
    attempt_result,
    draw_quiz,
    module_status,
)
from modules.course import Course, QuestionBase
from modules.tracking import Database
from modules.tracking import progress as store
from modules.tracking import vignette_runs as case_runs
from modules.tracking.progress import NewAttempt, ResponseRecord, ResponseRow

PRACTICE = "practice"


class LearningError(Exception):
    """A sentence for the trainee: what could not be done and why."""


@dataclass(frozen=True)
class QuizPlan:
    """One attempt as the page sees it: the drawn items and what has been answered so far.
    Until its first answer is saved the attempt exists only here (attempt_id None)."""

    module_id: str
    seed: str
    item_ids: tuple[str, ...]
    attempt_id: int | None = None
    answered: dict[str, ResponseRow] = field(default_factory=dict)
    kind: str = "practice"  # practice | review | entry | final

    @property
    def next_item(self) -> str | None:
        return next((qid for qid in self.item_ids if qid not in self.answered), None)

    @property
    def finished(self) -> bool:
        return self.next_item is None


@dataclass(frozen=True)
class Submitted:
    plan: QuizPlan
    score: float | None
    correct: bool | None
    classification: str


@dataclass(frozen=True)
class DisplayOrder:
    """The order a trainee sees an item's choices in, fixed by the attempt's seed."""

    choices: tuple[str, ...] = ()  # options, or ordering steps as first shown
    premises: tuple[str, ...] = ()
    responses: tuple[str, ...] = ()

    def stored(self) -> tuple[str, ...]:
        if self.premises:
            return (*self.premises, "|", *self.responses)
        return self.choices


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    lessons_done: int
    lessons_total: int
    status: ModuleStatus
    open_attempt: bool

    @property
    def share_done(self) -> float:
        """Lessons completed plus the quiz passed, as a share of the module's steps."""
        steps = self.lessons_total + 1
        return (self.lessons_done + (1 if self.status.passed else 0)) / steps


@dataclass(frozen=True)
class CourseProgress:
    modules: dict[str, ModuleProgress]
    completed_lessons: frozenset[str]
    continue_lesson: str | None  # the next lesson to read, in course order
    continue_quiz: str | None  # a module whose quiz was left unfinished


@dataclass(frozen=True)
class AttemptSummary:
    attempt_id: int
    module_id: str
    started_at: datetime
    result: AttemptResult


def display_order(question: QuestionBase, seed: str) -> DisplayOrder:
    item_seed = attempt_seed(seed, question.id)
    kind = question.type  # type: ignore[attr-defined]
    if kind in ("single", "multiple"):
        return DisplayOrder(choices=shown_order([o.id for o in question.options], item_seed))  # type: ignore[attr-defined]
    if kind == "ordering":
        return DisplayOrder(choices=shown_steps([s.id for s in question.steps], item_seed))  # type: ignore[attr-defined]
    if kind == "matching":
        premises = shown_order([p.id for p in question.premises], item_seed + ":premises")  # type: ignore[attr-defined]
        responses = shown_order([r.id for r in question.responses], item_seed + ":responses")  # type: ignore[attr-defined]
        return DisplayOrder(premises=premises, responses=responses)
    return DisplayOrder()


class LearningService:
    def __init__(self, db: Database, course: Course) -> None:
        self.db = db
        self.course = course
        # one person's attempts and answers, read once per service (a service lives for one
        # rerun); forgotten whenever this service writes an answer for them
        self._reads: dict[int, tuple[list[store.AttemptRow], list[ResponseRow]]] = {}
        self._derived: dict[tuple[str, int], Any] = {}  # history and progress, per person

    def _forget(self, user_id: int) -> None:
        self._reads.pop(user_id, None)
        self._derived = {k: v for k, v in self._derived.items() if k[1] != user_id}

    def records(self, user_id: int) -> tuple[list[store.AttemptRow], list[ResponseRow]]:
        """A person's attempts and answers, oldest first (no permission check: callers check)."""
        if user_id not in self._reads:
            self._reads[user_id] = (
                store.attempts_of(self.db, user_id),
                store.responses_of_user(self.db, user_id),
            )
        return self._reads[user_id]

    # -- lessons ---------------------------------------------------------------------------------

    def complete_lesson(self, person: SignedIn, lesson_id: str, now: datetime) -> None:
        if self.course.lesson(lesson_id) is None:
            raise LearningError("That lesson is not in the course.")
        self._forget(person.user_id)
        store.complete_lesson(self.db, person.user_id, lesson_id, now)

    def completed_lessons(self, person: SignedIn) -> frozenset[str]:
        return frozenset(store.completed_lessons(self.db, person.user_id))

    # -- quizzes ---------------------------------------------------------------------------------

    def _bank(self, module_id: str) -> tuple[QuestionBase, ...]:
        module = self.course.module(module_id)
        if module is None:
            raise LearningError("That module is not in the course.")
        return self.course.practice_questions(module_id)

    def plan_of(self, attempt: store.AttemptRow, responses: list[ResponseRow]) -> QuizPlan:
        items = tuple(q for q in attempt.item_ids if self.course.question(q) is not None)
        answered = {r.question_id: r for r in responses if r.attempt_id == attempt.id}
        return QuizPlan(attempt.module_id, attempt.seed, items, attempt.id, answered, attempt.kind)

    def open_quiz(self, person: SignedIn, module_id: str, rng: random.Random) -> QuizPlan:
        """The latest unfinished attempt at this module's quiz, or a newly drawn one."""
        self._bank(module_id)
        attempts = [a for a in store.attempts_of(self.db, person.user_id, module_id)
                    if a.kind == PRACTICE]  # fmt: skip
        if attempts:
            latest = attempts[-1]
            plan = self.plan_of(latest, store.responses_of_attempts(self.db, [latest.id]))
            if not plan.finished:
                return plan
        return self.new_quiz(person, module_id, rng)

    def new_quiz(self, person: SignedIn, module_id: str, rng: random.Random) -> QuizPlan:
        bank = self._bank(module_id)
        if not bank:
            raise LearningError("This module has no quiz questions yet.")
        module = self.course.module(module_id)
        assert module is not None
        seen: dict[str, int] = {}
        settled: set[str] = set()
        for response in self.records(person.user_id)[1]:
            seen[response.question_id] = seen.get(response.question_id, 0) + 1
            if response.correct:
                settled.add(response.question_id)
        used = {a.seed for a in store.attempts_of(self.db, person.user_id, module_id)}
        seed = f"{rng.getrandbits(64):016x}"
        while seed in used:  # a draw's seed names its attempt, so it must be new
            seed = f"{rng.getrandbits(64):016x}"
        items = draw_quiz(bank, module.quiz_length, seen, random.Random(seed), settled)
        return QuizPlan(module_id, seed, items)

    def submit(
        self, person: SignedIn, plan: QuizPlan, question_id: str, response: Any, *,
        confidence: int | None, seconds: float | None, now: datetime,
    ) -> Submitted:  # fmt: skip
        """Score one answer and save it (with its attempt, if this is the first answer). Raises
        LearningError when the answer is incomplete; StoreWriteError when it was not saved."""
        if question_id not in plan.item_ids:
            raise LearningError("That question is not part of this quiz.")
        if plan.attempt_id is None and plan.kind == "entry":
            taken = [a for a in store.attempts_of(self.db, person.user_id) if a.kind == "entry"]
            if taken:  # a second tab drew another entry check before the first was answered
                raise LearningError("You have already started the entry check; it is taken once.")
        if plan.attempt_id is not None:
            attempt = store.attempt_by_id(self.db, plan.attempt_id)
            if attempt is None or attempt.user_id != person.user_id:
                raise PermissionDenied("You can only answer in your own quiz.")
        question = self.course.question(question_id)
        if question is None:
            raise LearningError("That question is no longer in the course.")
        scorer = scorer_for(question.type)  # type: ignore[attr-defined]
        completion = scorer.is_complete(question, response)
        if not completion.complete:
            raise LearningError(completion.message or "Answer the question before submitting.")
        score = scorer.score(question, response)
        correct = scorer.is_correct(question, response)
        classification = scorer.classify(question, response)
        record = ResponseRecord(
            question_id=question_id, position=plan.item_ids.index(question_id),
            content_hash=question.content_hash,
            shown_order=display_order(question, plan.seed).stored(),
            answer=_jsonable(response), score=score, correct=correct,
            classification=classification, confidence=confidence, seconds=seconds,
        )  # fmt: skip
        target = plan.attempt_id or NewAttempt(
            person.user_id, plan.module_id, plan.kind, plan.seed, plan.item_ids
        )
        self._forget(person.user_id)
        attempt_id = store.save_response(self.db, target, record, now)
        saved = ResponseRow(attempt_id, question_id, record.position, record.content_hash,
                            record.shown_order, record.answer, score, correct, classification,
                            confidence, seconds, now)  # fmt: skip
        plan = replace(plan, attempt_id=attempt_id, answered={**plan.answered, question_id: saved})
        return Submitted(plan, score, correct, classification)

    def result_of(self, plan: QuizPlan) -> AttemptResult:
        """The attempt's result against its pass mark: the module's for a quiz, the final
        exam's for an exam, none (0) for a review session."""
        module = self.course.module(plan.module_id)
        if module is not None:
            pass_mark = module.pass_mark
        else:
            pass_mark = FINAL_PASS_MARK if plan.kind in ("entry", "final") else 0
        outcomes = [_outcome(r) for r in plan.answered.values()]
        return attempt_result(plan.item_ids, outcomes, self._questions(), pass_mark)

    # -- progress --------------------------------------------------------------------------------

    def _questions(self) -> dict[str, QuestionBase]:
        return {q.id: q for q in self.course.all_questions()}

    def history(self, actor: SignedIn, user_id: int) -> list[AttemptSummary]:
        """Every practice attempt of a person, newest first (their own, or any for an admin)."""
        require_records(self.db, actor, user_id)
        if ("history", user_id) in self._derived:
            return self._derived[("history", user_id)]
        all_attempts, responses = self.records(user_id)
        attempts = [a for a in all_attempts if a.kind == PRACTICE]
        questions = self._questions()
        summaries = []
        for attempt in attempts:
            module = self.course.module(attempt.module_id)
            if module is None:
                continue
            plan = self.plan_of(attempt, responses)
            outcomes = [_outcome(r) for r in plan.answered.values()]
            result = attempt_result(plan.item_ids, outcomes, questions, module.pass_mark)
            summaries.append(
                AttemptSummary(attempt.id, attempt.module_id, attempt.started_at, result)
            )
        self._derived[("history", user_id)] = summaries[::-1]
        return summaries[::-1]

    def answers(self, actor: SignedIn, user_id: int) -> list[ResponseRow]:
        """Every answer a person gave, newest first (their own, a coordinator's trainee's, or
        anyone's for an admin). Pages must not show a reflection's text to anyone else."""
        require_records(self.db, actor, user_id)
        return self.records(user_id)[1][::-1]

    def progress(self, actor: SignedIn, user_id: int | None = None) -> CourseProgress:
        user_id = actor.user_id if user_id is None else user_id
        require_records(self.db, actor, user_id)
        if ("progress", user_id) in self._derived:
            return self._derived[("progress", user_id)]
        done = frozenset(store.completed_lessons(self.db, user_id))
        history = self.history(actor, user_id)
        outcomes = [_outcome(r) for r in self.records(user_id)[1]]
        modules: dict[str, ModuleProgress] = {}
        continue_quiz = None
        for module in self.course.modules:
            lessons = self.course.lessons_of(module.id)
            mine = [s for s in history if s.module_id == module.id]
            complete = [s.result for s in mine if s.result.complete]
            status = module_status(self.course.questions_of(module.id), complete,
                                   outcomes, module.pass_mark)  # fmt: skip
            open_attempt = bool(mine) and not mine[0].result.complete
            if open_attempt and continue_quiz is None:
                continue_quiz = module.id
            modules[module.id] = ModuleProgress(
                module.id, sum(1 for lesson in lessons if lesson.id in done), len(lessons),
                status, open_attempt,
            )  # fmt: skip
        next_lesson = next(
            (les.id for les in self.course.all_lessons() if les.id not in done), None
        )
        result = CourseProgress(modules, done, next_lesson, continue_quiz)
        self._derived[("progress", user_id)] = result
        return result

    def mastery(self, actor: SignedIn, user_id: int | None = None) -> list[Mastery]:
        """Mastery per objective by the documented rule in modules/assessment/mastery.py, from
        every scored answer (quiz, review, exam) and every case choice."""
        user_id = actor.user_id if user_id is None else user_id
        require_records(self.db, actor, user_id)
        objective_of = {q.id: q.objective for q in self.course.all_questions()}
        answers = [(r.question_id, r.answered_at, r.score)
                   for r in self.records(user_id)[1]]  # fmt: skip
        choices = []
        for run in reversed(case_runs.runs_of(self.db, user_id)):  # oldest first: ties keep
            vignette = self.course.vignette(run.vignette_id)  # the order they were written
            if vignette is not None:
                choices += [(vignette.objectives, run.finished_at, s["rating"]) for s in run.steps]
        evidence = item_evidence(answers, objective_of) + case_evidence(choices)
        objectives = [o.id for m in self.course.modules for o in m.objectives]
        return mastery(objectives, evidence)


def _outcome(response: ResponseRow) -> ItemOutcome:
    return ItemOutcome(response.question_id, response.score, response.correct)


def _jsonable(response: Any) -> Any:
    if isinstance(response, (set, frozenset, tuple)):
        return sorted(response) if isinstance(response, (set, frozenset)) else list(response)
    return response
