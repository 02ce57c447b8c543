"""The privacy registry covers every table; an admin exports everything about one trainee and
erases it: their email and name then occur nowhere in the database file or its WAL, while their
answers stay, anonymised, so item statistics do not change."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from modules.accounts import AccountError, AccountsService
from modules.accounts.people import PeopleService
from modules.accounts.roles import PermissionDenied, Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.learning import LearningService
from modules.learning.cases import CaseService
from modules.learning.demo import synthetic_answer
from modules.tracking import StoreFactory, cohort_analytics, privacy
from modules.tracking import cohorts as cohort_store
from modules.tracking import users as user_store
from modules.workshop import WorkshopService
from tests.accounts.test_lockout_and_reset import HASHER

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
EMAIL = "quentin.zyxwvut@example.org"
NAME = "Quentin Zyxwvut"
PASSWORD = "amber lantern orbit meadow"


def test_every_table_is_declared(tmp_path: Path) -> None:
    db = StoreFactory(tmp_path / "schema.db").open()
    tables = set(db.table_names())
    assert not set(privacy.REGISTRY) & set(privacy.NO_PERSON)
    undeclared = tables - set(privacy.REGISTRY) - set(privacy.NO_PERSON)
    assert not undeclared, f"declare these in modules/tracking/privacy.py: {sorted(undeclared)}"
    assert not (set(privacy.REGISTRY) | set(privacy.NO_PERSON)) - tables  # nothing stale
    for table in tables - set(privacy.REGISTRY):  # what refers to a person must be registered
        columns = {c.name for c in db[table].columns}
        assert not columns & {"email", "display_name", "user_id", "password_hash"}, table
        assert not {fk.other_table for fk in db[table].foreign_keys} & {"users"}, table
    db.close()


@pytest.fixture
def world(tmp_path: Path):
    course = load_course(ROOT / "tests" / "fixtures" / "course_ok").course
    path = tmp_path / "people.db"
    db = StoreFactory(path).open()
    # as on SQLite builds without SECURE_DELETE (Debian's has it on): deleted rows would stay
    # in the file's free space unless erasure itself sees to it
    db.execute("PRAGMA secure_delete = OFF")
    accounts = AccountsService(db, hasher=HASHER)
    admin_id = accounts.create_first_admin("Ada Admin", "ada@example.org", PASSWORD, NOW)
    admin = SignedIn(admin_id, "Ada Admin", "ada@example.org", Role.ADMIN, 0)
    coord_id = user_store.insert_user(db, email="cora@example.org", name="Cora", role="coordinator",
                                      password_hash="x", now=NOW)  # fmt: skip
    cohort = cohort_store.insert_cohort(
        db, name="Autumn", coordinator_id=coord_id, starts_on=None, ends_on=None,
        target_on=None, pass_mark=None, invite_code="AUTUMN01", now=NOW,
    )  # fmt: skip
    cohort_store.add_roster(db, cohort, [(NAME, EMAIL)], NOW)
    trainee_id = accounts.register_trainee(NAME, EMAIL, PASSWORD, NOW)
    cohort_store.add_member(db, cohort, trainee_id, "roster", NOW)
    trainee = SignedIn(trainee_id, NAME, EMAIL, Role.TRAINEE, 0)
    accounts.sign_in(EMAIL, PASSWORD, NOW)
    for _ in range(2):
        with pytest.raises(AccountError):
            accounts.sign_in(EMAIL, "not the password at all", NOW)
    learning = LearningService(db, course)
    rng = random.Random(1)
    for module in ("biosocial", "validation"):
        plan = learning.new_quiz(trainee, module, rng)
        while not plan.finished:
            question = course.question(plan.next_item)
            answer = synthetic_answer(question, True, rng)
            plan = learning.submit(trainee, plan, question.id, answer, confidence=None,
                                   seconds=3.0, now=NOW).plan  # fmt: skip
    learning.complete_lesson(trainee, "biosocial.two-roots", NOW)
    cases = CaseService(db, course)
    play = cases.begin("late-again", NOW, "seed")
    vignette = course.vignette("late-again")
    while not vignette.node(play.state.node_id).ending:
        choice = vignette.node(play.state.node_id).choices[0]
        play = cases.choose(play, choice.id)
    cases.finish(trainee, play, NOW + timedelta(minutes=5))
    leader_id = user_store.insert_user(db, email="lee@example.org", name="Lee", role="leader",
                                       password_hash="x", now=NOW)  # fmt: skip
    workshops = WorkshopService(db, course)
    sid = workshops.start(SignedIn(leader_id, "Lee", "", Role.LEADER, 0), "case", "late-again",
                          NOW)  # fmt: skip
    workshops.join(workshops.session(sid).code, NAME, NOW, as_person=trainee)
    people = PeopleService(db, accounts)
    people.issue_reset_code(admin, trainee_id, NOW)
    yield path, db, people, admin, trainee_id, coord_id
    db.close()


def test_an_admin_exports_everything_about_a_trainee(world) -> None:
    _, _, people, admin, trainee_id, _ = world
    found = people.export_person(admin, trainee_id, NOW)
    assert found["users"][0]["email"] == EMAIL
    assert {"responses", "attempts", "lesson_completions", "vignette_runs", "cohort_members",
            "roster_entries", "sign_in_failures", "reset_codes", "sessions",
            "workshop_participants"} <= set(found)  # fmt: skip
    assert all(r["user_id"] == trainee_id for r in found["responses"])
    with pytest.raises(PermissionDenied):
        people.export_person(SignedIn(trainee_id, NAME, EMAIL, Role.TRAINEE, 0), trainee_id, NOW)


def test_erasure_leaves_no_trace_of_the_email_and_keeps_item_statistics(world) -> None:
    path, db, people, admin, trainee_id, _ = world
    before = cohort_analytics.first_answers(db)
    answers = db.execute("SELECT count(*) FROM responses").fetchone()[0]
    assert EMAIL.encode() in path.read_bytes() + _wal(path)  # the check can find it
    anonymous = people.erase_person(admin, trainee_id, NOW)
    raw = path.read_bytes() + _wal(path)
    for trace in (EMAIL, NAME, EMAIL.upper(), "Quentin"):
        assert trace.encode() not in raw, f"{trace!r} is still in the file"
    assert user_store.user_by_id(db, trainee_id) is None
    after = cohort_analytics.first_answers(db)
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == answers
    assert sorted(after["score"]) == sorted(before["score"])  # the same respondents' answers
    assert set(after["user_id"]) == {anonymous}
    assert privacy.export(db, anonymous)["users"][0]["name"] == "Erased person"
    log = people.audit_log(admin)
    assert any(e["action"] == "erase person" for e in log)


def test_erasure_is_refused_for_someone_who_runs_a_cohort_and_for_oneself(world) -> None:
    _, db, people, admin, _, coord_id = world
    with pytest.raises(AccountError, match="run cohorts"):
        people.erase_person(admin, coord_id, NOW)
    assert user_store.user_by_id(db, coord_id) is not None  # nothing changed
    with pytest.raises(AccountError, match="your own account"):
        people.erase_person(admin, admin.user_id, NOW)


def _wal(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""
