"""AccountsService on a real database: first admin, registration, sign-in, sessions, passwords."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from modules.accounts import AccountError, AccountsService, Role, SignedIn
from modules.accounts.passwords import verify_password
from modules.accounts.service import ABSOLUTE_LIFETIME, IDLE_TIMEOUT, SIGN_IN_FAILED, TOUCH_EVERY
from modules.tracking import Database, StoreError, StoreFactory

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "amber lantern orbit meadow"
NEW_PASSWORD = "quiet river morning tea"
EMAIL = "ada@example.org"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A migrated database on a real file, closed after the test."""
    database = StoreFactory(tmp_path / "training.db").open()
    yield database
    database.close()


@pytest.fixture
def service(db: Database) -> AccountsService:
    """The service with a cheap hasher, so each hash takes microseconds."""
    return AccountsService(db, hasher=FAST)


@pytest.fixture
def trainee(service: AccountsService) -> int:
    """The id of Ada, a registered trainee whose password is PASSWORD."""
    return service.register_trainee("Ada Lovelace", EMAIL, PASSWORD, T0)


@pytest.fixture
def token(service: AccountsService, trainee: int) -> str:
    """A session token of Ada's, signed in at T0."""
    return service.sign_in(EMAIL, PASSWORD, T0)


def stored_hash(db: Database, user_id: int) -> str:
    return db.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()[0]


def last_seen(db: Database, session_id: int) -> datetime:
    row = db.execute("SELECT last_seen_at FROM sessions WHERE id = ?", [session_id]).fetchone()
    return datetime.fromisoformat(row[0])


def every_stored_value(db: Database) -> list[Any]:
    values = []
    for table in db.table_names():
        for row in db.execute(f"SELECT * FROM [{table}]").fetchall():
            values.extend(row)
    return values


# -- the first administrator ---------------------------------------------------------------------


def test_the_first_admin_is_created_once_then_refused(service: AccountsService) -> None:
    assert service.needs_first_admin() is True
    admin_id = service.create_first_admin("Grace Hopper", "grace@example.org", PASSWORD, T0)
    assert service.needs_first_admin() is False
    with pytest.raises(AccountError, match="already been created"):
        service.create_first_admin("Mallory", "mallory@example.org", NEW_PASSWORD, T0)
    assert service.db.execute("SELECT id, role FROM users").fetchall() == [(admin_id, "admin")]
    person = service.resume(service.sign_in("grace@example.org", PASSWORD, T0), T0)
    assert person is not None and person.role is Role.ADMIN


