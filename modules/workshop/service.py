"""Live workshop sessions: a leader starts one on a case or on quiz items, steps through it,
reveals and locks; people in the room join with a code and vote from their phones.

Rules (each checked here, whatever page calls):
- A session lives SESSION_HOURS after it starts, or until its leader ends it; after that its code
  joins no one and its votes are refused. Only the leader who started it (or an admin) controls
  it.
- Join codes are six characters from an alphabet without look-alikes (0/O, 1/I/L), drawn with
  `secrets`: about a billion codes, so guessing a live one is hopeless, and a code that names no
  live session gets the same answer whether it never existed, ended or expired.
- A participant is a display name and a random token kept in their page's address, so a phone
  that sleeps or reloads is still the same person; the database keeps only the token's hash.
- One vote per participant and step; voting again replaces the earlier vote. Votes are taken only
  for the step on screen and not once the leader locks it (checked inside the vote's own write
  transaction).
- A signed-in trainee may answer as themself: their votes on quiz items become answers in their
  record (an attempt of kind "workshop") when the leader reveals the step, and their case choices
  a case run marked as given in a workshop when the session ends.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from modules.accounts.roles import PermissionDenied, Role
from modules.accounts.service import SignedIn
from modules.assessment import scorer_for
from modules.assessment import vignette_run as engine
from modules.course import Course
from modules.course.vignettes import RATING_POINTS
from modules.tracking import Database, StoreWriteError
from modules.tracking import progress as progress_store
from modules.tracking import vignette_runs as run_store
from modules.tracking import workshops as store
from modules.tracking.progress import AlreadyAnswered, NewAttempt, ResponseRecord
from modules.tracking.vignette_runs import RunRecord

from .steps import Step, case_step, item_step, presentable_items

SESSION_HOURS = 12
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
NAME_MAX = 40
LEADS = frozenset({Role.LEADER, Role.COORDINATOR, Role.ADMIN})


class WorkshopError(Exception):
    """Something a person asked of a workshop cannot be done; the message says why."""


@dataclass(frozen=True)
class Participant:
    id: int
    session_id: int
    display_name: str
    user_id: int | None
    token: str  # kept only in the participant's page address


@dataclass(frozen=True)
class View:
    """A session as a page shows it."""

    session: store.SessionRow
    key: str  # the step's key: votes, flags and counts belong to it
    step: Step
    flags: store.StepFlags
    number: int  # 1-based position of the step in the path
    live: bool
    can_back: bool


def step_key(session: store.SessionRow, position: int | None = None) -> str:
    """Votes, flags and counts belong to a step: its place on the path and what it shows (a
    case may come back to the same point, which is then a new step)."""
    position = session.position if position is None else position
    return f"{position + 1}:{session.path[position]}"


def shown_id(key: str) -> str:
    """The node or question id a step key shows."""
    return key.split(":", 1)[1]


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class WorkshopService:
    def __init__(self, db: Database, course: Course) -> None:
        self.db = db
        self.course = course

    # -- leading -------------------------------------------------------------------------------

    def start(self, leader: SignedIn, kind: str, subject: str | list[str], now: datetime) -> int:
        if leader.role not in LEADS:
            raise PermissionDenied("Only seminar leaders, coordinators and admins run workshops.")
        if kind == "case":
            vignette = self.course.vignette(str(subject))
            if vignette is None:
                raise WorkshopError(f"There is no case '{subject}' in the course.")
            title, first, stored = vignette.title, vignette.start, str(subject)
        elif kind == "items":
            ids = list(subject) if not isinstance(subject, str) else [subject]
            allowed = {q.id for q in presentable_items(self.course)}
            missing = [q for q in ids if q not in allowed]
            if not ids or missing:
                raise WorkshopError(
                    "Choose one or more practice items"
                    + (f" ({', '.join(missing)} cannot be presented)." if missing else ".")
                )
            first, stored = ids[0], json.dumps(ids)
            title = f"{len(ids)} quiz item{'s' if len(ids) > 1 else ''}"
        else:
            raise WorkshopError(f"Unknown workshop kind '{kind}'.")
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                expires = now + timedelta(hours=SESSION_HOURS)
                return store.insert_session(self.db, code, leader.user_id, kind, stored, title,
                                            first, now, expires)  # fmt: skip
            except store.CodeTaken:
                continue
        raise WorkshopError("No free join code could be drawn; try again.")

    def sessions(self, leader: SignedIn) -> list[store.SessionRow]:
        if leader.role not in LEADS:
            raise PermissionDenied("Only seminar leaders, coordinators and admins run workshops.")
        return store.sessions_of(self.db, None if leader.role is Role.ADMIN else leader.user_id)

    def session(self, session_id: int) -> store.SessionRow | None:
        return store.session_by_id(self.db, session_id)

    def led(self, leader: SignedIn, session_id: int) -> store.SessionRow:
        """The session, if this person may control it."""
        session = store.session_by_id(self.db, session_id)
        if session is None:
            raise WorkshopError("That workshop does not exist.")
        if session.leader_id != leader.user_id and leader.role is not Role.ADMIN:
            raise PermissionDenied("Only the leader who started this workshop can run it.")
        return session

    def _live(self, session: store.SessionRow, now: datetime) -> bool:
        return session.status == "live" and now < session.expires_at

    def _require_live(self, session: store.SessionRow, now: datetime) -> None:
        if not self._live(session, now):
            raise WorkshopError("This workshop has ended.")

    def step_of(self, session: store.SessionRow, key: str) -> Step:
        """The step a key (or a bare node or question id) shows."""
        key = shown_id(key) if ":" in key else key
        if session.kind == "case":
            vignette = self.course.vignette(session.subject)
            if vignette is None:
                raise WorkshopError("This workshop's case is no longer in the course.")
            return case_step(vignette, key, session.code)
        return item_step(self.course, key, session.code)

    def items_of(self, session: store.SessionRow) -> list[str]:
        return json.loads(session.subject) if session.kind == "items" else []

    def view(self, session: store.SessionRow, now: datetime) -> View:
        key = step_key(session)
        flags = store.flags_of_step(self.db, session.id, key)
        return View(session, key, self.step_of(session, key), flags, session.position + 1,
                    self._live(session, now), session.position > 0)  # fmt: skip

    AHEAD = "ahead"  # the target that goes forward along the path already taken

    def next_options(self, view: View) -> list[tuple[str, str]]:
        """Where the leader can go from here: (target, label); a target is AHEAD, a case
        choice's id (follow it) or the next item's id."""
        session, step = view.session, view.step
        options: list[tuple[str, str]] = []
        followed = store.followed_of(self.db, session.id, view.key)
        if session.position + 1 < len(session.path):
            letter = next((o.letter for o in step.options if o.id == followed), None)
            options.append((self.AHEAD, f"Next (the room's path: {letter})" if letter else "Next"))
        if session.kind == "case":
            options += [(o.id, f"Follow {o.letter}") for o in step.options
                        if o.next and not (options and o.id == followed)]  # fmt: skip
            return options
        items = self.items_of(session)
        if not options and session.position + 1 < len(items):
            options.append((items[session.position + 1], "Next item"))
        return options

    def go(self, leader: SignedIn, session_id: int, target: str, now: datetime) -> None:
        session = self.led(leader, session_id)
        self._require_live(session, now)
        view = self.view(session, now)
        if target not in {t for t, _ in self.next_options(view)}:
            raise WorkshopError("That step does not follow from here.")
        if target == self.AHEAD:
            store.move(self.db, session.id, session.path, session.position + 1)
            return
        choice = view.step.option(target) if session.kind == "case" else None
        following = choice.next if choice is not None else target
        path = (*session.path[: session.position + 1], following)
        store.move(self.db, session.id, path, session.position + 1,
                   followed=(view.key, choice.id) if choice is not None else None)  # fmt: skip

    def back(self, leader: SignedIn, session_id: int, now: datetime) -> None:
        session = self.led(leader, session_id)
        self._require_live(session, now)
        if session.position == 0:
            raise WorkshopError("This is the first step.")
        store.move(self.db, session.id, session.path, session.position - 1)

    def forward(self, leader: SignedIn, session_id: int, now: datetime) -> None:
        """The clicker's Next: along the path already taken, else where most of the room voted
        (ties to the best option), else the best option; at the last step, nothing."""
        session = self.led(leader, session_id)
        view = self.view(session, now)
        options = self.next_options(view)
        if not options:
            return
        if options[0][0] == self.AHEAD or session.kind == "items":
            self.go(leader, session_id, options[0][0], now)
            return
        counts = self.tally(session, view.key)
        ranked = sorted(view.step.options, key=lambda o: (-counts.get(o.id, 0), not o.best))
        self.go(leader, session_id, ranked[0].id, now)

    def set_flag(self, leader: SignedIn, session_id: int, flag: str, on: bool,
                 now: datetime) -> None:  # fmt: skip
        session = self.led(leader, session_id)
        self._require_live(session, now)
        key = step_key(session)
        store.set_flag(self.db, session.id, key, flag, on)
        if flag == "revealed" and on and session.kind == "items":
            self._record_item_answers(session, key, now)

    def set_hands(self, leader: SignedIn, session_id: int, counts: dict[str, int],
                  now: datetime) -> None:  # fmt: skip
        session = self.led(leader, session_id)
        self._require_live(session, now)
        key = step_key(session)
        known = {o.id for o in self.step_of(session, key).options}
        bad = [c for c, n in counts.items() if c not in known or not isinstance(n, int) or n < 0]
        if bad:
            raise WorkshopError("Counts must be whole numbers of 0 or more, one per option.")
        store.set_hands(self.db, session.id, key, counts)

    def end(self, leader: SignedIn, session_id: int, now: datetime) -> None:
        session = self.led(leader, session_id)
        if session.status != "live":
            return
        store.end(self.db, session.id, now)
        if session.kind == "case":
            self._record_case_runs(session, now)

    # -- the room --------------------------------------------------------------------------------

    def find(self, code: str, now: datetime) -> store.SessionRow:
        session = store.session_by_code(self.db, normalise_code(code))
        if session is None or not self._live(session, now):
            raise WorkshopError(
                f"No live workshop has the code {normalise_code(code) or '(empty)'}. Check the "
                "code on the screen; a workshop's code stops working when it ends."
            )
        return session

    def join(self, code: str, display_name: str, now: datetime,
             as_person: SignedIn | None = None) -> Participant:  # fmt: skip
        session = self.find(code, now)
        name = " ".join(display_name.split())
        if not name:
            raise WorkshopError("Enter a name to show the leader (a first name is enough).")
        if len(name) > NAME_MAX:
            raise WorkshopError(f"Keep the name to {NAME_MAX} characters or fewer.")
        user_id = None
        if as_person is not None:
            if as_person.role is not Role.TRAINEE:
                raise WorkshopError("Only trainees' answers go into a course record.")
            user_id = as_person.user_id
        token = secrets.token_urlsafe(24)
        participant_id = store.insert_participant(self.db, session.id, token_hash(token), name,
                                                  user_id, now)  # fmt: skip
        return Participant(participant_id, session.id, name, user_id, token)

    def participant(self, token: str) -> Participant | None:
        row = store.participant_by_token(self.db, token_hash(token)) if token else None
        if row is None:
            return None
        return Participant(row.id, row.session_id, row.display_name, row.user_id, token)

    def vote(self, participant: Participant, key: str, choice: str | list[str],
             now: datetime) -> None:  # fmt: skip
        """`key`: the step the participant's screen shows (the vote is refused if the leader has
        moved on since)."""
        session = store.session_by_id(self.db, participant.session_id)
        if session is None:
            raise WorkshopError("This workshop no longer exists.")
        if ":" not in key or shown_id(key) not in session.path:
            raise WorkshopError("That step is not part of this workshop.")
        step = self.step_of(session, key)
        chosen = [choice] if isinstance(choice, str) else list(choice)
        if not step.votable:
            raise WorkshopError("This step is for discussion; there is nothing to vote on.")
        if not chosen or any(step.option(c) is None for c in chosen):
            raise WorkshopError("Choose one of the options shown.")
        if len(chosen) > 1 and not step.multiple:
            raise WorkshopError("Choose one option.")
        stored = "+".join(sorted(set(chosen)))

        def allowed(current: store.SessionRow, flags: store.StepFlags) -> None:
            if not self._live(current, now):
                raise WorkshopError("This workshop has ended; votes are closed.")
            if step_key(current) != key:
                raise WorkshopError("The leader has moved on; your screen will follow.")
            if flags.locked:
                raise WorkshopError("Voting on this step is closed.")

        store.cast_vote(self.db, session.id, participant.id, key, stored, now, allowed)

    def my_vote(self, participant: Participant, key: str) -> list[str]:
        found = store.vote_of(self.db, participant.session_id, key, participant.id)
        return found.split("+") if found else []

    def poll(self, session_id: int) -> tuple[int, str, str] | None:
        return store.version_of(self.db, session_id)

    # -- counting ----------------------------------------------------------------------------------

    def tally(self, session: store.SessionRow, key: str) -> dict[str, int]:
        """Phone votes plus typed show-of-hands counts, per option."""
        counts = store.tally(self.db, session.id, key)
        for choice, n in store.hands_of(self.db, session.id).get(key, {}).items():
            counts[choice] = counts.get(choice, 0) + n
        return counts

    def voters(self, session: store.SessionRow, key: str) -> int:
        return store.voters(self.db, session.id, key)

    def participants(self, leader: SignedIn, session_id: int) -> list[store.ParticipantRow]:
        return store.participants_of(self.db, self.led(leader, session_id).id)

    # -- the record of signed-in trainees ----------------------------------------------------------

    def _record_item_answers(self, session: store.SessionRow, key: str, now: datetime) -> None:
        question = self.course.question(shown_id(key))
        if question is None:
            return
        people = {p.id: p for p in store.participants_of(self.db, session.id) if p.user_id}
        if not people:
            return
        scorer = scorer_for(question.type)  # type: ignore[attr-defined]
        module_items = tuple(q for q in self.items_of(session)
                             if (found := self.course.question(q)) is not None
                             and found.module == question.module)  # type: ignore[attr-defined]  # fmt: skip
        for voted_key, participant_id, choice in store.votes_of(self.db, session.id):
            person = people.get(participant_id)
            if voted_key != key or person is None:
                continue
            answer = choice if question.type == "single" else choice.split("+")  # type: ignore[attr-defined]
            score = scorer.score(question, answer)
            record = ResponseRecord(
                question.id, module_items.index(question.id), question.content_hash, (),
                answer, score, scorer.is_correct(question, answer),
                scorer.classify(question, answer), None, None,
            )  # fmt: skip
            attempt = NewAttempt(person.user_id, question.module, "workshop",  # type: ignore[attr-defined]
                                 f"workshop-{session.id}", module_items)  # fmt: skip
            try:
                progress_store.save_response(self.db, attempt, record, now)
            except AlreadyAnswered:
                pass  # revealed twice: the first revealed vote is the one kept
            except StoreWriteError:
                pass  # the room's tally stands; one person's record can be written again

    def _record_case_runs(self, session: store.SessionRow, now: datetime) -> None:
        vignette = self.course.vignette(session.subject)
        people = {p.id: p for p in store.participants_of(self.db, session.id) if p.user_id}
        if vignette is None or not people:
            return
        chosen: dict[int, dict[str, str]] = {}
        for voted_key, participant_id, choice in store.votes_of(self.db, session.id):
            if participant_id in people:
                chosen.setdefault(participant_id, {})[voted_key] = choice
        for participant_id, votes in chosen.items():
            steps = []
            for position, node_id in enumerate(session.path):
                key = step_key(session, position)
                if key not in votes:
                    continue
                node = vignette.node(node_id)
                choice = next((c for c in node.choices if c.id == votes[key]), None)
                if choice is None:
                    continue
                error, _ = engine.hierarchy_error(node, choice)
                steps.append({"node": node.id, "choice": choice.id, "rating": choice.rating,
                              "pole": choice.pole, "hierarchy_error": error, "counters": {},
                              "seconds": None, "confidence": None})  # fmt: skip
            if not steps:
                continue
            points = sum(RATING_POINTS[s["rating"]] - int(s["hierarchy_error"])
                         for s in steps)  # fmt: skip
            poles = [s["pole"] for s in steps]
            run_store.save_run(self.db, RunRecord(
                user_id=people[participant_id].user_id, vignette_id=vignette.id,
                run_key=f"workshop-{session.id}", content_hash=vignette.content_hash,
                started_at=session.created_at, finished_at=now, steps=steps, counters={},
                ending=None, points=points, max_points=2 * len(steps),
                score=max(0.0, points / (2 * len(steps))), hierarchy_errors=sum(
                    s["hierarchy_error"] for s in steps),
                acceptance_share=poles.count("acceptance") / len(poles), source="workshop",
            ))  # fmt: skip
