"""A live workshop under load, through the functions the pages call: participants voting at the
same moment (each on its own connection and thread, as each phone's rerun is in the server),
phones polling the session's version every 2 s, and a projector redrawing every second."""

from __future__ import annotations

import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from modules.accounts.roles import Role
from modules.accounts.service import SignedIn
from modules.course import Course
from modules.tracking import StoreFactory
from modules.tracking import users as user_store
from modules.workshop import WorkshopService


@dataclass
class Timings:
    votes: list[float] = field(default_factory=list)
    polls: list[float] = field(default_factory=list)
    refreshes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            getattr(self, kind).append(ms)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(path: Path, course: Course, participants: int = 60, rounds: int = 5,
        seconds_between: float = 1.0) -> dict:  # fmt: skip
    """`rounds` moments at which every participant votes at once (a changed vote from the second
    round on), with pollers and a projector running throughout. Returns the figures."""
    factory = StoreFactory(path)
    now = datetime.now(UTC)
    with factory.connection() as db:
        leader_id = user_store.insert_user(db, email="bench.leader@example.org", name="Leader",
                                           role="leader", password_hash="x", now=now)  # fmt: skip
        leader = SignedIn(leader_id, "Leader", "bench.leader@example.org", Role.LEADER, 0)
        service = WorkshopService(db, course)
        vignette = course.vignettes[0]
        sid = service.start(leader, "case", vignette.id, now)
        session = service.session(sid)
        view = service.view(session, now)
        people = [service.join(session.code, f"P{n}", now) for n in range(participants)]
    options = [o.id for o in view.step.options]
    timings = Timings()
    last_vote: dict[int, str] = {}
    start_line = threading.Barrier(participants)
    stop = threading.Event()

    def voter(n: int) -> None:
        rng = random.Random(n)
        with factory.connection() as db:
            mine = WorkshopService(db, course)
            for _ in range(rounds):
                start_line.wait()
                choice = rng.choice(options)
                begun = time.perf_counter()
                try:
                    mine.vote(people[n], view.key, choice, datetime.now(UTC))
                except Exception as error:
                    with timings.lock:
                        timings.errors.append(f"{type(error).__name__}: {error}")
                else:
                    timings.add("votes", (time.perf_counter() - begun) * 1000)
                    last_vote[n] = choice
                time.sleep(seconds_between)

    def poller(n: int) -> None:
        pause = threading.Event()
        pause.wait(random.Random(1000 + n).uniform(0, 2))  # phones do not poll in step
        with factory.connection() as db:
            mine = WorkshopService(db, course)
            while not stop.is_set():
                begun = time.perf_counter()
                mine.poll(sid)
                timings.add("polls", (time.perf_counter() - begun) * 1000)
                stop.wait(2.0)

    def projector() -> None:
        with factory.connection() as db:
            mine = WorkshopService(db, course)
            while not stop.is_set():
                begun = time.perf_counter()
                current = mine.session(sid)
                shown = mine.view(current, datetime.now(UTC))
                mine.tally(current, shown.key)
                timings.add("refreshes", (time.perf_counter() - begun) * 1000)
                stop.wait(1.0)

    background = [threading.Thread(target=poller, args=(n,)) for n in range(participants)]
    background.append(threading.Thread(target=projector))
    voters = [threading.Thread(target=voter, args=(n,)) for n in range(participants)]
    for thread in background + voters:
        thread.start()
    for thread in voters:
        thread.join()
    stop.set()
    for thread in background:
        thread.join()
    with factory.connection() as db:
        service = WorkshopService(db, course)
        counted = service.tally(service.session(sid), view.key)
        rows = db.execute("SELECT count(*) FROM workshop_votes WHERE session_id = ?",
                          [sid]).fetchone()[0]  # fmt: skip
    expected: dict[str, int] = {}
    for choice in last_vote.values():
        expected[choice] = expected.get(choice, 0) + 1
    return {
        "participants": participants,
        "votes_cast": len(timings.votes),
        "errors": timings.errors,
        "counted_as_expected": counted == expected and rows == len(last_vote) == participants,
        "vote_median_ms": statistics.median(timings.votes) if timings.votes else float("nan"),
        "vote_p95_ms": percentile(timings.votes, 0.95) if timings.votes else float("nan"),
        "poll_median_ms": statistics.median(timings.polls),
        "poll_p95_ms": percentile(timings.polls, 0.95),
        "polls": len(timings.polls),
        "refresh_median_ms": statistics.median(timings.refreshes),
        "refresh_p95_ms": percentile(timings.refreshes, 0.95),
        "refreshes": len(timings.refreshes),
    }


def run_in_fresh_process(path: str, participants: int, rounds: int) -> dict:
    """`run` on this repository's course, for a process started for it alone."""
    from modules.course import load_course

    root = Path(__file__).resolve().parent.parent
    return run(Path(path), load_course(root).course, participants=participants, rounds=rounds)