def test_a_first_admin_created_elsewhere_meanwhile_is_still_refused(
    service: AccountsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.create_first_admin("Grace Hopper", "grace@example.org", PASSWORD, T0)
    # another process created the admin between this one's check and its write
    monkeypatch.setattr(service, "needs_first_admin", lambda: True)
    with pytest.raises((AccountError, StoreError), match="already"):
        service.create_first_admin("Mallory", "mallory@example.org", NEW_PASSWORD, T0)
    assert service.db.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_the_first_admin_obeys_the_password_rules(service: AccountsService) -> None:
    with pytest.raises(AccountError, match="at least 15 characters"):
        service.create_first_admin("Grace Hopper", "grace@example.org", "short", T0)
    assert service.needs_first_admin() is True


# -- registration --------------------------------------------------------------------------------


def test_a_trainee_registers(service: AccountsService) -> None:
    user_id = service.register_trainee("  Ada Lovelace ", "  Ada@Example.ORG ", PASSWORD, T0)
    row = service.db.execute(
        "SELECT email, name, role, active, created_at, password_hash FROM users WHERE id = ?",
        [user_id],
    ).fetchone()
    assert row[:5] == ("ada@example.org", "Ada Lovelace", "trainee", 1, T0.isoformat())
    assert row[5].startswith("$argon2id$") and PASSWORD not in row[5]
    assert verify_password(row[5], PASSWORD, FAST)[0] is True
    assert service.needs_first_admin() is False


def test_registering_with_the_real_hasher_stores_rfc_9106_parameters(db: Database) -> None:
    service = AccountsService(db)
    user_id = service.register_trainee("Ada Lovelace", EMAIL, PASSWORD, T0)
    assert stored_hash(db, user_id).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    person = service.resume(service.sign_in(EMAIL, PASSWORD, T0), T0)
    assert person is not None and person.user_id == user_id


def test_the_same_email_in_another_case_is_refused(service: AccountsService, trainee: int) -> None:
    with pytest.raises(AccountError, match="already exists") as raised:
        service.register_trainee("Another Ada", "ADA@example.ORG", NEW_PASSWORD, T0)
    assert "Sign in instead" in str(raised.value)
    assert service.db.execute("SELECT count(*) FROM users").fetchone()[0] == 1


@pytest.mark.parametrize(
    "email",
    ["", "   ", "ada", "ada@example", "ada@@example.org", "@example.org", "ada@.org",
     "ada lovelace@example.org", "ada@exa mple.org", "ada@example.", "a" * 250 + "@example.org"],
)  # fmt: skip
def test_a_bad_email_is_refused_with_an_example(service: AccountsService, email: str) -> None:
    with pytest.raises(AccountError) as raised:
        service.register_trainee("Ada Lovelace", email, PASSWORD, T0)
    assert str(raised.value) == "Enter an email address such as name@example.org."
    assert service.needs_first_admin() is True


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter your name."), ("   ", "Enter your name."),
     ("x" * 121, "Use at most 120 characters for your name.")],
)  # fmt: skip
def test_a_bad_name_is_refused_readably(service: AccountsService, name: str, message: str) -> None:
    with pytest.raises(AccountError) as raised:
        service.register_trainee(name, EMAIL, PASSWORD, T0)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("password", "words"),
    [("short", "at least 15"), ("passwordpassword", "commonly used"),
     ("lovelace and ada lovelace", "your name or email")],
)  # fmt: skip
def test_a_weak_password_is_refused_at_registration(
    service: AccountsService, password: str, words: str
) -> None:
    with pytest.raises(AccountError, match=words):
        service.register_trainee("Ada Lovelace", EMAIL, password, T0)
    assert service.db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_an_account_of_any_role_can_be_created_for_administrators_tools(
    service: AccountsService,
) -> None:
    for role in Role:
        service.create_account(f"Person {role.value}", f"{role.value}@example.org", PASSWORD,
                               role, T0)  # fmt: skip
    rows = dict(service.db.execute("SELECT email, role FROM users").fetchall())
    assert rows == {f"{role.value}@example.org": role.value for role in Role}
    with pytest.raises(AccountError, match="already exists"):
        service.create_account("Someone", "TRAINEE@example.org", NEW_PASSWORD, Role.LEADER, T0)
    person = service.resume(service.sign_in("leader@example.org", PASSWORD, T0), T0)
    assert person is not None and person.role is Role.LEADER


# -- signing in ----------------------------------------------------------------------------------


def test_an_unknown_email_and_a_wrong_password_give_the_same_message(
    service: AccountsService, trainee: int
) -> None:
    with pytest.raises(AccountError) as unknown:
        service.sign_in("nobody@example.org", PASSWORD, T0)
    with pytest.raises(AccountError) as wrong:
        service.sign_in(EMAIL, "not the right password at all", T0)
    assert str(unknown.value) == str(wrong.value) == SIGN_IN_FAILED
    assert service.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_sign_in_ignores_the_case_and_spaces_of_the_email(
    service: AccountsService, trainee: int
) -> None:
    person = service.resume(service.sign_in("  ADA@example.org ", PASSWORD, T0), T0)
    assert person is not None and person.user_id == trainee


