"""Storage of cohorts, their members and rosters, and the audit log."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from .database import StoreWriteError, write_transaction


@dataclass(frozen=True)
class CohortRow:
    id: int
    name: str
    coordinator_id: int
    starts_on: date | None
    ends_on: date | None
    target_on: date | None
    pass_mark: int | None
    invite_code: str


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    email: str
    joined_at: datetime
    via: str


_COHORT = "id, name, coordinator_id, starts_on, ends_on, target_on, pass_mark, invite_code"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _cohort(row: tuple) -> CohortRow:
    return CohortRow(row[0], row[1], row[2], _day(row[3]), _day(row[4]), _day(row[5]), row[6],
                     row[7])  # fmt: skip


def insert_cohort(
    db: Database, *, name: str, coordinator_id: int, starts_on: date | None, ends_on: date | None,
    target_on: date | None, pass_mark: int | None, invite_code: str, now: datetime,
) -> int:  # fmt: skip
    with write_transaction(db):
        try:
            return db.execute(
                "INSERT INTO cohorts (name, coordinator_id, starts_on, ends_on, target_on, "
                "pass_mark, invite_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [name, coordinator_id, starts_on and starts_on.isoformat(),
                 ends_on and ends_on.isoformat(), target_on and target_on.isoformat(), pass_mark,
                 invite_code, now.isoformat()],
            ).lastrowid  # fmt: skip
        except sqlite3.IntegrityError:
            raise StoreWriteError("That invitation code is taken; try again.") from None


def cohort_by_id(db: Database, cohort_id: int) -> CohortRow | None:
    row = db.execute(f"SELECT {_COHORT} FROM cohorts WHERE id = ?", [cohort_id]).fetchone()
    return _cohort(row) if row else None


def cohort_by_code(db: Database, code: str) -> CohortRow | None:
    row = db.execute(
        f"SELECT {_COHORT} FROM cohorts WHERE invite_code = ? COLLATE NOCASE", [code]
    ).fetchone()
    return _cohort(row) if row else None


def cohorts(db: Database, coordinator_id: int | None = None) -> list[CohortRow]:
    """All cohorts, or one coordinator's, newest first."""
    sql = f"SELECT {_COHORT} FROM cohorts"
    params: list[Any] = []
    if coordinator_id is not None:
        sql += " WHERE coordinator_id = ?"
        params.append(coordinator_id)
    return [_cohort(row) for row in db.execute(sql + " ORDER BY id DESC", params).fetchall()]


def add_member(db: Database, cohort_id: int, user_id: int, via: str, now: datetime) -> bool:
    """True when the person joined now; False when they were a member already."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO cohort_members (cohort_id, user_id, joined_at, via) "
            "VALUES (?, ?, ?, ?)",
            [cohort_id, user_id, now.isoformat(), via],
        )
        return cursor.rowcount == 1


def members(db: Database, cohort_id: int) -> list[MemberRow]:
    rows = db.execute(
        "SELECT users.id, users.name, users.email, cohort_members.joined_at, cohort_members.via "
        "FROM cohort_members JOIN users ON users.id = cohort_members.user_id "
        "WHERE cohort_members.cohort_id = ? ORDER BY users.name",
        [cohort_id],
    ).fetchall()
    return [MemberRow(r[0], r[1], r[2], datetime.fromisoformat(r[3]), r[4]) for r in rows]


def cohorts_of_member(db: Database, user_id: int) -> list[int]:
    rows = db.execute("SELECT cohort_id FROM cohort_members WHERE user_id = ?", [user_id])
    return [row[0] for row in rows.fetchall()]


def add_roster(db: Database, cohort_id: int, people: list[tuple[str, str]], now: datetime) -> int:
    """Add (name, email) rows in one transaction; rows already on the roster are skipped.
    Returns how many were added."""
    added = 0
    with write_transaction(db):
        for name, email in people:
            cursor = db.execute(
                "INSERT OR IGNORE INTO roster_entries (cohort_id, name, email, added_at) "
                "VALUES (?, ?, ?, ?)",
                [cohort_id, name, email, now.isoformat()],
            )
            added += cursor.rowcount
    return added


def roster(db: Database, cohort_id: int) -> list[tuple[str, str]]:
    rows = db.execute(
        "SELECT name, email FROM roster_entries WHERE cohort_id = ? ORDER BY name", [cohort_id]
    )
    return [(r[0], r[1]) for r in rows.fetchall()]


def rosters_with_email(db: Database, email: str) -> list[int]:
    rows = db.execute(
        "SELECT cohort_id FROM roster_entries WHERE email = ? COLLATE NOCASE", [email]
    )
    return [row[0] for row in rows.fetchall()]


def audit(
    db: Database, actor_id: int, action: str, now: datetime, target_user_id: int | None = None,
    **details: Any,
) -> None:  # fmt: skip
    with write_transaction(db):
        db.execute(
            "INSERT INTO audit_log (at, actor_id, action, target_user_id, details) "
            "VALUES (?, ?, ?, ?, ?)",
            [now.isoformat(), actor_id, action, target_user_id, json.dumps(details)],
        )


def audit_entries(db: Database, limit: int = 500) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT audit_log.at, actor.email, audit_log.action, target.email, audit_log.details "
        "FROM audit_log JOIN users AS actor ON actor.id = audit_log.actor_id "
        "LEFT JOIN users AS target ON target.id = audit_log.target_user_id "
        "ORDER BY audit_log.id DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [{"at": r[0], "by": r[1], "action": r[2], "person": r[3], "details": json.loads(r[4])}
            for r in rows]  # fmt: skip
