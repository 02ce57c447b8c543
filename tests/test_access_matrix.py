"""Who may do what, as one table: every service call that reads or changes data, tried by every
role, each cell an allow or a deny. A coordinator reaches their own cohorts only; a leader runs
their own workshops only; a trainee reaches their own records only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from modules.accounts import AccountsService
from modules.accounts.cohorts import CohortService
from modules.accounts.people import PeopleService
from modules.accounts.roles import PermissionDenied, Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.learning import LearningService
from modules.learning.cases import CaseService
from modules.learning.cohort_report import cohort_charts, cohort_report
from modules.learning.exams import ExamService
from modules.learning.exports import gradebook, responses, statements
from modules.learning.item_analysis import analyse
from modules.learning.review import ReviewService
from modules.tracking import StoreFactory
from modules.tracking import cohorts as cohort_store
from modules.tracking import users as user_store
from modules.workshop import WorkshopService

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ACTORS = ["trainee", "other_trainee", "coordinator", "other_coordinator", "leader", "admin"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    course = load_course(ROOT / "tests" / "fixtures" / "course_ok").course
    db = StoreFactory(tmp_path_factory.mktemp("matrix") / "m.db").open()
    roles = {"trainee": Role.TRAINEE, "other_trainee": Role.TRAINEE,
             "coordinator": Role.COORDINATOR, "other_coordinator": Role.COORDINATOR,
             "leader": Role.LEADER, "admin": Role.ADMIN}  # fmt: skip
    people = {}
    for key, role in roles.items():
        user_id = user_store.insert_user(db, email=f"{key}@example.org", name=key,
                                         role=role.value, password_hash="x", now=NOW)  # fmt: skip
        people[key] = SignedIn(user_id, key, f"{key}@example.org", role, 0)
    cohorts = {}
    for owner, member, code in (("coordinator", "trainee", "MINE0001"),
                                ("other_coordinator", "other_trainee", "THEIRS01")):  # fmt: skip
        cohorts[owner] = cohort_store.insert_cohort(
            db, name=f"{owner}'s", coordinator_id=people[owner].user_id, starts_on=None,
            ends_on=None, target_on=None, pass_mark=None, invite_code=code, now=NOW,
        )  # fmt: skip
        cohort_store.add_member(db, cohorts[owner], people[member].user_id, "code", NOW)
    workshop = WorkshopService(db, course).start(people["leader"], "case", "late-again", NOW)
    yield db, course, people, cohorts["coordinator"], workshop
    db.close()


def operations(db, course, people, cohort, workshop):
    """(name, call, who may) for every guarded call. `call(actor)` raises PermissionDenied when
    the actor may not."""
    learning = LearningService(db, course)
    trainee = people["trainee"].user_id
    cohorts = CohortService(db)
    staff = PeopleService(db, AccountsService(db))
    workshops = WorkshopService(db, course)
    own_records = {"trainee", "coordinator", "admin"}  # the person, their coordinator, an admin
    own_cohort = {"coordinator", "admin"}
    admin = {"admin"}
    leads = {"leader", "coordinator", "other_coordinator", "admin"}
    return [
        ("read a trainee's progress", lambda a: learning.progress(a, trainee), own_records),
        ("read a trainee's answers", lambda a: learning.answers(a, trainee), own_records),
        ("read a trainee's quiz history", lambda a: learning.history(a, trainee), own_records),
        ("read a trainee's mastery", lambda a: learning.mastery(a, trainee), own_records),
        ("read a trainee's review queue",
         lambda a: ReviewService(learning).status(a, NOW, trainee), own_records),
        ("read a trainee's exams", lambda a: ExamService(learning).status(a, trainee),
         own_records),
        ("read a trainee's case runs", lambda a: CaseService(db, course).runs(a, trainee),
         own_records),
        ("open a cohort", lambda a: cohorts.get(a, cohort), own_cohort),
        ("list a cohort's members", lambda a: cohorts.members(a, cohort), own_cohort),
        ("read a cohort's roster", lambda a: cohorts.roster(a, cohort), own_cohort),
        ("import a roster", lambda a: cohorts.import_roster(a, cohort, "name,email\n", NOW),
         own_cohort),
        ("list one's cohorts", lambda a: cohorts.mine(a),
         {"coordinator", "other_coordinator", "admin"}),
        ("create a cohort", lambda a: cohorts.create(a, "New", NOW),
         {"coordinator", "other_coordinator", "admin"}),
        ("the cohort dashboard", lambda a: cohort_charts(learning, a, cohort,
                                                         cohort_report(learning, a, cohort, NOW)),
         own_cohort),
        ("export the gradebook", lambda a: gradebook(learning, a, cohort), own_cohort),
        ("export every answer", lambda a: responses(learning, a, cohort), own_cohort),
        ("export xAPI statements", lambda a: statements(learning, a, cohort), own_cohort),
        ("item analysis of a cohort", lambda a: analyse(learning, a, cohort), own_cohort),
        ("item analysis of everyone", lambda a: analyse(learning, a, None), admin),
        ("list everyone", lambda a: staff.everyone(a), admin),
        ("read the audit log", lambda a: staff.audit_log(a), admin),
        ("unlock an account", lambda a: staff.unlock(a, trainee, NOW), admin),
        ("issue a reset code to a trainee",
         lambda a: staff.issue_reset_code(a, trainee, NOW), own_cohort),
        ("change a role", lambda a: staff.change_role(a, trainee, Role.TRAINEE, NOW), admin),
        ("export everything about a person", lambda a: staff.export_person(a, trainee, NOW),
         admin),
        ("erase a person", lambda a: staff.erase_person(a, throwaway(db), NOW), admin),
        ("start a workshop", lambda a: workshops.start(a, "case", "late-again", NOW), leads),
        ("run another leader's workshop", lambda a: workshops.led(a, workshop),
         {"leader", "admin"}),
        ("list one's workshops", lambda a: workshops.sessions(a), leads),
    ]  # fmt: skip


def throwaway(db) -> int:
    """A new trainee to erase, so the shared world keeps its people."""
    if db is None:
        return 0
    count = db.execute("SELECT count(*) FROM users").fetchone()[0]
    return user_store.insert_user(db, email=f"gone{count}@example.org", name="Gone",
                                  role="trainee", password_hash="x", now=NOW)  # fmt: skip


def cells():
    names = [
        name
        for name, _, _ in operations(None, None, {k: SignedIn(0, "", "", Role.TRAINEE, 0)
                                                 for k in ACTORS}, 0, 0)
    ]  # fmt: skip
    return [(name, actor) for name in names for actor in ACTORS]


@pytest.mark.parametrize(("operation", "actor"), cells())
def test_access(world, operation: str, actor: str) -> None:
    db, course, people, cohort, workshop = world
    name, call, allowed = next(o for o in operations(db, course, people, cohort, workshop)
                               if o[0] == operation)  # fmt: skip
    if actor in allowed:
        call(people[actor])  # no PermissionDenied
    else:
        with pytest.raises(PermissionDenied):
            call(people[actor])
    assert name == operation
