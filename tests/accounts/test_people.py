"""PeopleService: only an administrator manages people, every change is audited, sessions end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from modules.accounts import AccountError, AccountsService, Role, SignedIn
from modules.accounts.people import PeopleService
from modules.accounts.roles import PermissionDenied
from modules.accounts.service import SIGN_IN_FAILED
from modules.tracking import Database, StoreFactory
from modules.tracking import users as user_store

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(minutes=5)
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "amber lantern orbit meadow"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = StoreFactory(tmp_path / "people.db").open()
    yield database
    database.close()


@pytest.fixture
def accounts(db: Database) -> AccountsService:
    return AccountsService(db, hasher=FAST)


@pytest.fixture
def people(db: Database, accounts: AccountsService) -> PeopleService:
    return PeopleService(db, accounts)


def sign_in(accounts: AccountsService, email: str) -> tuple[str, SignedIn]:
    token = accounts.sign_in(email, PASSWORD, T0)
    person = accounts.resume(token, T0)
    assert person is not None
    return token, person


@pytest.fixture
def admin(accounts: AccountsService) -> SignedIn:
    accounts.create_first_admin("Ada Admin", "admin@example.org", PASSWORD, T0)
    return sign_in(accounts, "admin@example.org")[1]


@pytest.fixture
def make_person(accounts: AccountsService, admin: SignedIn):
    def make(first_name: str, role: Role) -> SignedIn:
        email = f"{first_name.lower()}@example.org"
        accounts.create_account(f"{first_name} Person", email, PASSWORD, role, T0)
        return sign_in(accounts, email)[1]

    return make


@pytest.fixture
def robin(accounts: AccountsService, admin: SignedIn) -> int:
    return accounts.register_trainee("Robin Trainee", "robin@example.org", PASSWORD, T0)


# -- only an administrator ---------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.COORDINATOR, Role.LEADER])
def test_nobody_but_an_admin_manages_people(
    db: Database, people: PeopleService, make_person, robin: int, role: Role
) -> None:
    person = make_person("Pat", role)
    with pytest.raises(PermissionDenied):
        people.everyone(person)
    with pytest.raises(PermissionDenied):
        people.create(person, "Eve Staff", "eve@example.org", PASSWORD, Role.ADMIN, T1)
    with pytest.raises(PermissionDenied):
        people.change_role(person, robin, Role.ADMIN, T1)
    with pytest.raises(PermissionDenied):
        people.change_role(person, person.user_id, Role.ADMIN, T1)
    with pytest.raises(PermissionDenied):
        people.set_active(person, robin, False, T1)
    with pytest.raises(PermissionDenied):
        people.audit_log(person)
    assert user_store.user_by_email(db, "eve@example.org") is None
    robin_row = user_store.user_by_id(db, robin)
    assert robin_row is not None and (robin_row.role, robin_row.active) == ("trainee", True)
    me = user_store.user_by_id(db, person.user_id)
    assert me is not None and me.role == role.value
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_an_admin_lists_everyone(people: PeopleService, admin: SignedIn, robin: int) -> None:
    assert {u.email for u in people.everyone(admin)} == {"admin@example.org", "robin@example.org"}


# -- actions and their audit entries -----------------------------------------------------------


def test_creating_an_account_is_audited(
    accounts: AccountsService, people: PeopleService, admin: SignedIn
) -> None:
    user_id = people.create(admin, "Cora Staff", "Cora@Example.org", PASSWORD, Role.COORDINATOR, T1)
    row = user_store.user_by_id(people.db, user_id)
    assert row is not None and (row.email, row.role) == ("cora@example.org", "coordinator")
    assert people.audit_log(admin) == [{
        "at": T1.isoformat(), "by": "admin@example.org", "action": "create account",
        "person": "cora@example.org", "details": {"role": "coordinator"},
    }]  # fmt: skip
    assert sign_in(accounts, "cora@example.org")[1].role is Role.COORDINATOR


def test_changing_a_role_is_audited_with_before_and_after(
    accounts: AccountsService, people: PeopleService, admin: SignedIn, robin: int
) -> None:
    token = accounts.sign_in("robin@example.org", PASSWORD, T0)
    people.change_role(admin, robin, Role.LEADER, T1)
    assert people.audit_log(admin) == [{
        "at": T1.isoformat(), "by": "admin@example.org", "action": "change role",
        "person": "robin@example.org", "details": {"before": "trainee", "after": "leader"},
    }]  # fmt: skip
    resumed = accounts.resume(token, T1)
    assert resumed is not None and resumed.role is Role.LEADER


def test_deactivating_and_reactivating_are_audited(
    people: PeopleService, admin: SignedIn, robin: int
) -> None:
    people.set_active(admin, robin, False, T1)
    people.set_active(admin, robin, True, T1 + timedelta(minutes=1))
    log = people.audit_log(admin)
    assert [(e["by"], e["action"], e["person"]) for e in log] == [
        ("admin@example.org", "reactivate account", "robin@example.org"),
        ("admin@example.org", "deactivate account", "robin@example.org"),
    ]


def test_actions_on_an_unknown_account_are_refused_and_not_audited(
    people: PeopleService, admin: SignedIn
) -> None:
    with pytest.raises(AccountError, match="no such account"):
        people.change_role(admin, 9999, Role.LEADER, T1)
    with pytest.raises(AccountError, match="no such account"):
        people.set_active(admin, 9999, False, T1)
    assert people.audit_log(admin) == []


# -- an admin and their own account ------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.COORDINATOR, Role.LEADER])
def test_an_admin_cannot_demote_themself(
    db: Database, people: PeopleService, admin: SignedIn, role: Role
) -> None:
    with pytest.raises(AccountError, match="your own administrator role"):
        people.change_role(admin, admin.user_id, role, T1)
    row = user_store.user_by_id(db, admin.user_id)
    assert row is not None and row.role == "admin"
    assert people.audit_log(admin) == []


def test_an_admin_cannot_deactivate_themself(
    accounts: AccountsService, people: PeopleService, admin: SignedIn
) -> None:
    token = accounts.sign_in("admin@example.org", PASSWORD, T0)
    with pytest.raises(AccountError, match="deactivate your own account"):
        people.set_active(admin, admin.user_id, False, T1)
    assert accounts.resume(token, T1) is not None
    assert people.audit_log(admin) == []


def test_one_admin_may_demote_another(people: PeopleService, admin: SignedIn, make_person) -> None:
    other = make_person("Otto", Role.ADMIN)
    people.change_role(admin, other.user_id, Role.COORDINATOR, T1)
    assert {u.email: u.role for u in people.everyone(admin)}["otto@example.org"] == "coordinator"


# -- deactivation and sessions -----------------------------------------------------------------


def test_deactivation_ends_sessions_at_once_and_sign_in_fails_until_reactivated(
    accounts: AccountsService, people: PeopleService, admin: SignedIn, robin: int
) -> None:
    first = accounts.sign_in("robin@example.org", PASSWORD, T0)
    second = accounts.sign_in("robin@example.org", PASSWORD, T0)
    admin_token = accounts.sign_in("admin@example.org", PASSWORD, T0)
    assert accounts.resume(first, T0) is not None

    people.set_active(admin, robin, False, T1)
    assert accounts.resume(first, T1) is None
    assert accounts.resume(second, T1) is None
    assert accounts.resume(admin_token, T1) is not None
    with pytest.raises(AccountError, match=SIGN_IN_FAILED):
        accounts.sign_in("robin@example.org", PASSWORD, T1)

    people.set_active(admin, robin, True, T1 + timedelta(minutes=1))
    assert accounts.resume(first, T1 + timedelta(minutes=1)) is None  # old sessions stay ended
    token = accounts.sign_in("robin@example.org", PASSWORD, T1 + timedelta(minutes=1))
    again = accounts.resume(token, T1 + timedelta(minutes=1))
    assert again is not None and again.user_id == robin
