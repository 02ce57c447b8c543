"""What the dashboard needs about every member of a cohort, from a few queries for the whole
cohort instead of a person at a time; the same rules as the per-person services use."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from modules.assessment.exams import FINAL_PASS_MARK, gain
from modules.assessment.review import card_for
from modules.course import Course
from modules.tracking import Database
from modules.tracking import cohort_analytics as analytics

LEECH_MISSES = 4


@dataclass
class PersonFacts:
    best: dict[str, float | None] = field(default_factory=dict)
    passed: set[str] = field(default_factory=set)
    fails: dict[str, int] = field(default_factory=dict)
    completed_attempts: dict[str, int] = field(default_factory=dict)
    must_pass_wrong: set[str] = field(default_factory=set)  # modules with one still wrong
    lessons: int = 0
    last_active: datetime | None = None
    leeches: int = 0
    entry: float | None = None
    final: float | None = None
    final_passed: bool = False


def _result(total: int, answered: int, points: float | None, scored: int, missed: int,
            pass_mark: int) -> tuple[bool, float | None, bool]:  # fmt: skip
    """(complete, percent, passed) of one attempt, as assessment.quiz.attempt_result has it
    (`total`: how many of its items the course still has)."""
    percent = round(100 * (points or 0.0) / scored, 9) if scored else None
    complete = answered >= total
    return (
        complete,
        percent,
        complete and percent is not None and percent >= pass_mark and not missed,
    )


def cohort_facts(db: Database, course: Course, user_ids: list[int]) -> dict[int, PersonFacts]:
    facts = {u: PersonFacts() for u in user_ids}
    questions = {q.id: q for q in course.all_questions()}
    known = set(questions)
    must_pass = [q.id for q in questions.values() if q.must_pass]
    must_pass_of = {m.id: [q.id for q in course.questions_of(m.id) if q.must_pass and not q.exam]
                    for m in course.modules}  # fmt: skip
    right = analytics.right_once(db, user_ids, must_pass)
    entries: dict[int, list[float | None]] = defaultdict(list)
    finals: dict[int, list[tuple[bool, float | None]]] = defaultdict(list)
    best_percents: dict[tuple[int, str], list[float]] = defaultdict(list)
    for (_id, user, module_id, kind, items, answered, points, scored, missed
         ) in analytics.attempt_totals(db, user_ids, must_pass, sorted(known)):  # fmt: skip
        module = course.module(module_id)
        if kind == "practice" and module is not None:
            complete, percent, passed = _result(items, answered, points, scored, missed,
                                                module.pass_mark)  # fmt: skip
            if complete:
                person = facts[user]
                person.completed_attempts[module_id] = (
                    person.completed_attempts.get(module_id, 0) + 1
                )
                if percent is not None:
                    best_percents[(user, module_id)].append(percent)
                if not passed:
                    person.fails[module_id] = person.fails.get(module_id, 0) + 1
        elif kind in ("entry", "final"):
            complete, percent, passed = _result(items, answered, points, scored, missed,
                                                FINAL_PASS_MARK)  # fmt: skip
            if complete and kind == "entry":
                entries[user].append(percent)
            elif complete:
                finals[user].append((passed, percent))
    for user, person in facts.items():
        for module in course.modules:
            percents = best_percents.get((user, module.id), [])
            person.best[module.id] = max(percents) if percents else None
            outstanding = [q for q in must_pass_of[module.id] if (user, q) not in right]
            best = person.best[module.id]
            if best is not None and best >= module.pass_mark and not outstanding:
                person.passed.add(module.id)
            if outstanding and person.completed_attempts.get(module.id):
                person.must_pass_wrong.add(module.id)
        person.entry = entries[user][0] if entries.get(user) else None
        if finals.get(user):
            passed, percent = max(finals[user], key=lambda f: (f[0], f[1] or 0))
            person.final, person.final_passed = percent, passed
    for user, (lessons, latest) in analytics.per_user(db, user_ids).items():
        facts[user].lessons = lessons
        facts[user].last_active = datetime.fromisoformat(latest) if latest else None
    _leeches(db, course, user_ids, facts)
    return facts


def _leeches(db: Database, course: Course, user_ids: list[int], facts: dict) -> None:
    """Leitner leeches still in the queue; only pairs missed 4+ times can be one."""
    candidates = analytics.repeated_misses(db, user_ids, LEECH_MISSES)
    if not candidates:
        return
    answers = analytics.scored_answers(db, sorted({u for u, _ in candidates}))
    for (user, question_id), rows in answers.groupby(["user_id", "question_id"]):
        question = course.question(question_id)
        if (user, question_id) not in candidates or question is None or question.exam:
            continue
        history = [(datetime.fromisoformat(at), bool(c))
                   for at, c in zip(rows["answered_at"], rows["correct"], strict=True)]  # fmt: skip
        card = card_for(question_id, history)
        if card is not None and card.queued and card.leech:
            facts[user].leeches += 1


def gains(facts: dict[int, PersonFacts]) -> dict[int, tuple[float | None, float | None]]:
    out = {}
    for user, person in facts.items():
        if person.entry is not None and person.final is not None:
            out[user] = gain(person.entry, person.final)
        else:
            out[user] = (None, None)
    return out
