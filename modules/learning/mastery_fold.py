"""The dashboard's mastery figures from a derived table kept up to date by folding in only the
answers and case runs written since the last fold, instead of rereading every answer of a cohort
on each view (at 300,000 answers the reread alone took 0.45 s).

The rule is assessment.mastery's, kept as running sums (`Running`). The fold is exact:
- pieces are folded oldest first; a piece older than the newest already folded for its person
  and objective (a back-dated write) makes that person's rows be recomputed from their history;
- the table records a fingerprint of the course's item-to-objective and case-to-objective maps
  and of the rule's constants; when it changes (content reloaded), the table is rebuilt;
- the fold runs in one IMMEDIATE transaction, so two dashboards cannot fold the same rows twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from modules.assessment.mastery import (
    CASE_WEIGHT,
    CHOICE_SCORE,
    DECAY,
    MASTERED,
    WEAK,
    Running,
)
from modules.course import Course
from modules.tracking import Database, write_transaction
from modules.tracking import mastery_state as store

# (when, 0 for an item or 1 for a case choice, row id, step, user, objective, score, weight,
#  when as written)
Piece = tuple[datetime, int, int, int, int, str, float, float, str]


def fingerprint(course: Course) -> str:
    maps = {
        "items": sorted((q.id, q.objective) for q in course.all_questions()),
        "cases": sorted((v.id, list(v.objectives)) for v in course.vignettes),
        "rule": [DECAY, CASE_WEIGHT, sorted(CHOICE_SCORE.items())],
    }
    return hashlib.sha256(json.dumps(maps, sort_keys=True).encode()).hexdigest()


def _pieces(course: Course, answers: Iterable[tuple], runs: Iterable[tuple]) -> list[Piece]:
    objective_of = {q.id: q.objective for q in course.all_questions()}
    pieces: list[Piece] = []
    for row_id, user, question_id, score, at in answers:
        if question_id in objective_of:
            when = datetime.fromisoformat(at)
            pieces.append((when, 0, row_id, 0, user, objective_of[question_id], score, 1.0, at))
    for row_id, user, vignette_id, at, ratings in runs:
        vignette = course.vignette(vignette_id)
        if vignette is None:
            continue
        when = datetime.fromisoformat(at)
        for step, rating in enumerate(ratings):
            for objective_id in vignette.objectives:
                pieces.append((when, 1, row_id, step, user, objective_id, CHOICE_SCORE[rating],
                               CASE_WEIGHT, at))  # fmt: skip
    pieces.sort(key=lambda p: p[:4])
    return pieces


class _Table:
    """The running sums being brought up to date, with the time of each pair's newest piece."""

    def __init__(self) -> None:
        self.running: dict[tuple[int, str], Running] = {}
        self.last: dict[tuple[int, str], tuple[datetime, str]] = {}
        self.touched: set[tuple[int, str]] = set()

    def add(self, piece: Piece) -> None:
        when, _kind, _id, _step, user, objective_id, score, weight, raw = piece
        key = (user, objective_id)
        self.running[key] = self.running.get(key, _EMPTY).add(score, weight)
        self.last[key] = (when, raw)
        self.touched.add(key)

    def forget(self, users: set[int]) -> None:
        for key in [k for k in self.running if k[0] in users]:
            del self.running[key], self.last[key]
        self.touched = {k for k in self.touched if k[0] not in users}

    def rows(self) -> list[tuple]:
        return [(u, o, *self.running[(u, o)], self.running[(u, o)].level, self.last[(u, o)][1])
                for u, o in self.touched]  # fmt: skip


_EMPTY = Running()


def fold(db: Database, course: Course) -> None:
    """Bring the mastery table up to date with everything written so far."""
    mark = fingerprint(course)
    current = store.cursor(db)
    folded = (current.last_response_id, current.last_run_id) if current else None
    if current is not None and current.fingerprint == mark and folded == store.latest_ids(db):
        return  # nothing new: no write lock taken (the usual case for a dashboard rerun)
    with write_transaction(db):
        current = store.cursor(db)
        rebuild = current is None or current.fingerprint != mark
        after = (0, 0) if rebuild else (current.last_response_id, current.last_run_id)
        latest = store.latest_ids(db)
        if not rebuild and latest == after:
            return
        pieces = _pieces(course, store.scored_answers_after(db, after[0]),
                         store.run_ratings_after(db, after[1]))  # fmt: skip
        table = _Table()
        if not rebuild:
            for s in store.states_of(db, {p[4] for p in pieces}):
                key = (s.user_id, s.objective_id)
                table.running[key] = Running(s.weighted_sum, s.weight, s.evidence)
                table.last[key] = (datetime.fromisoformat(s.last_at), s.last_at)
        back_dated: set[int] = set()
        for piece in pieces:
            user, key = piece[4], (piece[4], piece[5])
            if user in back_dated:
                continue
            if key in table.last and piece[0] < table.last[key][0]:
                back_dated.add(user)
                continue
            table.add(piece)
        if back_dated:  # recompute these people from their whole history
            table.forget(back_dated)
            again = sorted(back_dated)
            for piece in _pieces(course, store.scored_answers_after(db, 0, again),
                                 store.run_ratings_after(db, 0, again)):  # fmt: skip
                table.add(piece)
        store.replace_states(db, table.rows(), back_dated, store.Cursor(mark, *latest),
                             everything=rebuild)  # fmt: skip


def mastery_levels(db: Database, course: Course, user_ids: list[int]) -> pd.DataFrame:
    """user_id, objective_id, level (None below MIN_EVIDENCE), evidence for these people."""
    fold(db, course)
    rows = store.levels_of(db, user_ids)
    return pd.DataFrame(rows, columns=["user_id", "objective_id", "level", "evidence"])


def status_counts(db: Database, course: Course, user_ids: list[int]) -> pd.DataFrame:
    """objective_id, mastered, developing, weak: how many of these people are at each status
    (those without enough evidence are not counted)."""
    fold(db, course)
    rows = store.status_counts(db, user_ids, MASTERED, WEAK)
    return pd.DataFrame(rows, columns=["objective_id", "mastered", "developing", "weak"])


def lowest(db: Database, course: Course, user_ids: list[int], limit: int) -> list[int]:
    """The `limit` people with the lowest mean mastery (folded first)."""
    fold(db, course)
    return store.lowest(db, user_ids, limit)
