"""AppTest tests of the coordinator's cohort and dashboard pages and the admin's People page."""

from datetime import UTC, datetime

import pytest

from modules.accounts import Role
from modules.accounts.cohorts import CohortService
from modules.accounts.service import AccountsService
from modules.tracking import StoreFactory
from tests.ui.conftest import FAST_HASHER
from tests.ui.quiz_driver import press


def signed(db_path, person):
    with StoreFactory(db_path).connection() as db:
        return AccountsService(db, hasher=FAST_HASHER).resume(person.token, datetime.now(UTC))


def test_a_coordinator_creates_a_cohort_and_sees_its_code(open_screen, make_person) -> None:
    coordinator = make_person(Role.COORDINATOR, "Cora Coordinator")
    at = open_screen("cohorts", person=coordinator)
    assert at.info[0].value.startswith("No cohorts yet.")
    next(t for t in at.text_input if t.label == "Name").input("Spring 2027 intake")
    press(at, "Create cohort")
    assert at.success[0].value.startswith("Created Spring 2027 intake; its invitation code is ")
    code = at.success[0].value.rsplit(" ", 1)[-1].rstrip(".")
    assert f"Invitation code: **{code}**" in [m.value for m in at.markdown]
    assert at.get("code")[0].proto.code_text == f"/register?code={code}"


def test_the_dashboard_is_a_coordinators_first_screen_and_flags_trainees(
    open_screen, make_person, db_path
) -> None:
    coordinator = make_person(Role.COORDINATOR, "Cora Coordinator")
    trainee = make_person(Role.TRAINEE, "Tia Trainee")
    with StoreFactory(db_path).connection() as db:
        cohorts = CohortService(db)
        cohort = cohorts.create(
            signed(db_path, coordinator), "Autumn", datetime(2020, 1, 1, tzinfo=UTC)
        )
        cohorts.join(trainee.user_id, cohort.invite_code, datetime(2020, 1, 2, tzinfo=UTC))
    at = open_screen("course_map", person=coordinator)  # the default page
    assert at.title[0].value == "Cohort dashboard"
    assert {m.label: m.value for m in at.metric}["Need attention"] == "1"
    flagged = at.dataframe[0].value
    assert flagged.loc[0, "Name"] == "Tia Trainee" and "no activity in" in flagged.loc[0, "Why"]
    table = at.dataframe[1].value
    assert table.loc[0, "Name"] == "Tia Trainee" and table.loc[0, "Last active"] == "never"


def test_people_page_creates_staff_and_keeps_an_audit_log(open_screen) -> None:
    at = open_screen("people", role=Role.ADMIN)
    fill = {
        "Name": "Lee Leader",
        "Email": "lee@example.org",
        "First password (at least 15 characters; they can change it)": "quiet harbour lantern",
    }
    for label, value in fill.items():
        next(t for t in at.text_input if t.label == label).input(value)
    at.selectbox[0].set_value(Role.LEADER)
    press(at, "Create account")
    assert at.success[0].value == "Created lee@example.org as leader."
    people = at.dataframe[0].value
    assert ("lee@example.org", "leader") in set(zip(people["Email"], people["Role"], strict=True))
    log = at.dataframe[1].value
    assert log.loc[0, "action"] == "create account" and log.loc[0, "person"] == "lee@example.org"


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.LEADER])
@pytest.mark.parametrize("screen", ["cohorts", "dashboard", "people"])
def test_coordinator_pages_are_not_in_other_roles_navigation(open_screen, role, screen) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_screen(screen, role=role)


def test_registering_with_an_invitation_code_joins_the_cohort(
    open_screen, make_person, db_path
) -> None:
    coordinator = make_person(Role.COORDINATOR, "Cora Coordinator")
    with StoreFactory(db_path).connection() as db:
        cohort = CohortService(db).create(signed(db_path, coordinator), "Winter", datetime.now(UTC))
    at = open_screen("register", role=None, code=cohort.invite_code)
    code_box = next(t for t in at.text_input if t.label.startswith("Invitation code"))
    assert code_box.value == cohort.invite_code
    values = {
        "Your name": "Nia New",
        "Email": "nia@example.org",
        "Password": "velvet orchard lantern",
        "Password again": "velvet orchard lantern",
    }
    for label, value in values.items():
        next(t for t in at.text_input if t.label == label).input(value)
    press(at, "Create account")
    assert at.title[0].value == "DBT for clinicians"
    with StoreFactory(db_path).connection() as db:
        members = CohortService(db).members(signed(db_path, coordinator), cohort.id)
    assert [(m.email, m.via) for m in members] == [("nia@example.org", "code")]


def test_drill_down_shows_answers_but_not_a_reflections_text(
    open_screen, make_person, db_path
) -> None:
    import random

    from modules.course import load_course
    from modules.learning import LearningService
    from tests.ui.conftest import COURSE_OK

    coordinator = make_person(Role.COORDINATOR, "Cora Coordinator")
    trainee = make_person(Role.TRAINEE, "Tia Trainee")
    secret = "My client at the clinic on Tuesday reminded me of my own mother."
    with StoreFactory(db_path).connection() as db:
        cohorts = CohortService(db)
        cohort = cohorts.create(signed(db_path, coordinator), "Autumn", datetime.now(UTC))
        cohorts.join(trainee.user_id, cohort.invite_code, datetime.now(UTC))
        learning = LearningService(db, load_course(COURSE_OK).course)
        me = signed(db_path, trainee)
        plan = learning.new_quiz(me, "validation", random.Random(3))
        learning.submit(me, plan, "validation.q03", secret, confidence=None, seconds=30,
                        now=datetime.now(UTC))  # fmt: skip
    at = open_screen("dashboard", person=coordinator)
    answers = next(d.value for d in at.dataframe if "Answer" in d.value.columns)
    assert answers.loc[0, "Item"] == "validation.q03"
    assert answers.loc[0, "Answer"] == "(reflection written)"
    everything = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert secret not in everything and "mother" not in everything


def test_item_analysis_page_shows_reliability_and_items(open_screen, make_person, db_path) -> None:
    coordinator = make_person(Role.COORDINATOR, "Cora Coordinator")
    trainee = make_person(Role.TRAINEE, "Tia Trainee")
    with StoreFactory(db_path).connection() as db:
        cohorts = CohortService(db)
        cohort = cohorts.create(signed(db_path, coordinator), "Autumn", datetime.now(UTC))
        cohorts.join(trainee.user_id, cohort.invite_code, datetime.now(UTC))
    at = open_screen("items", person=coordinator)
    assert at.title[0].value == "Item analysis"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Respondents"] == "0" and metrics["KR-20"] == "—"
    assert at.info[0].value == "No answers to this module's items yet."


def test_dashboard_offers_the_exports(open_screen, make_person, db_path) -> None:
    coordinator = make_person(Role.COORDINATOR, "Cora Coordinator")
    with StoreFactory(db_path).connection() as db:
        CohortService(db).create(signed(db_path, coordinator), "Autumn", datetime.now(UTC))
    at = open_screen("dashboard", person=coordinator)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Gradebook (CSV)", "Every answer (CSV)", "xAPI statements (JSON)"]
