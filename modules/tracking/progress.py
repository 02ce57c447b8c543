"""Storage of what trainees do: completed lessons, quiz attempts and their responses.

Append-only: an attempt's responses are never updated; a retake is a new attempt; whether an
attempt is finished, and its score, are derived from its responses by query."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from .database import StoreWriteError, write_transaction


class AlreadyAnswered(StoreWriteError):
    """This item already has an answer in this attempt (a double click, or a second tab)."""


@dataclass(frozen=True)
class NewAttempt:
    user_id: int
    module_id: str
    kind: str
    seed: str
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class ResponseRecord:
    question_id: str
    position: int
    content_hash: str
    shown_order: tuple[str, ...]
    answer: Any  # JSON-serialisable
    score: float | None
    correct: bool | None
    classification: str
    confidence: int | None
    seconds: float | None


@dataclass(frozen=True)
class AttemptRow:
    id: int
    user_id: int
    module_id: str
    kind: str
    seed: str
    item_ids: tuple[str, ...]
    started_at: datetime


@dataclass(frozen=True)
class ResponseRow:
    attempt_id: int
    question_id: str
    position: int
    content_hash: str
    shown_order: tuple[str, ...]
    answer: Any
    score: float | None
    correct: bool | None
    classification: str
    confidence: int | None
    seconds: float | None
    answered_at: datetime


def save_response(
    db: Database, attempt: NewAttempt | int, response: ResponseRecord, now: datetime
) -> int:
    """Write one answer, creating its attempt first when it is the attempt's first answer: one
    transaction, so an attempt never exists without the answer that started it. Returns the
    attempt id."""
    with write_transaction(db):
        existing = None
        if isinstance(attempt, NewAttempt):
            existing = db.execute(
                "SELECT id FROM attempts WHERE user_id = ? AND module_id = ? AND kind = ? "
                "AND seed = ?",
                [attempt.user_id, attempt.module_id, attempt.kind, attempt.seed],
            ).fetchone()
        if isinstance(attempt, NewAttempt) and existing is not None:
            attempt_id, user_id = existing[0], attempt.user_id  # its first answer arrived twice
        elif isinstance(attempt, NewAttempt):
            attempt_id = db.execute(
                "INSERT INTO attempts (user_id, module_id, kind, seed, item_ids, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [attempt.user_id, attempt.module_id, attempt.kind, attempt.seed,
                 json.dumps(list(attempt.item_ids)), now.isoformat()],
            ).lastrowid  # fmt: skip
            user_id = attempt.user_id
        else:
            attempt_id = attempt
            found = db.execute("SELECT user_id FROM attempts WHERE id = ?", [attempt_id]).fetchone()
            if found is None:
                raise StoreWriteError("That quiz attempt no longer exists.")
            user_id = found[0]
        try:
            db.execute(
                "INSERT INTO responses (attempt_id, user_id, question_id, position, content_hash, "
                "shown_order, answer, score, correct, classification, confidence, seconds, "
                "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [attempt_id, user_id, response.question_id, response.position,
                 response.content_hash, json.dumps(list(response.shown_order)),
                 json.dumps(response.answer), response.score,
                 None if response.correct is None else int(response.correct),
                 response.classification, response.confidence, response.seconds,
                 now.isoformat()],
            )  # fmt: skip
        except sqlite3.IntegrityError as error:
            if "UNIQUE" not in str(error):
                raise StoreWriteError(f"The answer could not be saved ({error}).") from None
            raise AlreadyAnswered("This question already has an answer in this attempt.") from None
        return attempt_id


def _attempt(row: Sequence) -> AttemptRow:
    return AttemptRow(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])),
                      datetime.fromisoformat(row[6]))  # fmt: skip


_ATTEMPT_COLUMNS = "id, user_id, module_id, kind, seed, item_ids, started_at"
_RESPONSE_COLUMNS = (
    "attempt_id, question_id, position, content_hash, shown_order, answer, score, correct, "
    "classification, confidence, seconds, answered_at"
)


def _response(row: Sequence) -> ResponseRow:
    return ResponseRow(
        attempt_id=row[0], question_id=row[1], position=row[2], content_hash=row[3],
        shown_order=tuple(json.loads(row[4])), answer=json.loads(row[5]), score=row[6],
        correct=None if row[7] is None else bool(row[7]), classification=row[8],
        confidence=row[9], seconds=row[10], answered_at=datetime.fromisoformat(row[11]),
    )  # fmt: skip


def attempts_of(db: Database, user_id: int, module_id: str | None = None) -> list[AttemptRow]:
    """A person's attempts, oldest first, for one module or all."""
    sql = f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE user_id = ?"
    params: list[Any] = [user_id]
    if module_id is not None:
        sql += " AND module_id = ?"
        params.append(module_id)
    return [_attempt(row) for row in db.execute(sql + " ORDER BY id", params).fetchall()]


def attempt_by_id(db: Database, attempt_id: int) -> AttemptRow | None:
    row = db.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE id = ?", [attempt_id])
    found = row.fetchone()
    return _attempt(found) if found else None


def responses_of_attempts(db: Database, attempt_ids: Sequence[int]) -> list[ResponseRow]:
    if not attempt_ids:
        return []
    marks = ", ".join("?" for _ in attempt_ids)
    rows = db.execute(
        f"SELECT {_RESPONSE_COLUMNS} FROM responses WHERE attempt_id IN ({marks}) "
        "ORDER BY attempt_id, position",
        list(attempt_ids),
    ).fetchall()
    return [_response(row) for row in rows]


def responses_of_user(db: Database, user_id: int) -> list[ResponseRow]:
    """Every answer a person gave, oldest first."""
    rows = db.execute(
        f"SELECT {_RESPONSE_COLUMNS} FROM responses WHERE user_id = ? ORDER BY id", [user_id]
    ).fetchall()
    return [_response(row) for row in rows]


def complete_lesson(db: Database, user_id: int, lesson_id: str, now: datetime) -> None:
    """Idempotent: completing a lesson twice keeps the first date."""
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO lesson_completions (user_id, lesson_id, completed_at) "
            "VALUES (?, ?, ?)",
            [user_id, lesson_id, now.isoformat()],
        )


def completed_lessons(db: Database, user_id: int) -> dict[str, datetime]:
    rows = db.execute(
        "SELECT lesson_id, completed_at FROM lesson_completions WHERE user_id = ?", [user_id]
    ).fetchall()
    return {lesson_id: datetime.fromisoformat(at) for lesson_id, at in rows}


def last_activity(db: Database, user_id: int) -> datetime | None:
    """The latest answer, completed lesson or finished case of a person."""
    row = db.execute(
        "SELECT max(at) FROM ("
        " SELECT max(answered_at) AS at FROM responses WHERE user_id = ?"
        " UNION ALL SELECT max(completed_at) FROM lesson_completions WHERE user_id = ?"
        " UNION ALL SELECT max(finished_at) FROM vignette_runs WHERE user_id = ?)",
        [user_id, user_id, user_id],
    ).fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None
