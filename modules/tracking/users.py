"""Storage of people and their sign-in sessions (the accounts package holds the rules)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from .database import StoreWriteError, write_transaction


class EmailTaken(StoreWriteError):
    """Another account already uses this email address."""


@dataclass(frozen=True)
class UserRow:
    id: int
    email: str
    name: str
    role: str
    password_hash: str
    active: bool


@dataclass(frozen=True)
class SessionRow:
    id: int
    user: UserRow
    created_at: datetime
    last_seen_at: datetime
    revoked: bool


_USER_COLUMNS = "users.id, users.email, users.name, users.role, users.password_hash, users.active"


def _user(row: tuple) -> UserRow:
    return UserRow(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


def count_users(db: Database) -> int:
    return db.execute("SELECT count(*) FROM users").fetchone()[0]


def insert_user(
    db: Database, *, email: str, name: str, role: str, password_hash: str, now: datetime,
    only_if_no_users: bool = False,
) -> int:  # fmt: skip
    """Add a person; with `only_if_no_users`, only while the database has nobody (first run)."""
    with write_transaction(db):
        if only_if_no_users and count_users(db):
            raise StoreWriteError("An administrator already exists.")
        try:
            cursor = db.execute(
                "INSERT INTO users (email, name, role, password_hash, active, created_at, "
                "password_changed_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                [email, name, role, password_hash, now.isoformat(), now.isoformat()],
            )
        except sqlite3.IntegrityError:
            raise EmailTaken("An account with this email address already exists.") from None
        return cursor.lastrowid


def user_by_email(db: Database, email: str) -> UserRow | None:
    row = db.execute(
        f"SELECT {_USER_COLUMNS} FROM users WHERE email = ? COLLATE NOCASE", [email]
    ).fetchone()
    return _user(row) if row else None


def user_by_id(db: Database, user_id: int) -> UserRow | None:
    row = db.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", [user_id]).fetchone()
    return _user(row) if row else None


def set_password_hash(
    db: Database,
    user_id: int,
    password_hash: str,
    now: datetime,
    revoke_sessions_except: int | None,
) -> None:
    """Store a new hash and end the person's other sessions in the same transaction."""
    with write_transaction(db):
        db.execute(
            "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
            [password_hash, now.isoformat(), user_id],
        )
        db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL "
            "AND id IS NOT ?",
            [now.isoformat(), user_id, revoke_sessions_except],
        )


def rehash_password(db: Database, user_id: int, password_hash: str) -> None:
    """Replace a hash made with older parameters (same password, so sessions stay)."""
    with write_transaction(db):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])


def insert_session(db: Database, user_id: int, token_hash: str, now: datetime) -> int:
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at) "
            "VALUES (?, ?, ?, ?)",
            [user_id, token_hash, now.isoformat(), now.isoformat()],
        )
        return cursor.lastrowid


def session_by_token_hash(db: Database, token_hash: str) -> SessionRow | None:
    row = db.execute(
        f"SELECT sessions.id, sessions.created_at, sessions.last_seen_at, sessions.revoked_at, "
        f"{_USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.user_id "
        "WHERE sessions.token_hash = ?",
        [token_hash],
    ).fetchone()
    if row is None:
        return None
    return SessionRow(
        id=row[0],
        created_at=datetime.fromisoformat(row[1]),
        last_seen_at=datetime.fromisoformat(row[2]),
        revoked=row[3] is not None,
        user=_user(row[4:]),
    )


def touch_session(db: Database, session_id: int, now: datetime) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE id = ?", [now.isoformat(), session_id]
        )


def revoke_session(db: Database, session_id: int, now: datetime) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            [now.isoformat(), session_id],
        )


def all_users(db: Database) -> list[UserRow]:
    rows = db.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY role, name").fetchall()
    return [_user(row) for row in rows]


def set_role(db: Database, user_id: int, role: str) -> None:
    with write_transaction(db):
        db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user_id])


def set_active(db: Database, user_id: int, active: bool, now: datetime) -> None:
    """Deactivating also ends every session of the person at once."""
    with write_transaction(db):
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])
        if not active:
            db.execute(
                "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                [now.isoformat(), user_id],
            )


def record_failure(db: Database, email: str, now: datetime) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO sign_in_failures (email, at) VALUES (?, ?)", [email, now.isoformat()]
        )


def failures_since(db: Database, email: str, since: datetime) -> int:
    row = db.execute(
        "SELECT count(*) FROM sign_in_failures WHERE email = ? COLLATE NOCASE AND at > ?",
        [email, since.isoformat()],
    ).fetchone()
    return row[0]


def clear_failures(db: Database, email: str) -> None:
    with write_transaction(db):
        db.execute("DELETE FROM sign_in_failures WHERE email = ? COLLATE NOCASE", [email])


def insert_reset_code(
    db: Database, user_id: int, code_hash: str, issued_by: int, now: datetime, expires: datetime
) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO reset_codes (user_id, code_hash, issued_by, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [user_id, code_hash, issued_by, now.isoformat(), expires.isoformat()],
        )


def use_reset_code(
    db: Database, user_id: int, code_hash: str, password_hash: str, now: datetime
) -> bool:
    """Spend a valid code and set the new password in one transaction (ending every session)."""
    with write_transaction(db):
        row = db.execute(
            "SELECT id FROM reset_codes WHERE user_id = ? AND code_hash = ? AND used_at IS NULL "
            "AND expires_at > ?",
            [user_id, code_hash, now.isoformat()],
        ).fetchone()
        if row is None:
            return False
        db.execute("UPDATE reset_codes SET used_at = ? WHERE id = ?", [now.isoformat(), row[0]])
        db.execute(
            "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
            [password_hash, now.isoformat(), user_id],
        )
        db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            [now.isoformat(), user_id],
        )
        db.execute("DELETE FROM sign_in_failures WHERE email = "
                   "(SELECT email FROM users WHERE id = ?) COLLATE NOCASE", [user_id])  # fmt: skip
        return True
