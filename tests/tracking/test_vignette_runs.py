"""Finished vignette runs kept through CaseService on a real SQLite file: one row, once, owned."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from modules.accounts import AccountsService, SignedIn
from modules.accounts.roles import PermissionDenied
from modules.course import Course, load_course
from modules.learning.cases import CasePlay, CaseService
from modules.tracking import Database, StoreFactory

COURSE_OK = Path(__file__).resolve().parents[1] / "fixtures" / "course_ok"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "amber lantern orbit meadow"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
END = START + timedelta(minutes=7)

# arrival a, card b (quality-of-life over life-threatening: a hierarchy error), sister a, chain b
PATH = [("a", 11.0, 3), ("b", 4.5, 1), ("a", 20.25, 2), ("b", None, None)]


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(COURSE_OK)
    assert result.ok, result.problems
    return result.course


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return StoreFactory(tmp_path / "t.db").open()


@pytest.fixture
def accounts(db: Database) -> AccountsService:
    return AccountsService(db, hasher=FAST_HASHER)


def signed_in(accounts: AccountsService, email: str) -> SignedIn:
    person = accounts.resume(accounts.sign_in(email, PASSWORD, START), START)
    assert person is not None
    return person


@pytest.fixture
def admin(accounts: AccountsService) -> SignedIn:
    accounts.create_first_admin("Ada Admin", "ada@example.org", PASSWORD, START)
    return signed_in(accounts, "ada@example.org")


@pytest.fixture
def robin(accounts: AccountsService, admin: SignedIn) -> SignedIn:
    accounts.register_trainee("Robin Trainee", "robin@example.org", PASSWORD, START)
    return signed_in(accounts, "robin@example.org")


@pytest.fixture
def sasha(accounts: AccountsService, admin: SignedIn) -> SignedIn:
    accounts.register_trainee("Sasha Trainee", "sasha@example.org", PASSWORD, START)
    return signed_in(accounts, "sasha@example.org")


@pytest.fixture
def cases(db: Database, course: Course) -> CaseService:
    return CaseService(db, course)


def played(cases: CaseService, path=PATH, seed: str = "seed-1") -> CasePlay:
    play = cases.begin("late-again", START, seed=seed)
    for choice_id, seconds, confidence in path:
        play = cases.choose(play, choice_id, seconds=seconds, confidence=confidence)
    return play


def row_count(db: Database) -> int:
    return db.execute("SELECT COUNT(*) FROM vignette_runs").fetchone()[0]


def test_a_finished_run_is_one_row_with_every_step(
    cases: CaseService, robin: SignedIn, db: Database, course: Course
) -> None:
    play = cases.finish(robin, played(cases), END)
    assert play.saved_run_id is not None
    assert row_count(db) == 1
    [run] = cases.runs(robin)
    assert run.id == play.saved_run_id
    assert run.user_id == robin.user_id
    assert run.vignette_id == "late-again"
    assert run.content_hash == course.vignette("late-again").content_hash
    assert len(run.content_hash) == 16
    assert (run.started_at, run.finished_at) == (START, END)
    assert run.steps == [
        {"node": "arrival", "choice": "a", "rating": "optimal", "pole": "acceptance",
         "hierarchy_error": False, "counters": {"alliance": 1, "risk": 1},
         "seconds": 11.0, "confidence": 3},
        {"node": "card", "choice": "b", "rating": "problematic", "pole": "acceptance",
         "hierarchy_error": True, "counters": {"alliance": 1, "risk": 1},
         "seconds": 4.5, "confidence": 1},
        {"node": "sister", "choice": "a", "rating": "optimal", "pole": "change",
         "hierarchy_error": False, "counters": {"alliance": 1, "risk": 1},
         "seconds": 20.25, "confidence": 2},
        {"node": "chain", "choice": "b", "rating": "acceptable", "pole": "change",
         "hierarchy_error": False, "counters": {"alliance": 1, "risk": 1},
         "seconds": None, "confidence": None},
    ]  # fmt: skip
    assert run.counters == {"alliance": 1, "risk": 1}
    assert run.ending == "end"
    # 2 + (0 - 1) + 2 + 1 = 4 of 8
    assert (run.points, run.max_points, run.score) == (4, 8, 0.5)
    assert run.hierarchy_errors == 1
    assert run.acceptance_share == 0.5


def test_the_row_on_disk_holds_json_steps_and_the_content_hash(
    cases: CaseService, robin: SignedIn, db: Database, course: Course
) -> None:
    cases.finish(robin, played(cases), END)
    row = db.execute(
        "SELECT user_id, vignette_id, content_hash, steps, score FROM vignette_runs"
    ).fetchone()
    assert row[:3] == (robin.user_id, "late-again", course.vignette("late-again").content_hash)
    steps = json.loads(row[3])
    assert [(s["node"], s["choice"]) for s in steps] == [
        ("arrival", "a"), ("card", "b"), ("sister", "a"), ("chain", "b"),
    ]  # fmt: skip
    assert row[4] == 0.5


def test_the_optimal_path_is_saved_with_full_marks(cases: CaseService, robin: SignedIn) -> None:
    path = [("a", 1.0, 3), ("a", 1.0, 3), ("a", 1.0, 3), ("a", 1.0, 3)]
    cases.finish(robin, played(cases, path), END)
    [run] = cases.runs(robin)
    assert (run.points, run.max_points, run.score, run.hierarchy_errors) == (8, 8, 1.0, 0)
    assert run.counters == {"alliance": 2, "risk": 0}
    assert [s["node"] for s in run.steps] == ["arrival", "card", "chain", "solution"]


def test_finishing_twice_saves_once(cases: CaseService, robin: SignedIn, db: Database) -> None:
    once = cases.finish(robin, played(cases), END)
    twice = cases.finish(robin, once, END + timedelta(minutes=1))
    assert twice.saved_run_id == once.saved_run_id
    assert row_count(db) == 1
    assert len(cases.runs(robin)) == 1


def test_finishing_before_the_ending_saves_nothing(
    cases: CaseService, robin: SignedIn, db: Database
) -> None:
    play = played(cases, PATH[:3])  # at the chain node, one decision short of the ending
    assert play.state.node_id == "chain"
    after = cases.finish(robin, play, END)
    assert after.saved_run_id is None
    assert after == play
    assert row_count(db) == 0
    assert cases.runs(robin) == []


def test_two_finished_runs_come_back_newest_first(cases: CaseService, robin: SignedIn) -> None:
    first = cases.finish(robin, played(cases), END)
    optimal = [("a", None, None)] * 4
    second = cases.finish(robin, played(cases, optimal, "seed-2"), END + timedelta(hours=1))
    runs = cases.runs(robin)
    assert [r.id for r in runs] == [second.saved_run_id, first.saved_run_id]
    assert [r.score for r in runs] == [1.0, 0.5]


def test_a_trainee_cannot_read_another_trainees_runs(
    cases: CaseService, robin: SignedIn, sasha: SignedIn
) -> None:
    cases.finish(robin, played(cases), END)
    with pytest.raises(PermissionDenied):
        cases.runs(sasha, robin.user_id)
    assert cases.runs(sasha) == []


def test_an_admin_may_read_a_trainees_runs(
    cases: CaseService, robin: SignedIn, admin: SignedIn
) -> None:
    saved = cases.finish(robin, played(cases), END)
    runs = cases.runs(admin, robin.user_id)
    assert [r.id for r in runs] == [saved.saved_run_id]
    assert runs[0].user_id == robin.user_id
    assert cases.runs(admin) == []  # the admin's own runs
