"""AppTest tests of first-run set-up, sign-in, registration, the account page and navigation."""

import pytest

from modules.accounts import Role
from modules.ui.pages import SCREENS, screens_for
from tests.ui.conftest import PASSWORD
from tests.ui.quiz_driver import press


def fill(at, **values) -> None:
    for label, value in values.items():
        next(t for t in at.text_input if t.label.startswith(label)).input(value)


def test_first_run_shows_only_set_up_and_creates_the_administrator(open_screen) -> None:
    at = open_screen("setup", role=None)
    assert at.title[0].value == "Set up the course"
    fill(at, **{"Administrator's name": "Ada Admin", "Email": "ada@example.org",
                "Password": "short"})  # fmt: skip
    press(at, "Create administrator")
    assert "at least 15 characters" in at.error[0].value
    fill(at, Password="copper kettle winter harbour")
    press(at, "Create administrator")
    assert at.title[0].value == "DBT for clinicians"
    assert at.session_state["auth.cookie_action"] is None  # sent to the browser with this run
    at.switch_page("modules/ui/admin/content_check.py").run()  # an admin's page is there
    assert at.title[0].value == "Content check"


def test_sign_in_gives_one_message_for_unknown_and_wrong(open_screen, make_person) -> None:
    person = make_person(Role.TRAINEE)
    at = open_screen("sign_in", role=None)
    assert at.title[0].value == "Sign in"
    fill(at, Email="nobody@example.org", Password=PASSWORD)
    press(at, "Sign in")
    unknown = at.error[0].value
    fill(at, Email=person.email, Password="wrong password entirely")
    press(at, "Sign in")
    assert at.error[0].value == unknown == "That email and password do not match an account."


def test_registration_checks_then_signs_in(open_screen, make_person) -> None:
    make_person(Role.TRAINEE)  # someone exists, so the public pages show
    at = open_screen("register", role=None)
    fill(at, **{"Your name": "Sam Trainee", "Email": "sam@example.org",
                "Password again": "passwordpassword", "Password": "passwordpassword"})  # fmt: skip
    press(at, "Create account")
    assert "commonly used passwords" in at.error[0].value
    fill(at, Password="violet harbour copper kettle", **{"Password again": "violet harbour"})
    press(at, "Create account")
    assert "differ" in at.error[0].value
    fill(at, **{"Password again": "violet harbour copper kettle"})
    press(at, "Create account")
    assert at.title[0].value == "DBT for clinicians"
    assert at.session_state["auth.person"].email == "sam@example.org"


def test_account_page_changes_password_and_signs_out(open_screen) -> None:
    at = open_screen("account")
    assert "role: trainee" in at.markdown[0].value
    fill(at, **{"Current password": PASSWORD, "New password (": "frost meadow lantern copper",
                "New password again": "frost meadow lantern copper"})  # fmt: skip
    press(at, "Change password")
    assert at.success[0].value.startswith("Your password is changed.")
    press(at, "Sign out")
    assert at.title[0].value == "Sign in"
    assert at.info[0].value == "You have signed out."


def test_a_revoked_token_in_the_tab_leads_back_to_sign_in(open_screen, make_person) -> None:
    person = make_person(Role.TRAINEE)
    at = open_screen("account", person=person)
    press(at, "Sign out")
    at.session_state["auth.token"] = person.token  # replay the old token
    at.run()
    assert at.title[0].value == "Sign in"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, {"sign_in", "register", "reset", "verify", "join"}),
        (Role.TRAINEE, {"course_map", "lesson", "quiz", "cases", "review", "exams",
                        "my_progress", "glossary", "account", "verify", "join"}),
        (Role.ADMIN, {"course_map", "lesson", "quiz", "cases", "review", "exams", "my_progress",
                      "glossary", "account", "content_check", "cohorts", "dashboard", "items",
                      "people", "verify", "join", "workshops", "projector"}),
        (Role.LEADER, {"workshops", "projector", "course_map", "lesson", "quiz", "cases",
                       "review", "exams", "my_progress", "glossary", "account", "verify",
                       "join"}),
        (Role.COORDINATOR, {"dashboard", "cohorts", "items", "course_map", "lesson", "quiz",
                            "cases", "review", "exams", "my_progress", "glossary", "account",
                            "verify", "join", "workshops", "projector"}),
    ],
)  # fmt: skip
def test_navigation_by_role(role, expected) -> None:
    from modules.accounts.service import SignedIn

    person = None if role is None else SignedIn(1, "A", "a@example.org", role, 1)
    assert set(screens_for(person, first_run=False)) == expected
    assert screens_for(person, first_run=True) == ["setup"]
    assert set(SCREENS) >= expected


def test_a_database_that_cannot_be_opened_gives_a_sentence(
    open_screen, tmp_path, monkeypatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    monkeypatch.setenv("DBT_COURSE_DB", str(blocker / "training.db"))
    at = open_screen("course_map", role=None)
    assert "cannot be opened" in at.error[0].value
    assert "Your work so far is safe" in at.error[0].value
    assert not at.title  # nothing else is drawn


def test_a_reset_code_sets_a_new_password(open_screen, make_person, db_path) -> None:
    from datetime import UTC, datetime

    from modules.accounts.service import issue_reset_code
    from modules.tracking import StoreFactory

    person = make_person(Role.TRAINEE)
    with StoreFactory(db_path).connection() as db:
        code = issue_reset_code(db, person.user_id, person.user_id, datetime.now(UTC))
    at = open_screen("reset", role=None)
    new = "silver meadow orbit kite"
    fill(at, Email=person.email,
         **{"Reset code": code, "New password (": new, "New password again": new})  # fmt: skip
    press(at, "Set new password")
    assert at.success[0].value == "Your password is set. Sign in with it now."
    press(at, "Set new password")  # the same code again
    assert "expired or been used" in at.error[0].value


def test_the_verify_page_confirms_a_real_code_and_refuses_a_forged_one(
    open_screen, make_person, db_path
) -> None:
    from datetime import UTC, datetime

    from modules.tracking import StoreFactory
    from modules.tracking import certificates as store
    from modules.tracking.certificates import CertificateRow

    person = make_person(Role.TRAINEE, "Zoë Nguyễn")
    with StoreFactory(db_path).connection() as db:
        store.issue(db, CertificateRow("ABCD-EFGH-JKLM-NPQR", person.user_id, "Zoë Nguyễn",
                                       "A course", datetime.now(UTC).date(), 3.0),
                    datetime.now(UTC))  # fmt: skip
    at = open_screen("verify", role=None, code="abcdefghjklmnpqr")
    assert at.success[0].value.startswith("Genuine: **Zoë Nguyễn** completed")
    at.text_input[0].input("ABCD-EFGH-JKLM-NPQS").run()
    assert at.error[0].value.startswith("No certificate has this code.")
