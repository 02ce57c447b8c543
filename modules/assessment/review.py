"""Spaced review of missed items with Leitner boxes, as pure functions of the answer history.

Why Leitner and not SM-2: items here are scored right or wrong (no self-graded recall quality for
SM-2's ease factor), trainees answer a given item only a handful of times (SM-2's ease factors
need many reviews to settle), and a box number with a date ("box 3, next review in 4 days") is
something a trainee can read and trust.

The rule:
- An item enters box 1 the first time it is answered wrongly, and is due at once.
- Answered correctly when due, it moves up a box and is next due after that box's interval
  (boxes 2-5: 1, 3, 7 and 14 days; intervals roughly doubling, as in Leitner's scheme).
- Answered correctly before it is due (say, in a module quiz), it stays where it is: early
  recall says less about memory than recall after a gap.
- Answered wrongly at any time, it goes back to box 1, due at once; every wrong answer is a lapse.
- Answered correctly when due in the last box, it leaves the queue (learned).
- An item with LEECH_LAPSES or more lapses is a *leech*: flagged for the trainee (and later their
  coordinator), because repeating it is not working and the lesson behind it needs another look.
Nothing is stored for the queue: it is recomputed from the answers, which are kept anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

BOX_DAYS = (0, 0, 1, 3, 7, 14)  # days until due after moving into box 1..5 (index 0 unused)
LAST_BOX = len(BOX_DAYS) - 1
LEECH_LAPSES = 4


@dataclass(frozen=True)
class Card:
    question_id: str
    box: int  # 1..LAST_BOX while queued; 0 when learned (left the queue)
    due_at: datetime | None
    lapses: int  # how often it was answered wrongly

    @property
    def queued(self) -> bool:
        return self.box > 0

    @property
    def leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    def due(self, now: datetime) -> bool:
        return self.queued and self.due_at is not None and self.due_at <= now


def card_for(question_id: str, history: Sequence[tuple[datetime, bool]]) -> Card | None:
    """The item's place in the queue after these (when, correct) answers, oldest first; None if
    it was never missed."""
    box, due_at, misses = 0, None, 0
    for at, correct in history:
        if not correct:
            box, due_at, misses = 1, at, misses + 1
            continue
        if box == 0 or due_at is None or at < due_at:
            continue  # not queued, or answered before it was due
        if box == LAST_BOX:
            box, due_at = 0, None
        else:
            box += 1
            due_at = at + timedelta(days=BOX_DAYS[box])
    if misses == 0:
        return None
    return Card(question_id, box, due_at, misses)


def queue(histories: Mapping[str, Sequence[tuple[datetime, bool]]]) -> list[Card]:
    cards = (card_for(qid, history) for qid, history in histories.items())
    return [card for card in cards if card is not None]


def review_session(
    cards: Iterable[Card],
    now: datetime,
    weakness: Mapping[str, float],
    objective_of: Mapping[str, str],
    size: int,
) -> list[str]:
    """Due items for one short session, weakest objective first (then lowest box, then longest
    overdue). `weakness`: an objective's mastery level (lower is weaker; unknown counts as 0.5)."""
    due = [c for c in cards if c.due(now)]
    due.sort(key=lambda c: (weakness.get(objective_of.get(c.question_id, ""), 0.5), c.box,
                            c.due_at or now))  # fmt: skip
    return [c.question_id for c in due[:size]]
