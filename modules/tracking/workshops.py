"""Storage of live workshops: sessions, the state of each step, participants, votes and typed
show-of-hands counts. Every change is one IMMEDIATE transaction; a leader's change bumps the
session's version, the one number participants' phones poll."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from .database import StoreWriteError, write_transaction


class CodeTaken(StoreWriteError):
    """Another session already has this join code."""


@dataclass(frozen=True)
class SessionRow:
    id: int
    code: str
    leader_id: int
    kind: str  # "case" or "items"
    subject: str  # a vignette id, or the question ids as JSON
    title: str
    path: tuple[str, ...]  # the step keys reached so far, in order
    position: int  # index into path of the step on screen
    version: int
    status: str  # "live" or "ended"
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class StepFlags:
    locked: bool = False
    revealed: bool = False
    tally_shown: bool = False


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    session_id: int
    display_name: str
    user_id: int | None
    joined_at: datetime


_SESSION = (
    "id, code, leader_id, kind, subject, title, path, position, version, status, created_at,"
    " expires_at, ended_at"
)


def _session(row) -> SessionRow:
    return SessionRow(
        row[0], row[1], row[2], row[3], row[4], row[5], tuple(json.loads(row[6])), row[7],
        row[8], row[9], datetime.fromisoformat(row[10]), datetime.fromisoformat(row[11]),
        datetime.fromisoformat(row[12]) if row[12] else None,
    )  # fmt: skip


def insert_session(
    db: Database, code: str, leader_id: int, kind: str, subject: str, title: str, first: str,
    now: datetime, expires_at: datetime,
) -> int:  # fmt: skip
    try:
        with write_transaction(db):
            return db.execute(
                "INSERT INTO workshop_sessions (code, leader_id, kind, subject, title, path,"
                " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [code, leader_id, kind, subject, title, json.dumps([first]), now.isoformat(),
                 expires_at.isoformat()],
            ).lastrowid  # fmt: skip
    except sqlite3.IntegrityError:
        raise CodeTaken(f"The code {code} is in use.") from None


def session_by_id(db: Database, session_id: int) -> SessionRow | None:
    row = db.execute(f"SELECT {_SESSION} FROM workshop_sessions WHERE id = ?", [session_id])
    found = row.fetchone()
    return _session(found) if found else None


def session_by_code(db: Database, code: str) -> SessionRow | None:
    row = db.execute(f"SELECT {_SESSION} FROM workshop_sessions WHERE code = ?", [code])
    found = row.fetchone()
    return _session(found) if found else None


def sessions_of(db: Database, leader_id: int | None) -> list[SessionRow]:
    """A leader's sessions (everyone's with None), newest first."""
    where, params = ("WHERE leader_id = ?", [leader_id]) if leader_id is not None else ("", [])
    rows = db.execute(
        f"SELECT {_SESSION} FROM workshop_sessions {where} ORDER BY id DESC", params
    ).fetchall()
    return [_session(r) for r in rows]


def version_of(db: Database, session_id: int) -> tuple[int, str, str] | None:
    """The one-row poll: (version, status, expires_at)."""
    row = db.execute(
        "SELECT version, status, expires_at FROM workshop_sessions WHERE id = ?", [session_id]
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def move(
    db: Database, session_id: int, path: tuple[str, ...], position: int,
    followed: tuple[str, str] | None = None,
) -> None:  # fmt: skip
    """Show the step at `position` of `path`; `followed`: (step, choice) the room's path took
    from that step."""
    with write_transaction(db):
        if followed is not None:
            db.execute(
                "INSERT INTO workshop_steps (session_id, step_key, followed) VALUES (?, ?, ?)"
                " ON CONFLICT (session_id, step_key) DO UPDATE SET followed = excluded.followed",
                [session_id, *followed],
            )
        db.execute(
            "UPDATE workshop_sessions SET path = ?, position = ?, version = version + 1"
            " WHERE id = ? AND status = 'live'",
            [json.dumps(list(path)), position, session_id],
        )


def set_flag(db: Database, session_id: int, step_key: str, flag: str, on: bool) -> None:
    if flag not in ("locked", "revealed", "tally_shown"):
        raise ValueError(flag)
    with write_transaction(db):
        db.execute(
            "INSERT INTO workshop_steps (session_id, step_key) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            [session_id, step_key],
        )
        db.execute(
            f"UPDATE workshop_steps SET {flag} = ? WHERE session_id = ? AND step_key = ?",
            [int(on), session_id, step_key],
        )
        db.execute("UPDATE workshop_sessions SET version = version + 1 WHERE id = ?", [session_id])


def followed_of(db: Database, session_id: int, step_key: str) -> str | None:
    row = db.execute(
        "SELECT followed FROM workshop_steps WHERE session_id = ? AND step_key = ?",
        [session_id, step_key],
    ).fetchone()
    return row[0] if row else None


def followed_all(db: Database, session_id: int) -> dict[str, str]:
    rows = db.execute(
        "SELECT step_key, followed FROM workshop_steps WHERE session_id = ?"
        " AND followed IS NOT NULL",
        [session_id],
    ).fetchall()
    return dict(rows)


def flags_of(db: Database, session_id: int) -> dict[str, StepFlags]:
    rows = db.execute(
        "SELECT step_key, locked, revealed, tally_shown FROM workshop_steps WHERE session_id = ?",
        [session_id],
    ).fetchall()
    return {r[0]: StepFlags(bool(r[1]), bool(r[2]), bool(r[3])) for r in rows}


def end(db: Database, session_id: int, now: datetime) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE workshop_sessions SET status = 'ended', ended_at = ?, version = version + 1"
            " WHERE id = ? AND status = 'live'",
            [now.isoformat(), session_id],
        )


def insert_participant(
    db: Database, session_id: int, token_hash: str, display_name: str, user_id: int | None,
    now: datetime,
) -> int:  # fmt: skip
    with write_transaction(db):
        return db.execute(
            "INSERT INTO workshop_participants (session_id, token_hash, display_name, user_id,"
            " joined_at) VALUES (?, ?, ?, ?, ?)",
            [session_id, token_hash, display_name, user_id, now.isoformat()],
        ).lastrowid


def participant_by_token(db: Database, token_hash: str) -> ParticipantRow | None:
    row = db.execute(
        "SELECT id, session_id, display_name, user_id, joined_at FROM workshop_participants"
        " WHERE token_hash = ?",
        [token_hash],
    ).fetchone()
    return ParticipantRow(*row[:4], datetime.fromisoformat(row[4])) if row else None


def participants_of(db: Database, session_id: int) -> list[ParticipantRow]:
    rows = db.execute(
        "SELECT id, session_id, display_name, user_id, joined_at FROM workshop_participants"
        " WHERE session_id = ? ORDER BY id",
        [session_id],
    ).fetchall()
    return [ParticipantRow(*r[:4], datetime.fromisoformat(r[4])) for r in rows]


def cast_vote(
    db: Database, session_id: int, participant_id: int, step_key: str, choice: str, now: datetime,
    allowed: callable,
) -> None:  # fmt: skip
    """Record or replace a vote, inside one transaction that first reads the session and step
    and asks `allowed(session, flags)` (which raises to refuse), so a vote cannot slip in
    after the leader locks the step or moves on."""
    with write_transaction(db):
        session = session_by_id(db, session_id)
        flags = flags_of_step(db, session_id, step_key)
        allowed(session, flags)
        db.execute(
            "INSERT INTO workshop_votes (session_id, step_key, participant_id, choice, voted_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, step_key, participant_id)"
            " DO UPDATE SET choice = excluded.choice, voted_at = excluded.voted_at",
            [session_id, step_key, participant_id, choice, now.isoformat()],
        )


def flags_of_step(db: Database, session_id: int, step_key: str) -> StepFlags:
    row = db.execute(
        "SELECT locked, revealed, tally_shown FROM workshop_steps WHERE session_id = ?"
        " AND step_key = ?",
        [session_id, step_key],
    ).fetchone()
    return StepFlags(*(bool(v) for v in row)) if row else StepFlags()


def vote_of(db: Database, session_id: int, step_key: str, participant_id: int) -> str | None:
    row = db.execute(
        "SELECT choice FROM workshop_votes WHERE session_id = ? AND step_key = ?"
        " AND participant_id = ?",
        [session_id, step_key, participant_id],
    ).fetchone()
    return row[0] if row else None


def votes_of(db: Database, session_id: int) -> list[tuple[str, int, str]]:
    """(step, participant, choice) of every vote in the session."""
    return db.execute(
        "SELECT step_key, participant_id, choice FROM workshop_votes WHERE session_id = ?"
        " ORDER BY step_key, participant_id",
        [session_id],
    ).fetchall()


def tally(db: Database, session_id: int, step_key: str) -> dict[str, int]:
    """Phone votes per choice at one step (a multiple-answer vote counts for each option)."""
    rows = db.execute(
        "SELECT choice, count(*) FROM workshop_votes WHERE session_id = ? AND step_key = ?"
        " GROUP BY choice",
        [session_id, step_key],
    ).fetchall()
    counts: dict[str, int] = {}
    for choice, n in rows:
        for part in choice.split("+"):
            counts[part] = counts.get(part, 0) + n
    return counts


def voters(db: Database, session_id: int, step_key: str) -> int:
    row = db.execute(
        "SELECT count(*) FROM workshop_votes WHERE session_id = ? AND step_key = ?",
        [session_id, step_key],
    ).fetchone()
    return row[0]


def set_hands(db: Database, session_id: int, step_key: str, counts: Mapping[str, int]) -> None:
    with write_transaction(db):
        db.execute(
            "DELETE FROM workshop_hands WHERE session_id = ? AND step_key = ?",
            [session_id, step_key],
        )
        db.conn.executemany(
            "INSERT INTO workshop_hands (session_id, step_key, choice, count) VALUES (?, ?, ?, ?)",
            [(session_id, step_key, c, n) for c, n in counts.items() if n],
        )
        db.execute("UPDATE workshop_sessions SET version = version + 1 WHERE id = ?", [session_id])


def hands_of(db: Database, session_id: int) -> dict[str, dict[str, int]]:
    """step -> choice -> hands counted."""
    out: dict[str, dict[str, int]] = {}
    for step, choice, n in db.execute(
        "SELECT step_key, choice, count FROM workshop_hands WHERE session_id = ?", [session_id]
    ).fetchall():
        out.setdefault(step, {})[choice] = n
    return out
