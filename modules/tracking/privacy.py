"""Every table that holds something about a person, in one registry: how to find that person's
rows, and what erasing them does. A test fails on any table that is neither here nor declared
free of personal data, so a new table cannot hold people's data unnoticed.

Erasure deletes what identifies the person and what only they need (account, sessions, cohort
places, roster lines, certificates, sign-in failures, reset codes, lessons done, derived
mastery), and keeps their answers and case choices under a fresh anonymous account so item
statistics stay right (each erased person stays one respondent, no longer anyone in
particular). The file is then vacuumed with secure delete on and the write-ahead log emptied,
so the email and name are gone from the database file and its WAL, not only from its tables.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from .database import StoreWriteError, write_transaction


@dataclass(frozen=True)
class Holding:
    finds: str  # WHERE clause for the person's rows (:id, :email)
    holds: str  # what it keeps about them, in words
    erase: tuple[str, ...]  # statements run on erasure (:id, :email, :anon)
    refuse_when_found: str | None = None  # a reason to refuse erasure while rows exist


def _delete(table: str, where: str) -> tuple[str, ...]:
    return (f"DELETE FROM {table} WHERE {where}",)


REGISTRY: dict[str, Holding] = {
    "sessions": Holding("user_id = :id", "sign-in sessions (token hashes, times)",
                        _delete("sessions", "user_id = :id")),
    "lesson_completions": Holding("user_id = :id", "lessons marked complete",
                                  _delete("lesson_completions", "user_id = :id")),
    "attempts": Holding("user_id = :id", "quiz attempts", (
        "UPDATE attempts SET user_id = :anon WHERE user_id = :id",)),
    "responses": Holding("user_id = :id", "every answer (kept anonymised for item statistics)", (
        "UPDATE responses SET user_id = :anon WHERE user_id = :id",)),
    "vignette_runs": Holding("user_id = :id", "case runs (kept anonymised for item statistics)", (
        "UPDATE vignette_runs SET user_id = :anon WHERE user_id = :id",)),
    "activity_days": Holding("user_id = :id", "answers, lessons and cases per day (derived)", (
        "UPDATE activity_days SET user_id = :anon WHERE user_id = :id",)),
    "mastery_state": Holding("user_id = :id", "mastery per objective (derived)",
                             _delete("mastery_state", "user_id = :id")),
    "cohort_members": Holding("user_id = :id", "cohort memberships",
                              _delete("cohort_members", "user_id = :id")),
    "roster_entries": Holding("email = :email COLLATE NOCASE", "roster lines (name, email)",
                              _delete("roster_entries", "email = :email COLLATE NOCASE")),
    "sign_in_failures": Holding("email = :email COLLATE NOCASE", "failed sign-ins (email, time)",
                                _delete("sign_in_failures", "email = :email COLLATE NOCASE")),
    "reset_codes": Holding("user_id = :id OR issued_by = :id", "password-reset codes (hashes)",
                           _delete("reset_codes", "user_id = :id OR issued_by = :id")),
    "certificates": Holding("user_id = :id", "certificates (name, date, code)",
                            _delete("certificates", "user_id = :id")),
    "audit_log": Holding("actor_id = :id OR target_user_id = :id", "administrative actions", (
        "UPDATE audit_log SET actor_id = :anon WHERE actor_id = :id",
        "UPDATE audit_log SET target_user_id = :anon WHERE target_user_id = :id")),
    "workshop_participants": Holding("user_id = :id", "workshop display names", (
        "UPDATE workshop_participants SET user_id = NULL, display_name = 'Erased participant'"
        " WHERE user_id = :id",)),
    # last: the rows above refer to it
    "users": Holding("id = :id", "name, email, role, password hash, account dates",
                     _delete("users", "id = :id")),
    "cohorts": Holding("coordinator_id = :id", "cohorts this person runs", (),
                       "they run cohorts; give the cohorts to another coordinator first"),
    "workshop_sessions": Holding("leader_id = :id", "workshops this person led", (),
                                 "they led workshops; their summaries would lose their leader"),
}  # fmt: skip

# tables that hold nothing about a person, and why
NO_PERSON = {
    "_sqlite_migrations": "which schema changes were applied",
    "derived_cursors": "how far the derived tables have been brought up to date",
    "drawn_items": "item ids ever drawn into a quiz",
    "workshop_steps": "a workshop's step state",
    "workshop_votes": "a vote refers to a participant, whose name erasure replaces",
    "workshop_hands": "show-of-hands counts typed by the leader",
}


class ErasureRefused(StoreWriteError):
    """The person cannot be erased yet; the message says what to do first."""


def export(db: Database, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about the person, table by table (empty tables left out)."""
    email = _email(db, user_id)
    out = {}
    for table, holding in REGISTRY.items():
        cursor = db.execute(f"SELECT * FROM {table} WHERE {holding.finds}",
                            {"id": user_id, "email": email})  # fmt: skip
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if rows:
            out[table] = rows
    return out


def _email(db: Database, user_id: int) -> str:
    row = db.execute("SELECT email FROM users WHERE id = ?", [user_id]).fetchone()
    if row is None:
        raise StoreWriteError("There is no such person.")
    return row[0]


def erase(db: Database, user_id: int, now: datetime) -> int:
    """Erase the person as described above; returns the id of the anonymous account that keeps
    their answers. Refuses (changing nothing) while they run cohorts or led workshops."""
    email = _email(db, user_id)
    params: dict[str, Any] = {"id": user_id, "email": email}
    db.execute("PRAGMA secure_delete = ON")  # freed pages are overwritten with zeros
    with write_transaction(db):
        for holding in REGISTRY.values():
            if (
                holding.refuse_when_found
                and db.execute(
                    f"SELECT 1 FROM {_table_of(holding)} WHERE {holding.finds} LIMIT 1", params
                ).fetchone()
            ):
                raise ErasureRefused(f"This person cannot be erased yet: "
                                     f"{holding.refuse_when_found}.")  # fmt: skip
        params["anon"] = db.execute(
            "INSERT INTO users (email, name, role, password_hash, active, created_at)"
            " VALUES (?, 'Erased person', 'trainee', '!', 0, ?)",
            [f"erased-{secrets.token_hex(8)}@erased.invalid", now.isoformat()],
        ).lastrowid
        for holding in REGISTRY.values():
            for statement in holding.erase:
                db.execute(statement, params)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")  # rewrites the file: no old page keeps the email or the name
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return params["anon"]


def _table_of(holding: Holding) -> str:
    return next(table for table, h in REGISTRY.items() if h is holding)
