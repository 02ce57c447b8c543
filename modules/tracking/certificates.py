"""Storage of certificates of completion: one per person, found by its verification code."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from .database import write_transaction


@dataclass(frozen=True)
class CertificateRow:
    code: str
    user_id: int
    name: str
    course: str
    completed_on: date
    hours: float


_COLUMNS = "code, user_id, name, course, completed_on, hours"


def _row(row: tuple) -> CertificateRow:
    return CertificateRow(row[0], row[1], row[2], row[3], date.fromisoformat(row[4]), row[5])


def certificate_of(db: Database, user_id: int) -> CertificateRow | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM certificates WHERE user_id = ?", [user_id])
    found = row.fetchone()
    return _row(found) if found else None


def certificate_by_code(db: Database, code: str) -> CertificateRow | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM certificates WHERE code = ?", [code]).fetchone()
    return _row(row) if row else None


def issue(db: Database, certificate: CertificateRow, now: datetime) -> CertificateRow:
    """Keep a certificate; a second request for the same person returns the first one."""
    # already issued (say, from another tab): the stored one wins
    with write_transaction(db), contextlib.suppress(sqlite3.IntegrityError):
        db.execute(
            f"INSERT INTO certificates ({_COLUMNS}, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [certificate.code, certificate.user_id, certificate.name, certificate.course,
             certificate.completed_on.isoformat(), certificate.hours, now.isoformat()],
        )  # fmt: skip
    stored = certificate_of(db, certificate.user_id)
    assert stored is not None
    return stored
