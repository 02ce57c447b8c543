"""Use cases for accounts: first-run administrator, registration, sign-in, sessions, passwords."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher

from modules.tracking import Database
from modules.tracking import users as store
from modules.tracking.users import EmailTaken

from .passwords import HASHER, hash_password, normalise, password_problems, verify_password
from .roles import Role

IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_LIFETIME = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)  # at most one write a minute to keep a session alive
TOKEN_BYTES = 32  # 256 bits from the operating system's CSPRNG
SIGN_IN_FAILED = "That email and password do not match an account."
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
LOCKED = (
    "Too many unsuccessful sign-ins for this email. Try again in 15 minutes, or ask an "
    "administrator to unlock the account."
)
RESET_CODE_LIFETIME = timedelta(hours=24)
RESET_FAILED = "That code does not match this email, or it has expired or been used."
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(Exception):
    """A sentence for the person at the keyboard: what went wrong and what to do."""


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    name: str
    email: str
    role: Role
    session_id: int


def token_hash(token: str) -> str:
    """Only a hash of a session token is stored, so a copy of the database opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


class AccountsService:
    def __init__(self, db: Database, hasher: PasswordHasher = HASHER) -> None:
        self.db = db
        self.hasher = hasher

    # -- creating accounts -----------------------------------------------------------------------

    def needs_first_admin(self) -> bool:
        return store.count_users(self.db) == 0

    def _checked(self, name: str, email: str, password: str) -> tuple[str, str]:
        name, email = name.strip(), email.strip().lower()
        if not name:
            raise AccountError("Enter your name.")
        if len(name) > 120:
            raise AccountError("Use at most 120 characters for your name.")
        if not EMAIL.match(email) or len(email) > 254:
            raise AccountError("Enter an email address such as name@example.org.")
        problems = password_problems(password, email=email, name=name)
        if problems:
            raise AccountError(" ".join(problems))
        return name, email

    def _create(self, name: str, email: str, password: str, role: Role, now: datetime,
                first_admin: bool = False) -> int:  # fmt: skip
        name, email = self._checked(name, email, password)
        hashed = hash_password(password, self.hasher)
        try:
            return store.insert_user(
                self.db, email=email, name=name, role=role.value, password_hash=hashed, now=now,
                only_if_no_users=first_admin,
            )  # fmt: skip
        except EmailTaken as error:
            raise AccountError(f"{error} Sign in instead, or use another address.") from None

    def create_first_admin(self, name: str, email: str, password: str, now: datetime) -> int:
        """The one-time set-up on an empty database; refused once anyone exists."""
        if not self.needs_first_admin():
            raise AccountError("The administrator has already been created. Sign in instead.")
        return self._create(name, email, password, Role.ADMIN, now, first_admin=True)

    def register_trainee(self, name: str, email: str, password: str, now: datetime) -> int:
        return self._create(name, email, password, Role.TRAINEE, now)

    def create_account(
        self, name: str, email: str, password: str, role: Role, now: datetime
    ) -> int:
        """An account of any role, for administrators' tools (the command line, People)."""
        return self._create(name, email, password, role, now)

    # -- sessions --------------------------------------------------------------------------------

    def sign_in(self, email: str, password: str, now: datetime) -> str:
        """A new session token, or AccountError with the same words whether the account is
        unknown or the password wrong (so the form reveals nobody's address)."""
        email = email.strip().lower()
        # counted per email whether or not an account exists, so the lock reveals nobody
        if store.failures_since(self.db, email, now - LOCKOUT_WINDOW) >= LOCKOUT_FAILURES:
            raise AccountError(LOCKED)
        user = store.user_by_email(self.db, email)
        if user is None:
            hash_password(password, self.hasher)  # spend the same time as a real check
            store.record_failure(self.db, email, now)
            raise AccountError(SIGN_IN_FAILED)
        ok, needs_rehash = verify_password(user.password_hash, password, self.hasher)
        if not ok or not user.active:
            store.record_failure(self.db, email, now)
            raise AccountError(SIGN_IN_FAILED)
        store.clear_failures(self.db, email)
        if needs_rehash:
            store.rehash_password(self.db, user.id, hash_password(password, self.hasher))
        token = secrets.token_urlsafe(TOKEN_BYTES)
        store.insert_session(self.db, user.id, token_hash(token), now)
        return token

    def resume(self, token: str | None, now: datetime) -> SignedIn | None:
        """The person a token belongs to, checked against the database on every rerun: refused
        when unknown, signed out, idle too long, past its lifetime or the account deactivated."""
        if not isinstance(token, str) or not token:
            return None
        found = store.session_by_token_hash(self.db, token_hash(token))
        if found is None or found.revoked or not found.user.active:
            return None
        if now - found.last_seen_at > IDLE_TIMEOUT or now - found.created_at > ABSOLUTE_LIFETIME:
            return None
        if now - found.last_seen_at > TOUCH_EVERY:
            store.touch_session(self.db, found.id, now)
        user = found.user
        return SignedIn(user.id, user.name, user.email, Role(user.role), found.id)

    def sign_out(self, token: str | None, now: datetime) -> None:
        if not isinstance(token, str) or not token:
            return
        found = store.session_by_token_hash(self.db, token_hash(token))
        if found is not None:
            store.revoke_session(self.db, found.id, now)

    def change_password(self, person: SignedIn, current: str, new: str, now: datetime) -> None:
        """Requires the current password; ends the person's other sessions."""
        user = store.user_by_id(self.db, person.user_id)
        if user is None or not verify_password(user.password_hash, current, self.hasher)[0]:
            raise AccountError("Your current password is not correct.")
        if normalise(current) == normalise(new):
            raise AccountError("Choose a password different from your current one.")
        problems = password_problems(new, email=user.email, name=user.name)
        if problems:
            raise AccountError(" ".join(problems))
        hashed = hash_password(new, self.hasher)
        store.set_password_hash(
            self.db, user.id, hashed, now, revoke_sessions_except=person.session_id
        )


RESET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reset_code() -> str:
    """Ten characters from an alphabet without look-alikes (about 50 bits), read out or
    written down once by the person who issues it."""
    return "".join(secrets.choice(RESET_ALPHABET) for _ in range(10))


def reset_code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def issue_reset_code(db, user_id: int, issued_by: int, now: datetime) -> str:
    """A one-time code for a person to set a new password; valid for RESET_CODE_LIFETIME."""
    code = new_reset_code()
    store.insert_reset_code(db, user_id, reset_code_hash(code), issued_by, now,
                            now + RESET_CODE_LIFETIME)  # fmt: skip
    return code


def reset_password(accounts: AccountsService, email: str, code: str, new_password: str,
                   now: datetime) -> None:  # fmt: skip
    """Set a new password with a reset code: single use, expiring; ends every session."""
    user = store.user_by_email(accounts.db, email.strip().lower())
    if user is None or not user.active:
        raise AccountError(RESET_FAILED)
    problems = password_problems(new_password, email=user.email, name=user.name)
    if problems:
        raise AccountError(" ".join(problems))
    hashed = hash_password(new_password, accounts.hasher)
    if not store.use_reset_code(accounts.db, user.id, reset_code_hash(code), hashed, now):
        raise AccountError(RESET_FAILED)
