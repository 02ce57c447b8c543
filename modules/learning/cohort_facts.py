"""What the dashboard needs about every member of a cohort, from a few queries for the whole
cohort instead of a person at a time; the same rules as the per-person services use."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from modules.assessment.exams import FINAL_PASS_MARK, gain
from modules.assessment.mastery import CASE_WEIGHT, CHOICE_SCORE, DECAY, MIN_EVIDENCE
from modules.assessment.review import card_for
from modules.course import Course
from modules.tracking import Database, vignette_runs
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


def _result(known: set[str], item_ids: str, answered: int, points: float | None, scored: int,
            missed: int, pass_mark: int) -> tuple[bool, float | None, bool]:  # fmt: skip
    """(complete, percent, passed) of one attempt, as assessment.quiz.attempt_result has it
    (`known`: the ids of the questions the course still has)."""
    total = sum(1 for q in json.loads(item_ids) if q in known)
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
         ) in analytics.attempt_totals(db, user_ids, must_pass):  # fmt: skip
        module = course.module(module_id)
        if kind == "practice" and module is not None:
            complete, percent, passed = _result(known, items, answered, points, scored, missed,
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
            complete, percent, passed = _result(known, items, answered, points, scored, missed,
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


def mastery_levels(db: Database, course: Course, user_ids: list[int]) -> pd.DataFrame:
    """user_id, objective_id, level (None below MIN_EVIDENCE), evidence: the rule of
    assessment.mastery, vectorised over the whole cohort."""
    objective_of = {q.id: q.objective for q in course.all_questions()}
    answers = analytics.scored_answers(db, user_ids)
    items = pd.DataFrame({
        "user_id": answers["user_id"], "objective_id": answers["question_id"].map(objective_of),
        "at": pd.to_datetime(answers["answered_at"], format="ISO8601"),
        "score": answers["score"].astype(float), "weight": 1.0,
    }).dropna(subset=["objective_id"])  # fmt: skip
    case_rows = []
    for run in vignette_runs.runs_of_many(db, user_ids):
        vignette = course.vignette(run.vignette_id)
        if vignette is None:
            continue
        for step in run.steps:
            for objective_id in vignette.objectives:
                case_rows.append((run.user_id, objective_id, run.finished_at,
                                  CHOICE_SCORE[step["rating"]], CASE_WEIGHT))  # fmt: skip
    cases = pd.DataFrame(case_rows, columns=["user_id", "objective_id", "at", "score", "weight"])
    if not cases.empty:
        cases["at"] = pd.to_datetime(cases["at"], utc=True)
    evidence = pd.concat([items, cases], ignore_index=True) if case_rows else items
    if evidence.empty:
        return pd.DataFrame(columns=["user_id", "objective_id", "level", "evidence"])
    evidence = evidence.sort_values(["user_id", "objective_id", "at"], kind="stable")
    groups = evidence.groupby(["user_id", "objective_id"], sort=False)
    evidence["age"] = groups.cumcount(ascending=False)
    evidence["w"] = evidence["weight"] * DECAY ** evidence["age"]
    evidence["ws"] = evidence["w"] * evidence["score"]
    summary = evidence.groupby(["user_id", "objective_id"]).agg(
        ws=("ws", "sum"), w=("w", "sum"), evidence=("score", "size")
    ).reset_index()  # fmt: skip
    summary["level"] = (summary["ws"] / summary["w"]).where(summary["evidence"] >= MIN_EVIDENCE)
    return summary[["user_id", "objective_id", "level", "evidence"]]