def test_a_token_is_random_and_only_its_sha256_is_stored(
    service: AccountsService, trainee: int
) -> None:
    token = service.sign_in(EMAIL, PASSWORD, T0)
    other = service.sign_in(EMAIL, PASSWORD, T0)
    assert len(token) >= 43  # token_urlsafe(32): 256 bits
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert token != other
    rows = service.db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    hashes = service.db.execute("SELECT token_hash FROM sessions ORDER BY id").fetchall()
    assert hashes == [(hashlib.sha256(token.encode()).hexdigest(),),
                      (hashlib.sha256(other.encode()).hexdigest(),)]  # fmt: skip
    assert not any(token in str(value) for row in rows for value in row)
    assert not any(token in str(value) for value in every_stored_value(service.db))


def test_a_deactivated_person_cannot_sign_in(service: AccountsService, trainee: int) -> None:
    service.db.execute("UPDATE users SET active = 0 WHERE id = ?", [trainee])
    with pytest.raises(AccountError) as raised:
        service.sign_in(EMAIL, PASSWORD, T0)
    assert str(raised.value) == SIGN_IN_FAILED


def test_a_hash_with_weaker_parameters_is_replaced_at_the_next_sign_in(
    db: Database, service: AccountsService, trainee: int
) -> None:
    weak = stored_hash(db, trainee)  # made with FAST, weaker than the default
    real = AccountsService(db)
    token = real.sign_in(EMAIL, PASSWORD, T0)
    renewed = stored_hash(db, trainee)
    assert renewed != weak
    assert renewed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(renewed, PASSWORD) == (True, False)
    assert real.resume(token, T0) is not None
    real.sign_in(EMAIL, PASSWORD, T0 + timedelta(minutes=5))
    assert stored_hash(db, trainee) == renewed  # replaced once, not at every sign-in


# -- resuming a session --------------------------------------------------------------------------


def test_resume_gives_the_person_of_the_token(
    service: AccountsService, trainee: int, token: str
) -> None:
    person = service.resume(token, T0 + timedelta(minutes=5))
    assert isinstance(person, SignedIn)
    assert (person.user_id, person.name, person.email, person.role) == (
        trainee, "Ada Lovelace", EMAIL, Role.TRAINEE,
    )  # fmt: skip
    assert service.resume(token, T0 + timedelta(minutes=6)) == person


def test_resume_is_refused_after_sign_out(service: AccountsService, trainee: int) -> None:
    first = service.sign_in(EMAIL, PASSWORD, T0)
    second = service.sign_in(EMAIL, PASSWORD, T0)
    service.sign_out(first, T0 + timedelta(minutes=1))
    assert service.resume(first, T0 + timedelta(minutes=2)) is None
    assert service.resume(second, T0 + timedelta(minutes=2)) is not None  # only that session
    revoked = service.db.execute("SELECT revoked_at FROM sessions ORDER BY id").fetchall()
    assert revoked == [((T0 + timedelta(minutes=1)).isoformat(),), (None,)]


def test_sign_out_without_a_known_token_does_nothing(service: AccountsService, token: str) -> None:
    for nothing in (None, "", "not-a-token"):
        service.sign_out(nothing, T0)
    assert service.resume(token, T0) is not None


def test_resume_is_refused_after_the_idle_timeout(service: AccountsService, trainee: int) -> None:
    idle = service.sign_in(EMAIL, PASSWORD, T0)
    barely = service.sign_in(EMAIL, PASSWORD, T0)
    assert service.resume(barely, T0 + IDLE_TIMEOUT - timedelta(seconds=1)) is not None
    assert service.resume(idle, T0 + IDLE_TIMEOUT + timedelta(seconds=1)) is None
    assert service.resume(idle, T0 + IDLE_TIMEOUT + timedelta(minutes=1)) is None


def test_activity_keeps_a_session_alive_past_the_idle_timeout(
    service: AccountsService, token: str
) -> None:
    for minutes in range(0, 4 * 60 + 1, 30):
        assert service.resume(token, T0 + timedelta(minutes=minutes)) is not None


def test_resume_is_refused_after_the_absolute_lifetime_even_when_active(
    service: AccountsService, token: str
) -> None:
    for hour in range(1, 12):
        assert service.resume(token, T0 + timedelta(hours=hour)) is not None, hour
    assert service.resume(token, T0 + ABSOLUTE_LIFETIME + timedelta(seconds=1)) is None
    assert service.resume(token, T0 + ABSOLUTE_LIFETIME + timedelta(hours=1)) is None


