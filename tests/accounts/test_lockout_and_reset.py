"""Sign-in lockout counted in the database, and one-time password-reset codes."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from modules.accounts import AccountError, AccountsService, Role
from modules.accounts.cohorts import CohortService
from modules.accounts.people import PeopleService
from modules.accounts.roles import PermissionDenied
from modules.accounts.service import LOCKED, SIGN_IN_FAILED, reset_password
from modules.tracking import StoreFactory

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "amber lantern orbit meadow"
NEW = "copper kettle winter harbour"


@pytest.fixture
def accounts(tmp_path: Path):
    with StoreFactory(tmp_path / "t.db").connection() as db:
        service = AccountsService(db, hasher=HASHER)
        service.create_first_admin("Ada Admin", "ada@example.org", PASSWORD, NOW)
        service.register_trainee("Tim Trainee", "tim@example.org", PASSWORD, NOW)
        yield service


def person(accounts, email: str, at: datetime = NOW):
    return accounts.resume(accounts.sign_in(email, PASSWORD, at), at)


def fail(accounts, email: str, times: int, at: datetime) -> None:
    for _ in range(times):
        with pytest.raises(AccountError, match=SIGN_IN_FAILED):
            accounts.sign_in(email, "wrong password entirely", at)


def test_five_failures_lock_and_the_lock_holds_for_the_right_password(accounts) -> None:
    fail(accounts, "tim@example.org", 5, NOW)
    with pytest.raises(AccountError, match="Too many unsuccessful sign-ins"):
        accounts.sign_in("tim@example.org", PASSWORD, NOW + timedelta(minutes=1))
    # a fresh service on the same database (a new tab, or a restart) still sees the failures
    again = AccountsService(accounts.db, hasher=HASHER)
    with pytest.raises(AccountError) as error:
        again.sign_in("TIM@example.org", PASSWORD, NOW + timedelta(minutes=2))
    assert str(error.value) == LOCKED


def test_the_lock_clears_after_fifteen_minutes(accounts) -> None:
    fail(accounts, "tim@example.org", 5, NOW)
    assert accounts.sign_in("tim@example.org", PASSWORD, NOW + timedelta(minutes=16))


def test_four_failures_do_not_lock_and_success_clears_them(accounts) -> None:
    fail(accounts, "tim@example.org", 4, NOW)
    assert accounts.sign_in("tim@example.org", PASSWORD, NOW)
    fail(accounts, "tim@example.org", 4, NOW + timedelta(minutes=1))
    assert accounts.sign_in("tim@example.org", PASSWORD, NOW + timedelta(minutes=2))


def test_an_unknown_email_locks_the_same_way(accounts) -> None:
    fail(accounts, "nobody@example.org", 5, NOW)
    with pytest.raises(AccountError, match="Too many unsuccessful sign-ins"):
        accounts.sign_in("nobody@example.org", PASSWORD, NOW)


def test_an_admin_unlocks_and_the_unlock_is_audited(accounts) -> None:
    admin = person(accounts, "ada@example.org")
    fail(accounts, "tim@example.org", 5, NOW)
    people = PeopleService(accounts.db, accounts)
    tim = next(u for u in people.everyone(admin) if u.email == "tim@example.org")
    people.unlock(admin, tim.id, NOW)
    assert accounts.sign_in("tim@example.org", PASSWORD, NOW)
    assert people.audit_log(admin)[0]["action"] == "unlock account"


def test_a_reset_code_works_once_and_ends_every_session(accounts) -> None:
    admin = person(accounts, "ada@example.org")
    tim_token = accounts.sign_in("tim@example.org", PASSWORD, NOW)
    people = PeopleService(accounts.db, accounts)
    tim = next(u for u in people.everyone(admin) if u.email == "tim@example.org")
    code = people.issue_reset_code(admin, tim.id, NOW)
    assert len(code) == 10
    reset_password(accounts, "tim@example.org", code.lower(), NEW, NOW + timedelta(hours=1))
    assert accounts.resume(tim_token, NOW + timedelta(hours=1)) is None
    assert accounts.sign_in("tim@example.org", NEW, NOW + timedelta(hours=1))
    with pytest.raises(AccountError, match="expired or been used"):
        reset_password(accounts, "tim@example.org", code, PASSWORD + " x", NOW + timedelta(hours=2))


def test_a_reset_code_expires_and_needs_the_right_email(accounts) -> None:
    admin = person(accounts, "ada@example.org")
    people = PeopleService(accounts.db, accounts)
    tim = next(u for u in people.everyone(admin) if u.email == "tim@example.org")
    code = people.issue_reset_code(admin, tim.id, NOW)
    with pytest.raises(AccountError, match="does not match"):
        reset_password(accounts, "ada@example.org", code, NEW, NOW)
    with pytest.raises(AccountError, match="expired"):
        reset_password(accounts, "tim@example.org", code, NEW, NOW + timedelta(hours=25))
    with pytest.raises(AccountError, match="at least 15 characters"):
        reset_password(accounts, "tim@example.org", code, "short", NOW)


def test_a_coordinator_issues_codes_only_for_their_own_trainees(accounts) -> None:
    admin = person(accounts, "ada@example.org")
    people = PeopleService(accounts.db, accounts)
    people.create(admin, "Cora", "cora@example.org", PASSWORD, Role.COORDINATOR, NOW)
    cora = person(accounts, "cora@example.org")
    tim = next(u for u in people.everyone(admin) if u.email == "tim@example.org")
    with pytest.raises(PermissionDenied):
        people.issue_reset_code(cora, tim.id, NOW)
    cohort = CohortService(accounts.db).create(cora, "Group", NOW)
    CohortService(accounts.db).join(tim.id, cohort.invite_code, NOW)
    assert len(people.issue_reset_code(cora, tim.id, NOW)) == 10
    with pytest.raises(PermissionDenied):
        people.issue_reset_code(cora, admin.user_id, NOW)


def test_failures_from_parallel_sessions_add_up_and_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "parallel.db"
    with StoreFactory(path).connection() as db:
        AccountsService(db, hasher=HASHER).register_trainee("Tim Trainee", "tim@example.org",
                                                             PASSWORD, NOW)  # fmt: skip
    tabs = [StoreFactory(path).open() for _ in range(3)]  # three tabs, three connections
    for n in range(5):
        fail(AccountsService(tabs[n % 3], hasher=HASHER), "tim@example.org", 1, NOW)
    for tab in tabs:
        tab.close()
    with StoreFactory(path).connection() as db:  # a new process: the server restarted
        restarted = AccountsService(db, hasher=HASHER)
        with pytest.raises(AccountError) as error:
            restarted.sign_in("tim@example.org", PASSWORD, NOW + timedelta(minutes=5))
        assert str(error.value) == LOCKED
        assert restarted.sign_in("tim@example.org", PASSWORD, NOW + timedelta(minutes=16))
