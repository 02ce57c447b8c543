"""What a coordinator sees first: each trainee's progress and who needs attention, and why.

Needs-attention rules (shown on the dashboard):
- inactive: no answer, lesson or case for INACTIVE_DAYS days (or never, INACTIVE_DAYS after
  joining);
- repeated fails: REPEATED_FAILS or more finished, failed quiz attempts in a module not yet passed;
- must-pass: a safety-critical item answered wrongly and not yet answered correctly;
- behind: past the cohort's target date with modules still to pass, or, before it, fewer modules
  passed than the share of the time elapsed since the start would expect, by more than BEHIND;
- leeches: LEECHES or more review items missed again and again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd

from modules.accounts.access import require_cohort
from modules.accounts.service import SignedIn
from modules.tracking import cohort_analytics as analytics
from modules.tracking import cohorts as cohort_store

from . import mastery_fold
from .cohort_facts import cohort_facts, gains
from .service import LearningService

INACTIVE_DAYS = 10
REPEATED_FAILS = 2
BEHIND = 0.25
LEECHES = 3
HEATMAP_LIMIT = 60  # larger cohorts: the trainees with the lowest mean mastery


@dataclass(frozen=True)
class TraineeSummary:
    user_id: int
    name: str
    email: str
    joined_at: datetime
    modules_passed: int
    modules_total: int
    lessons_done: int
    lessons_total: int
    best_scores: dict[str, float | None]
    last_active: datetime | None
    leeches: int
    reasons: tuple[str, ...] = field(default=())
    passed: frozenset[str] = field(default=frozenset())
    entry: float | None = None
    final: float | None = None
    gain: float | None = None
    normalised_gain: float | None = None


def cohort_report(
    learning: LearningService, actor: SignedIn, cohort_id: int, now: datetime
) -> list[TraineeSummary]:
    cohort = require_cohort(learning.db, actor, cohort_id)
    course = learning.course
    members = cohort_store.members(learning.db, cohort_id)
    facts = cohort_facts(learning.db, course, [m.user_id for m in members])
    gained = gains(facts)
    total = len(course.modules)
    lessons_total = len(course.all_lessons())
    summaries = []
    for member in members:
        person = facts[member.user_id]
        passed = len(person.passed)
        last = person.last_active
        reasons: list[str] = []
        idle_since = last or member.joined_at
        if now - idle_since > timedelta(days=INACTIVE_DAYS):
            days = (now - idle_since).days
            reasons.append(f"inactive for {days} days" if last else f"no activity in {days} days")
        for module in course.modules:
            fails = person.fails.get(module.id, 0)
            if module.id not in person.passed and fails >= REPEATED_FAILS:
                reasons.append(f"{fails} failed quizzes in {module.title}")
            if module.id in person.must_pass_wrong:
                reasons.append(f"a safety-critical item still wrong in {module.title}")
        if cohort.target_on and total:
            if now.date() > cohort.target_on and passed < total:
                reasons.append(f"past the target date with {total - passed} modules to pass")
            elif cohort.starts_on and cohort.target_on > cohort.starts_on:
                span = (cohort.target_on - cohort.starts_on).days
                elapsed = min(max((now.date() - cohort.starts_on).days / span, 0.0), 1.0)
                if elapsed - passed / total > BEHIND:
                    reasons.append(f"behind schedule ({passed} of {total} modules passed)")
        if person.leeches >= LEECHES:
            reasons.append(f"{person.leeches} review items missed again and again")
        summaries.append(TraineeSummary(
            member.user_id, member.name, member.email, member.joined_at, passed, total,
            person.lessons, lessons_total, dict(person.best), last, person.leeches,
            tuple(reasons), frozenset(person.passed), person.entry, person.final,
            *gained.get(member.user_id, (None, None)),
        ))  # fmt: skip
    return summaries


@dataclass(frozen=True)
class CohortCharts:
    funnel: pd.DataFrame  # module, passed
    scores: pd.DataFrame  # trainee, module, best
    mastery: pd.DataFrame  # trainee, objective, module, level: at most HEATMAP_LIMIT trainees
    mastery_status: pd.DataFrame  # objective, module, status, trainees
    activity: pd.DataFrame  # day, events
    gains: pd.DataFrame  # trainee, entry, final, gain, normalised
    misconceptions: pd.DataFrame  # misconception, statement, times, lessons
    strategies: pd.DataFrame  # strategy, missed
    heatmap_people: int = 0  # how many trainees the heatmap shows ...
    cohort_size: int = 0  # ... of how many


def cohort_charts(
    learning: LearningService, actor: SignedIn, cohort_id: int, report: list[TraineeSummary]
) -> CohortCharts:
    """The dashboard's charts, from the report and one query over the cohort's answers."""
    require_cohort(learning.db, actor, cohort_id)
    course = learning.course
    titles = {m.id: m.title for m in course.modules}
    funnel = pd.DataFrame([
        {"module": f"{m.order}. {m.title}", "passed": sum(1 for t in report if m.id in t.passed)}
        for m in course.modules
    ])  # fmt: skip
    scores = pd.DataFrame([
        {"trainee": t.name, "module": titles[m], "best": best}
        for t in report for m, best in t.best_scores.items() if best is not None
    ], columns=["trainee", "module", "best"])  # fmt: skip
    objective_text = {o.id: (o.text, m.title) for m in course.modules for o in m.objectives}
    names = {t.user_id: t.name for t in report}
    people = list(names)
    shown = people
    if len(people) > HEATMAP_LIMIT:
        shown = mastery_fold.lowest(learning.db, course, people, HEATMAP_LIMIT)
    levels = mastery_fold.mastery_levels(learning.db, course, shown)
    levels["trainee"] = levels["user_id"].map(names)
    levels["objective"] = levels["objective_id"].map(lambda o: objective_text.get(o, (o, ""))[0])
    levels["module"] = levels["objective_id"].map(lambda o: objective_text.get(o, (o, ""))[1])
    levels["level"] = (100 * levels["level"].astype(float)).round()
    mastery = levels[["trainee", "objective", "module", "level"]]
    counts = mastery_fold.status_counts(learning.db, course, people)
    status_rows = [
        {"objective": objective_text.get(row.objective_id, (row.objective_id, ""))[0],
         "module": objective_text.get(row.objective_id, (row.objective_id, ""))[1],
         "status": status, "trainees": int(getattr(row, status) or 0)}
        for row in counts.itertuples(index=False) for status in ("mastered", "developing", "weak")
    ]  # fmt: skip
    gains_rows = [{
        "trainee": t.name, "entry": t.entry, "final": t.final,
        "gain": t.gain, "normalised": t.normalised_gain,
    } for t in report]  # fmt: skip
    wrong = analytics.wrong_choices(learning.db, people)
    return CohortCharts(
        funnel,
        scores,
        mastery,
        pd.DataFrame(status_rows, columns=["objective", "module", "status", "trainees"]),
        analytics.activity_by_day(learning.db, people),
        pd.DataFrame(gains_rows),
        _misconceptions(course, wrong),
        _strategies(course, wrong),
        len(shown),
        len(people),
    )


def _chosen(question, classification: str) -> list:
    """The options a single- or multiple-choice answer chose."""
    ids = set(classification.split("+"))
    return [o for o in getattr(question, "options", ()) if o.id in ids]


def _misconceptions(course, wrong: pd.DataFrame) -> pd.DataFrame:
    """The misconceptions named by the wrong options chosen, most often first (a fully right
    answer chooses no wrong option, so only wrong answers are counted)."""
    counts: dict[str, int] = {}
    for question_id, classification, times in wrong.itertuples(index=False):
        question = course.question(question_id)
        for option in _chosen(question, classification) if question else []:
            if not option.correct and option.misconception:
                counts[option.misconception] = counts.get(option.misconception, 0) + times
    rows = []
    for key, times in sorted(counts.items(), key=lambda kv: -kv[1])[:10]:
        item = course.misconceptions.get(key)
        lessons = sorted({
            les.title for q in course.all_questions()
            for o in getattr(q, "options", ()) if o.misconception == key
            for les in course.lessons_of(q.module) if q.objective in les.objectives
        })  # fmt: skip
        lesson_ids = sorted({
            les.id for q in course.all_questions()
            for o in getattr(q, "options", ()) if o.misconception == key
            for les in course.lessons_of(q.module) if q.objective in les.objectives
        })  # fmt: skip
        items = sorted({q.id for q in course.all_questions()
                        for o in getattr(q, "options", ()) if o.misconception == key})  # fmt: skip
        rows.append({"misconception": key, "statement": item.statement if item else key,
                     "times": times, "lessons": "; ".join(lessons[:3]),
                     "lesson_ids": lesson_ids[:3], "items": ", ".join(items[:4])})  # fmt: skip
    return pd.DataFrame(rows, columns=["misconception", "statement", "times", "lessons",
                                       "lesson_ids", "items"])  # fmt: skip


def _strategies(course, wrong: pd.DataFrame) -> pd.DataFrame:
    """For each wrong choice answer, the strategy of the best option: what was missed."""
    missed: dict[str, int] = {}
    for question_id, times in wrong.groupby("question_id")["times"].sum().items():
        question = course.question(question_id)
        for option in getattr(question, "options", ()) if question else ():
            if option.correct and option.tags.strategy:
                missed[option.tags.strategy] = missed.get(option.tags.strategy, 0) + int(times)
    names = {key: s.name for key, s in course.strategies.items()}
    rows = [{"strategy": names.get(k, k), "missed": v}
            for k, v in sorted(missed.items(), key=lambda kv: -kv[1])]  # fmt: skip
    return pd.DataFrame(rows, columns=["strategy", "missed"])