def test_resume_touches_the_session_at_most_once_a_minute(
    service: AccountsService, token: str
) -> None:
    person = service.resume(token, T0 + timedelta(seconds=30))
    assert person is not None
    assert last_seen(service.db, person.session_id) == T0
    service.resume(token, T0 + TOUCH_EVERY + timedelta(seconds=1))
    assert last_seen(service.db, person.session_id) == T0 + TOUCH_EVERY + timedelta(seconds=1)


def test_resume_is_refused_for_a_deactivated_person(
    service: AccountsService, trainee: int, token: str
) -> None:
    assert service.resume(token, T0) is not None
    service.db.execute("UPDATE users SET active = 0 WHERE id = ?", [trainee])
    assert service.resume(token, T0 + timedelta(minutes=1)) is None


@pytest.mark.parametrize(
    "garbage",
    [None, "", " ", "not-a-token", secrets.token_urlsafe(32), 12345, b"bytes", ["list"], 0.5],
)
def test_resume_refuses_garbage_tokens(service: AccountsService, token: str, garbage: Any) -> None:
    assert service.resume(garbage, T0) is None


def test_a_tokens_hash_is_not_itself_a_token(service: AccountsService, token: str) -> None:
    hashed = service.db.execute("SELECT token_hash FROM sessions").fetchone()[0]
    assert service.resume(hashed, T0) is None


# -- changing the password -----------------------------------------------------------------------


def test_change_password_needs_the_right_current_password(
    service: AccountsService, token: str
) -> None:
    person = service.resume(token, T0)
    assert person is not None
    with pytest.raises(AccountError, match="current password is not correct"):
        service.change_password(person, "not my password at all", NEW_PASSWORD, T0)
    assert service.sign_in(EMAIL, PASSWORD, T0)  # unchanged


@pytest.mark.parametrize(
    ("new", "words"),
    [("short", "at least 15"), ("passwordpassword", "commonly used"),
     ("call me ada lovelace", "your name or email"), (PASSWORD, "different from your current")],
)  # fmt: skip
def test_change_password_refuses_a_weak_new_one(
    service: AccountsService, trainee: int, token: str, new: str, words: str
) -> None:
    person = service.resume(token, T0)
    assert person is not None
    before = stored_hash(service.db, trainee)
    with pytest.raises(AccountError, match=words):
        service.change_password(person, PASSWORD, new, T0)
    assert stored_hash(service.db, trainee) == before


def test_after_a_change_only_the_new_password_and_the_current_session_work(
    service: AccountsService, trainee: int
) -> None:
    here = service.sign_in(EMAIL, PASSWORD, T0)
    elsewhere = service.sign_in(EMAIL, PASSWORD, T0)
    person = service.resume(here, T0)
    assert person is not None
    later = T0 + timedelta(minutes=10)
    service.change_password(person, PASSWORD, NEW_PASSWORD, later)
    with pytest.raises(AccountError) as raised:
        service.sign_in(EMAIL, PASSWORD, later)
    assert str(raised.value) == SIGN_IN_FAILED
    assert service.resume(service.sign_in(EMAIL, NEW_PASSWORD, later), later) is not None
    assert service.resume(elsewhere, later + timedelta(minutes=1)) is None
    assert service.resume(here, later + timedelta(minutes=1)) == person
    changed_at = service.db.execute(
        "SELECT password_changed_at FROM users WHERE id = ?", [trainee]
    ).fetchone()[0]
    assert changed_at == later.isoformat()


def test_changing_one_persons_password_leaves_others_signed_in(
    service: AccountsService, trainee: int, token: str
) -> None:
    service.register_trainee("Grace Hopper", "grace@example.org", PASSWORD, T0)
    grace = service.sign_in("grace@example.org", PASSWORD, T0)
    person = service.resume(token, T0)
    assert person is not None
    service.change_password(person, PASSWORD, NEW_PASSWORD, T0)
    assert service.resume(grace, T0) is not None
