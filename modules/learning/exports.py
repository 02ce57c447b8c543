"""A cohort's results leaving the app: a gradebook and every answer as CSV, or xAPI statements."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from modules.accounts.access import require_cohort
from modules.accounts.service import SignedIn
from modules.tracking import cohorts as cohort_store
from modules.tracking import progress as store
from modules.tracking import vignette_runs, xapi

from .exams import ExamService
from .service import LearningService

KINDS = {"practice": "quiz", "review": "review", "entry": "exam", "final": "exam"}


def gradebook(learning: LearningService, actor: SignedIn, cohort_id: int) -> pd.DataFrame:
    """One row per member: best score and pass per module, lessons, exams, completion."""
    require_cohort(learning.db, actor, cohort_id)
    exams = ExamService(learning)
    rows = []
    for member in cohort_store.members(learning.db, cohort_id):
        progress = learning.progress(actor, member.user_id)
        status = exams.status(actor, member.user_id)
        row: dict[str, Any] = {"name": member.name, "email": member.email,
                               "joined": member.joined_at.date().isoformat(),
                               "lessons_completed": len(progress.completed_lessons)}  # fmt: skip
        for module in learning.course.modules:
            mine = progress.modules[module.id].status
            row[f"{module.id}_best_%"] = (
                None if mine.best_percent is None else round(mine.best_percent, 1)
            )
            row[f"{module.id}_passed"] = mine.passed
        row["entry_%"] = status.entry.percent if status.entry else None
        row["final_%"] = status.final_best.percent if status.final_best else None
        row["completed"] = status.completed
        rows.append(row)
    return pd.DataFrame(rows)


def responses(learning: LearningService, actor: SignedIn, cohort_id: int) -> pd.DataFrame:
    """Every answer of every member; a reflection appears only as written, never its text."""
    require_cohort(learning.db, actor, cohort_id)
    rows = []
    for member in cohort_store.members(learning.db, cohort_id):
        kinds = {a.id: a.kind for a in store.attempts_of(learning.db, member.user_id)}
        for r in store.responses_of_user(learning.db, member.user_id):
            rows.append({
                "email": member.email, "question_id": r.question_id,
                "attempt": kinds.get(r.attempt_id, ""), "content_hash": r.content_hash,
                "answer": "(reflection written)" if r.score is None else r.classification,
                "score": r.score, "correct": r.correct, "confidence": r.confidence,
                "seconds": r.seconds, "answered_at": r.answered_at.isoformat(),
            })  # fmt: skip
    return pd.DataFrame(rows)


def statements(
    learning: LearningService, actor: SignedIn, cohort_id: int, base: str = xapi.DEFAULT_BASE
) -> list[dict[str, Any]]:
    """xAPI 1.0.3 statements: each answer, completed lesson, case choice and module result."""
    require_cohort(learning.db, actor, cohort_id)
    course = learning.course
    out: list[dict[str, Any]] = []
    for member in cohort_store.members(learning.db, cohort_id):
        who = {"email": member.email, "name": member.name, "base": base}
        kinds = {a.id: a.kind for a in store.attempts_of(learning.db, member.user_id)}
        for r in store.responses_of_user(learning.db, member.user_id):
            question = course.question(r.question_id)
            module = course.module(question.module) if question else None
            out.append(xapi.answered_statement(
                **who, question_id=r.question_id,
                question_title=question.prompt if question else r.question_id,
                timestamp=r.answered_at, score=r.score, response=r.classification,
                reflection=r.score is None, seconds=r.seconds,
                module_id=module.id if module else None,
                module_title=module.title if module else None,
                attempt_kind=KINDS.get(kinds.get(r.attempt_id, "")),
            ))  # fmt: skip
        for lesson_id, at in store.completed_lessons(learning.db, member.user_id).items():
            lesson = course.lesson(lesson_id)
            module = course.module(lesson.module) if lesson else None
            out.append(xapi.lesson_statement(
                **who, lesson_id=lesson_id, lesson_title=lesson.title if lesson else lesson_id,
                timestamp=at, module_id=module.id if module else None,
                module_title=module.title if module else None,
            ))  # fmt: skip
        for run in vignette_runs.runs_of(learning.db, member.user_id):
            vignette = course.vignette(run.vignette_id)
            for number, step in enumerate(run.steps):
                # each choice its own moment (a case may pass a node twice), before the finish
                at = run.finished_at - timedelta(seconds=len(run.steps) - number)
                out.append(xapi.choice_statement(
                    **who, vignette_id=run.vignette_id,
                    vignette_title=vignette.title if vignette else run.vignette_id,
                    node_id=step["node"], choice_id=step["choice"], rating=step["rating"],
                    timestamp=at, seconds=step.get("seconds"),
                ))  # fmt: skip
        progress = learning.progress(actor, member.user_id)
        last = store.last_activity(learning.db, member.user_id)
        for module in course.modules:
            status = progress.modules[module.id].status
            if status.attempts_completed and last is not None:
                out.append(xapi.module_statement(
                    **who, module_id=module.id, module_title=module.title,
                    passed=status.passed, best_percent=status.best_percent, timestamp=last,
                ))  # fmt: skip
    return out
