"""Mastery per learning objective, from every scored answer, recent answers weighted more.

The rule (shown to trainees on "My progress"):
- Evidence for an objective is every scored answer to an item that assesses it (quiz, review and
  exam answers, scored 0-1) and every choice made in a case vignette that serves it (optimal 1,
  acceptable 0.5, problematic 0; a vignette's choices count for each objective it lists, at half
  the weight of an item, because they are not written for one objective alone).
- Mastery is the exponentially weighted mean of that evidence in time order: the newest piece
  weighs 1, the one before DECAY, then DECAY², and so on. With DECAY = 0.8 the last three answers
  carry about half the weight, so recovery after early mistakes shows quickly, while one slip
  after a run of right answers does not erase the picture.
- Below MIN_EVIDENCE pieces the objective shows "not enough evidence yet" instead of a figure.
- An objective is *mastered* at MASTERED or above and *weak* below WEAK.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

DECAY = 0.8
MIN_EVIDENCE = 3
MASTERED = 0.8
WEAK = 0.6
CASE_WEIGHT = 0.5
CHOICE_SCORE = {"optimal": 1.0, "acceptable": 0.5, "problematic": 0.0}


@dataclass(frozen=True)
class Evidence:
    objective_id: str
    at: datetime
    score: float  # 0..1
    weight: float = 1.0  # 1 for an item, CASE_WEIGHT for a vignette choice


@dataclass(frozen=True)
class Mastery:
    objective_id: str
    level: float | None  # None: not enough evidence yet
    evidence: int

    @property
    def status(self) -> str:
        if self.level is None:
            return "not enough evidence yet"
        if self.level >= MASTERED:
            return "mastered"
        return "weak" if self.level < WEAK else "developing"


def item_evidence(
    answers: Iterable[tuple[str, datetime, float | None]], objective_of: Mapping[str, str]
) -> list[Evidence]:
    """(question id, when, score) answers as evidence; unscored answers (reflections) skipped."""
    return [
        Evidence(objective_of[qid], at, score)
        for qid, at, score in answers
        if score is not None and qid in objective_of
    ]


def case_evidence(
    choices: Iterable[tuple[Sequence[str], datetime, str]],
) -> list[Evidence]:
    """(the vignette's objectives, when, rating) choices as half-weight evidence."""
    return [
        Evidence(objective_id, at, CHOICE_SCORE[rating], CASE_WEIGHT)
        for objectives, at, rating in choices
        for objective_id in objectives
    ]


def mastery(objective_ids: Iterable[str], evidence: Iterable[Evidence]) -> list[Mastery]:
    by_objective: dict[str, list[Evidence]] = {}
    for piece in evidence:
        by_objective.setdefault(piece.objective_id, []).append(piece)
    result = []
    for objective_id in objective_ids:
        pieces = sorted(by_objective.get(objective_id, []), key=lambda e: e.at)
        if len(pieces) < MIN_EVIDENCE:
            result.append(Mastery(objective_id, None, len(pieces)))
            continue
        total = weights = 0.0
        for age, piece in enumerate(reversed(pieces)):
            weight = piece.weight * DECAY**age
            total += weight * piece.score
            weights += weight
        result.append(Mastery(objective_id, total / weights, len(pieces)))
    return result


class Running(NamedTuple):
    """The same rule kept as running sums, one piece of evidence at a time (oldest first):
    each new piece weighs its own weight and everything before it is multiplied by DECAY, so
    the level equals `mastery`'s over the same pieces in the same order."""

    weighted_sum: float = 0.0
    weight: float = 0.0
    evidence: int = 0

    def add(self, score: float, weight: float = 1.0) -> Running:
        return Running(
            DECAY * self.weighted_sum + weight * score,
            DECAY * self.weight + weight,
            self.evidence + 1,
        )

    @property
    def level(self) -> float | None:
        if self.evidence < MIN_EVIDENCE or not self.weight:
            return None
        return self.weighted_sum / self.weight
