"""After a workshop: how the room split at each step, where it departed most from the best
answer, and the discussion questions met on the way, as a table and as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from modules.accounts.service import SignedIn
from modules.tracking import workshops as store

from .service import WorkshopService, step_key


@dataclass(frozen=True)
class OptionCount:
    letter: str
    option_id: str
    text: str
    verdict: str
    best: bool
    phones: int
    hands: int

    @property
    def total(self) -> int:
        return self.phones + self.hands


@dataclass(frozen=True)
class StepSummary:
    number: int
    key: str
    kind: str
    text: str
    options: tuple[OptionCount, ...]
    followed: str | None  # the letter the room's path took from here (cases)
    discussion: tuple[str, ...]

    @property
    def answers(self) -> int:
        return sum(o.total for o in self.options)

    @property
    def best_share(self) -> float | None:
        """The share of answers that chose a best option (None with no answers)."""
        if not self.answers:
            return None
        return sum(o.total for o in self.options if o.best) / self.answers


def summarise(service: WorkshopService, leader: SignedIn, session_id: int) -> list[StepSummary]:
    session = service.led(leader, session_id)
    phones: dict[str, dict[str, int]] = {}
    for key, _participant, choice in store.votes_of(service.db, session.id):
        for part in choice.split("+"):
            phones.setdefault(key, {})[part] = phones.setdefault(key, {}).get(part, 0) + 1
    hands = store.hands_of(service.db, session.id)
    followed_ids = store.followed_all(service.db, session.id)
    out = []
    for position in range(len(session.path)):
        key = step_key(session, position)
        step = service.step_of(session, key)
        onward = position + 1 < len(session.path)
        followed = next((o.letter for o in step.options
                         if onward and o.id == followed_ids.get(key)), None)  # fmt: skip
        out.append(StepSummary(
            position + 1, key, step.kind, step.body,
            tuple(OptionCount(o.letter, o.id, o.text, o.verdict, o.best,
                              phones.get(key, {}).get(o.id, 0), hands.get(key, {}).get(o.id, 0))
                  for o in step.options),
            followed if session.kind == "case" else None, step.discussion,
        ))  # fmt: skip
    return out


def departures(steps: list[StepSummary]) -> list[StepSummary]:
    """Steps with answers, the room's largest departure from the best answer first."""
    answered = [s for s in steps if s.best_share is not None]
    return sorted(answered, key=lambda s: (s.best_share, s.number))


def to_csv(steps: list[StepSummary]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["step", "shows", "option", "option_id", "verdict", "best", "phone_votes",
                     "hands", "total", "share", "room_followed"])  # fmt: skip
    for step in steps:
        for option in step.options:
            share = round(option.total / step.answers, 3) if step.answers else ""
            writer.writerow([
                step.number, step.key.split(":", 1)[1], option.letter, option.option_id,
                option.verdict, int(option.best), option.phones, option.hands, option.total,
                share, int(step.followed == option.letter) if step.followed else "",
            ])  # fmt: skip
    return out.getvalue()
