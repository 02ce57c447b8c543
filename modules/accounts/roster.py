"""Reading a cohort roster from CSV (name, email): every bad row reported with its line and why."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .service import EMAIL

MAX_ROWS = 2000


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    email: str


@dataclass(frozen=True)
class RosterProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Roster:
    good: tuple[RosterRow, ...]
    bad: tuple[RosterProblem, ...]


def parse_roster(text: str) -> Roster:
    """A header row naming `name` and `email` (any order, any case, other columns ignored), then
    one person a row. Blank rows are skipped; an email appearing twice is reported the second
    time."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return Roster((), (RosterProblem(1, "the file is empty; expected a header: name,email"),))
    columns = [h.strip().lower() for h in header]
    if "name" not in columns or "email" not in columns:
        found = ", ".join(h for h in columns if h) or "nothing"
        reason = f"the first row must name the columns 'name' and 'email' (found: {found})"
        return Roster((), (RosterProblem(1, reason),))
    name_at, email_at = columns.index("name"), columns.index("email")
    good: list[RosterRow] = []
    bad: list[RosterProblem] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(good) + len(bad) >= MAX_ROWS:
            bad.append(RosterProblem(line, f"more than {MAX_ROWS} rows; split the file"))
            break
        name = row[name_at].strip() if len(row) > name_at else ""
        email = row[email_at].strip().lower() if len(row) > email_at else ""
        if not name:
            bad.append(RosterProblem(line, "the name is missing"))
        elif len(name) > 120:
            bad.append(RosterProblem(line, "the name is longer than 120 characters"))
        elif not email:
            bad.append(RosterProblem(line, "the email is missing"))
        elif not EMAIL.match(email) or len(email) > 254:
            bad.append(RosterProblem(line, f"'{email}' is not an email address"))
        elif email in seen:
            bad.append(RosterProblem(line, f"{email} is already on line {seen[email]}"))
        else:
            seen[email] = line
            good.append(RosterRow(line, name, email))
    return Roster(tuple(good), tuple(bad))
