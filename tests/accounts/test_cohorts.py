"""CohortService on a real database: creating cohorts, who may reach them, rosters and joining."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from modules.accounts import AccountError, AccountsService, Role, SignedIn
from modules.accounts.cohorts import CODE_ALPHABET, CODE_LENGTH, CohortService, invitation_link
from modules.accounts.roles import PermissionDenied
from modules.accounts.roster import RosterProblem, RosterRow
from modules.tracking import Database, StoreFactory
from modules.tracking import cohorts as store

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "amber lantern orbit meadow"
GOOD_ROSTER = "name,email\nAda Lovelace,Ada@Example.org\nGrace Hopper,grace@example.org\n"
HALF_BAD_ROSTER = (
    "name,email\nAda Lovelace,ada@example.org\n,nobody@example.org\n"
    "Grace Hopper,grace@example.org\nAlan Turing,alan.example.org\n"
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = StoreFactory(tmp_path / "cohorts.db").open()
    yield database
    database.close()


@pytest.fixture
def accounts(db: Database) -> AccountsService:
    return AccountsService(db, hasher=FAST)


@pytest.fixture
def cohorts(db: Database) -> CohortService:
    return CohortService(db)


def sign_in(accounts: AccountsService, email: str) -> SignedIn:
    person = accounts.resume(accounts.sign_in(email, PASSWORD, T0), T0)
    assert person is not None
    return person


@pytest.fixture
def admin(accounts: AccountsService) -> SignedIn:
    accounts.create_first_admin("Ada Admin", "admin@example.org", PASSWORD, T0)
    return sign_in(accounts, "admin@example.org")


@pytest.fixture
def make_person(accounts: AccountsService, admin: SignedIn):
    def make(first_name: str, role: Role) -> SignedIn:
        email = f"{first_name.lower()}@staff.example.org"
        accounts.create_account(f"{first_name} {role.value.title()}", email, PASSWORD, role, T0)
        return sign_in(accounts, email)

    return make


@pytest.fixture
def coordinator(make_person) -> SignedIn:
    return make_person("Cora", Role.COORDINATOR)


@pytest.fixture
def other_coordinator(make_person) -> SignedIn:
    return make_person("Otto", Role.COORDINATOR)


@pytest.fixture
def cohort(cohorts: CohortService, coordinator: SignedIn) -> store.CohortRow:
    return cohorts.create(coordinator, "Spring 2026", T0)


def member_ids(db: Database, cohort_id: int) -> dict[str, str]:
    return {m.email: m.via for m in store.members(db, cohort_id)}


def user_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM users").fetchone()[0]


# -- creating cohorts --------------------------------------------------------------------------


def test_a_coordinator_creates_a_cohort_with_a_readable_code_and_an_audit_entry(
    db: Database, cohorts: CohortService, coordinator: SignedIn
) -> None:
    cohort = cohorts.create(
        coordinator, "  Spring 2026  ", T0, starts_on=date(2026, 1, 12),
        ends_on=date(2026, 6, 30), target_on=date(2026, 5, 31), pass_mark=80,
    )  # fmt: skip
    assert cohort.name == "Spring 2026"
    assert cohort.coordinator_id == coordinator.user_id
    assert (cohort.starts_on, cohort.ends_on, cohort.target_on, cohort.pass_mark) == (
        date(2026, 1, 12), date(2026, 6, 30), date(2026, 5, 31), 80
    )  # fmt: skip
    assert len(cohort.invite_code) == CODE_LENGTH
    assert set(cohort.invite_code) <= set(CODE_ALPHABET)
    assert not set("01IO") & set(CODE_ALPHABET)
    assert store.cohort_by_id(db, cohort.id) == cohort
    assert store.audit_entries(db) == [{
        "at": T0.isoformat(), "by": coordinator.email, "action": "create cohort", "person": None,
        "details": {"cohort": "Spring 2026"},
    }]  # fmt: skip


def test_codes_differ_between_cohorts(cohorts: CohortService, coordinator: SignedIn) -> None:
    codes = {cohorts.create(coordinator, f"Cohort {i}", T0).invite_code for i in range(20)}
    assert len(codes) == 20


def test_an_admin_may_create_a_cohort(cohorts: CohortService, admin: SignedIn) -> None:
    assert cohorts.create(admin, "Admin's own", T0).coordinator_id == admin.user_id


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.LEADER])
def test_a_trainee_or_leader_may_not_create_a_cohort(
    db: Database, cohorts: CohortService, make_person, role: Role
) -> None:
    person = make_person("Pat", role)
    with pytest.raises(PermissionDenied):
        cohorts.create(person, "Mine", T0)
    assert store.cohorts(db) == []
    assert store.audit_entries(db) == []


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("   ", {}, "name"),
        ("x" * 121, {}, "name"),
        ("Dates", {"starts_on": date(2026, 2, 1), "ends_on": date(2026, 1, 31)}, "end date"),
        ("Mark", {"pass_mark": 0}, "pass mark"),
        ("Mark", {"pass_mark": 101}, "pass mark"),
        ("Mark", {"pass_mark": -5}, "pass mark"),
    ],
)
def test_a_bad_name_dates_or_pass_mark_is_refused(
    db: Database, cohorts: CohortService, coordinator: SignedIn, name: str, options: dict,
    message: str,
) -> None:  # fmt: skip
    with pytest.raises(AccountError, match=message):
        cohorts.create(coordinator, name, T0, **options)
    assert store.cohorts(db) == []


@pytest.mark.parametrize("pass_mark", [1, 100])
def test_pass_marks_at_the_edges_are_accepted(
    cohorts: CohortService, coordinator: SignedIn, pass_mark: int
) -> None:
    assert cohorts.create(coordinator, "Edge", T0, pass_mark=pass_mark).pass_mark == pass_mark


def test_a_cohort_may_start_and_end_on_the_same_day(
    cohorts: CohortService, coordinator: SignedIn
) -> None:
    day = date(2026, 3, 1)
    cohort = cohorts.create(coordinator, "One day", T0, starts_on=day, ends_on=day)
    assert (cohort.starts_on, cohort.ends_on) == (day, day)


# -- who sees which cohorts --------------------------------------------------------------------


def test_mine_lists_a_coordinators_own_cohorts_and_all_for_an_admin(
    cohorts: CohortService, coordinator: SignedIn, other_coordinator: SignedIn, admin: SignedIn
) -> None:
    first = cohorts.create(coordinator, "First", T0)
    theirs = cohorts.create(other_coordinator, "Theirs", T0)
    second = cohorts.create(coordinator, "Second", T0)
    assert [c.id for c in cohorts.mine(coordinator)] == [second.id, first.id]
    assert [c.id for c in cohorts.mine(other_coordinator)] == [theirs.id]
    assert [c.id for c in cohorts.mine(admin)] == [second.id, theirs.id, first.id]


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.LEADER])
def test_mine_is_refused_to_trainees_and_leaders(
    cohorts: CohortService, cohort: store.CohortRow, make_person, role: Role
) -> None:
    with pytest.raises(PermissionDenied):
        cohorts.mine(make_person("Pat", role))


def test_another_coordinators_cohort_cannot_be_reached_by_its_id(
    db: Database, cohorts: CohortService, cohort: store.CohortRow, other_coordinator: SignedIn
) -> None:
    with pytest.raises(PermissionDenied):
        cohorts.get(other_coordinator, cohort.id)
    with pytest.raises(PermissionDenied):
        cohorts.members(other_coordinator, cohort.id)
    with pytest.raises(PermissionDenied):
        cohorts.roster(other_coordinator, cohort.id)
    with pytest.raises(PermissionDenied):
        cohorts.import_roster(other_coordinator, cohort.id, GOOD_ROSTER, T0)
    assert store.roster(db, cohort.id) == []


def test_a_cohort_that_does_not_exist_is_refused_in_the_same_way(
    cohorts: CohortService, cohort: store.CohortRow, coordinator: SignedIn, admin: SignedIn
) -> None:
    for person in (coordinator, admin):
        with pytest.raises(PermissionDenied, match="not one of yours"):
            cohorts.get(person, cohort.id + 1000)
    with pytest.raises(PermissionDenied, match="not one of yours"):
        cohorts.members(coordinator, cohort.id + 1000)


def test_the_owner_and_an_admin_reach_the_cohort(
    cohorts: CohortService, cohort: store.CohortRow, coordinator: SignedIn, admin: SignedIn
) -> None:
    assert cohorts.get(coordinator, cohort.id) == cohort
    assert cohorts.get(admin, cohort.id) == cohort


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.LEADER])
def test_a_trainee_or_leader_cannot_reach_a_cohort(
    cohorts: CohortService, cohort: store.CohortRow, make_person, role: Role
) -> None:
    with pytest.raises(PermissionDenied):
        cohorts.get(make_person("Pat", role), cohort.id)


# -- rosters -----------------------------------------------------------------------------------


def test_an_all_good_roster_is_imported_and_listed(
    db: Database, cohorts: CohortService, cohort: store.CohortRow, coordinator: SignedIn
) -> None:
    result = cohorts.import_roster(coordinator, cohort.id, GOOD_ROSTER, T0)
    assert (result.imported, result.already_there, result.joined_now) == (2, 0, 0)
    assert result.roster.bad == ()
    assert cohorts.roster(coordinator, cohort.id) == [
        ("Ada Lovelace", "ada@example.org"), ("Grace Hopper", "grace@example.org")
    ]  # fmt: skip
    entry = store.audit_entries(db)[0]
    assert (entry["by"], entry["action"]) == (coordinator.email, "import roster")
    assert entry["details"] == {"cohort_id": cohort.id, "imported": 2, "bad_rows": 0}


def test_a_roster_that_half_fails_imports_nothing_and_reports_the_bad_lines(
    db: Database, cohorts: CohortService, cohort: store.CohortRow, coordinator: SignedIn
) -> None:
    result = cohorts.import_roster(coordinator, cohort.id, HALF_BAD_ROSTER, T0)
    assert (result.imported, result.already_there, result.joined_now) == (0, 0, 0)
    assert result.roster.bad == (
        RosterProblem(3, "the name is missing"),
        RosterProblem(5, "'alan.example.org' is not an email address"),
    )
    assert result.roster.good == (
        RosterRow(2, "Ada Lovelace", "ada@example.org"),
        RosterRow(4, "Grace Hopper", "grace@example.org"),
    )
    assert cohorts.roster(coordinator, cohort.id) == []


def test_choosing_to_import_the_good_rows_imports_them(
    db: Database, cohorts: CohortService, cohort: store.CohortRow, coordinator: SignedIn
) -> None:
    result = cohorts.import_roster(
        coordinator, cohort.id, HALF_BAD_ROSTER, T0, import_good_rows=True
    )
    assert (result.imported, result.already_there) == (2, 0)
    assert len(result.roster.bad) == 2
    assert cohorts.roster(coordinator, cohort.id) == [
        ("Ada Lovelace", "ada@example.org"), ("Grace Hopper", "grace@example.org")
    ]  # fmt: skip
    assert store.audit_entries(db)[0]["details"]["bad_rows"] == 2


def test_a_second_import_counts_people_already_there(
    cohorts: CohortService, cohort: store.CohortRow, coordinator: SignedIn
) -> None:
    cohorts.import_roster(coordinator, cohort.id, GOOD_ROSTER, T0)
    again = GOOD_ROSTER + "Alan Turing,alan@example.org\n"
    result = cohorts.import_roster(coordinator, cohort.id, again, T0 + timedelta(days=1))
    assert (result.imported, result.already_there) == (1, 2)
    assert len(cohorts.roster(coordinator, cohort.id)) == 3


def test_an_admin_may_import_into_any_cohort(
    cohorts: CohortService, cohort: store.CohortRow, admin: SignedIn, coordinator: SignedIn
) -> None:
    assert cohorts.import_roster(admin, cohort.id, GOOD_ROSTER, T0).imported == 2
    assert len(cohorts.roster(coordinator, cohort.id)) == 2


def test_people_already_registered_join_at_once_via_the_roster(
    db: Database, accounts: AccountsService, cohorts: CohortService, cohort: store.CohortRow,
    coordinator: SignedIn,
) -> None:  # fmt: skip
    ada = accounts.register_trainee("Ada Lovelace", "ada@example.org", PASSWORD, T0)
    result = cohorts.import_roster(coordinator, cohort.id, GOOD_ROSTER, T0 + timedelta(hours=1))
    assert result.joined_now == 1
    members = cohorts.members(coordinator, cohort.id)
    assert [(m.user_id, m.via, m.joined_at) for m in members] == [
        (ada, "roster", T0 + timedelta(hours=1))
    ]
    again = cohorts.import_roster(coordinator, cohort.id, GOOD_ROSTER, T0 + timedelta(hours=2))
    assert again.joined_now == 0
    assert len(cohorts.members(coordinator, cohort.id)) == 1


# -- codes, links and registration -------------------------------------------------------------


def test_registering_with_a_valid_code_joins_via_code(
    db: Database, accounts: AccountsService, cohorts: CohortService, cohort: store.CohortRow
) -> None:
    typed = f"  {cohort.invite_code.lower()} "
    user_id = cohorts.register_trainee(
        accounts, "Robin Trainee", "robin@example.org", PASSWORD, typed, T0
    )
    assert member_ids(db, cohort.id) == {"robin@example.org": "code"}
    assert store.cohorts_of_member(db, user_id) == [cohort.id]


def test_registering_with_a_wrong_code_creates_no_account(
    db: Database, accounts: AccountsService, cohorts: CohortService, cohort: store.CohortRow
) -> None:
    before = user_count(db)
    with pytest.raises(AccountError, match="invitation code"):
        cohorts.register_trainee(
            accounts, "Robin Trainee", "robin@example.org", PASSWORD, "WRONGCDE", T0
        )
    assert user_count(db) == before
    with pytest.raises(AccountError):
        accounts.sign_in("robin@example.org", PASSWORD, T0)
    assert store.members(db, cohort.id) == []


def test_registering_with_an_email_on_a_roster_joins_that_cohort(
    db: Database, accounts: AccountsService, cohorts: CohortService, cohort: store.CohortRow,
    coordinator: SignedIn, other_coordinator: SignedIn,
) -> None:  # fmt: skip
    elsewhere = cohorts.create(other_coordinator, "Autumn", T0)
    cohorts.import_roster(coordinator, cohort.id, GOOD_ROSTER, T0)
    user_id = cohorts.register_trainee(
        accounts, "Ada Lovelace", " ADA@example.org ", PASSWORD, "", T0 + timedelta(days=1)
    )
    assert member_ids(db, cohort.id) == {"ada@example.org": "roster"}
    assert store.members(db, elsewhere.id) == []
    assert store.cohorts_of_member(db, user_id) == [cohort.id]


def test_a_code_and_a_roster_together_make_one_membership_each(
    db: Database, accounts: AccountsService, cohorts: CohortService, cohort: store.CohortRow,
    coordinator: SignedIn, other_coordinator: SignedIn,
) -> None:  # fmt: skip
    elsewhere = cohorts.create(other_coordinator, "Autumn", T0)
    cohorts.import_roster(coordinator, cohort.id, GOOD_ROSTER, T0)
    cohorts.import_roster(other_coordinator, elsewhere.id, GOOD_ROSTER, T0)
    user_id = cohorts.register_trainee(
        accounts, "Ada Lovelace", "ada@example.org", PASSWORD, cohort.invite_code, T0
    )
    assert sorted(store.cohorts_of_member(db, user_id)) == sorted([cohort.id, elsewhere.id])
    assert member_ids(db, cohort.id) == {"ada@example.org": "code"}
    assert member_ids(db, elsewhere.id) == {"ada@example.org": "roster"}


def test_registering_without_a_code_or_roster_joins_nothing(
    db: Database, accounts: AccountsService, cohorts: CohortService, cohort: store.CohortRow
) -> None:
    user_id = cohorts.register_trainee(
        accounts, "Robin Trainee", "robin@example.org", PASSWORD, "  ", T0
    )
    assert store.cohorts_of_member(db, user_id) == []


def test_joining_twice_by_code_keeps_one_membership(
    db: Database, accounts: AccountsService, cohorts: CohortService, cohort: store.CohortRow
) -> None:
    user_id = accounts.register_trainee("Robin Trainee", "robin@example.org", PASSWORD, T0)
    assert cohorts.join(user_id, cohort.invite_code, T0) == cohort
    assert cohorts.join(user_id, cohort.invite_code, T0 + timedelta(days=1)) == cohort
    (member,) = store.members(db, cohort.id)
    assert (member.user_id, member.joined_at) == (user_id, T0)
    with pytest.raises(AccountError):
        cohorts.join(user_id, "NOPE", T0)


@pytest.mark.parametrize(
    ("public_url", "link"),
    [
        (None, "/register?code=ABCD2345"),
        ("", "/register?code=ABCD2345"),
        ("https://dbt.example.org", "https://dbt.example.org/register?code=ABCD2345"),
        ("https://dbt.example.org/", "https://dbt.example.org/register?code=ABCD2345"),
        ("https://example.org/dbt/", "https://example.org/dbt/register?code=ABCD2345"),
    ],
)
def test_an_invitation_link_is_relative_without_a_public_address(
    public_url: str | None, link: str
) -> None:
    assert invitation_link(public_url, "ABCD2345") == link
