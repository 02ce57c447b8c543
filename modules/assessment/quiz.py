"""A module quiz as pure logic: which items an attempt draws, its result, and a module's status.

Rules (documented for trainees in the app):
- An attempt draws `quiz_length` practice items (never `exam` items): every must-pass item the
  trainee has not yet answered correctly, then the items they have seen least (a must-pass item
  already answered correctly competes like any other), at most one reflection; shown in a seeded
  random order. A retake therefore draws a fresh mix wherever the bank is larger than one quiz.
- An attempt's score is the sum of its scored items' scores over their number (reflections are
  not scored), as a percentage; it passes at the module's pass mark.
- A module is passed when its best complete attempt meets the pass mark AND every must-pass item
  in its bank has been answered correctly at least once, whatever the total.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from modules.course.questions import QuestionBase


def draw_quiz(
    bank: Sequence[QuestionBase],
    length: int,
    seen: Mapping[str, int],
    rng: random.Random,
    settled: Collection[str] = frozenset(),
) -> tuple[str, ...]:
    """Item ids for a new attempt, in the order they will be shown. `settled`: must-pass items
    this trainee has already answered correctly, which need not be forced into every quiz."""
    practice = [q for q in bank if not q.exam]
    must = [q for q in practice if q.must_pass and q.id not in settled]
    rest = [q for q in practice if not (q.must_pass and q.id not in settled)]
    rng.shuffle(rest)  # ties in `seen` are broken at random, so retakes vary
    rest.sort(key=lambda q: seen.get(q.id, 0))
    chosen = list(must)
    reflections = 0
    for question in rest:
        if len(chosen) >= max(length, len(must)):
            break
        if question.type == "reflection":  # type: ignore[attr-defined]
            if reflections:
                continue
            reflections += 1
        chosen.append(question)
    ids = [q.id for q in chosen]
    rng.shuffle(ids)
    return tuple(ids)


@dataclass(frozen=True)
class ItemOutcome:
    question_id: str
    score: float | None
    correct: bool | None


@dataclass(frozen=True)
class AttemptResult:
    answered: int
    total: int
    points: float
    max_points: int
    percent: float | None  # None while no scored item is answered
    passed: bool
    must_pass_missed: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def attempt_result(
    item_ids: Sequence[str],
    outcomes: Iterable[ItemOutcome],
    questions: Mapping[str, QuestionBase],
    pass_mark: int,
) -> AttemptResult:
    by_id = {o.question_id: o for o in outcomes if o.question_id in item_ids}
    scored = [o for o in by_id.values() if o.score is not None]
    points = sum(o.score for o in scored if o.score is not None)
    max_points = len(scored)
    # rounded so that, e.g., 1/3 + 1 + 1 + 2/3 out of 4 is 75 %, not 74.99999999999999 %
    percent = round(100 * points / max_points, 9) if max_points else None
    missed = tuple(
        qid for qid, o in by_id.items()
        if qid in questions and questions[qid].must_pass and not o.correct
    )  # fmt: skip
    complete = len(by_id) >= len(item_ids)
    passed = complete and percent is not None and percent >= pass_mark and not missed
    return AttemptResult(len(by_id), len(item_ids), points, max_points, percent, passed, missed)


@dataclass(frozen=True)
class ModuleStatus:
    attempts_completed: int
    best_percent: float | None
    must_pass_outstanding: tuple[str, ...]  # must-pass items never yet answered correctly
    passed: bool


def module_status(
    bank: Sequence[QuestionBase],
    completed_results: Sequence[AttemptResult],
    outcomes: Iterable[ItemOutcome],
    pass_mark: int,
) -> ModuleStatus:
    percents = [r.percent for r in completed_results if r.percent is not None]
    best = max(percents) if percents else None
    right_once = {o.question_id for o in outcomes if o.correct}
    outstanding = tuple(q.id for q in bank if q.must_pass and not q.exam and q.id not in right_once)
    passed = best is not None and best >= pass_mark and not outstanding
    return ModuleStatus(len(completed_results), best, outstanding, passed)
