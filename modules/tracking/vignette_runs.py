"""Storage of case vignette runs: one row per finished run, written in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from .database import write_transaction


@dataclass(frozen=True)
class RunRecord:
    user_id: int
    vignette_id: str
    run_key: str
    content_hash: str
    started_at: datetime
    finished_at: datetime
    steps: list[dict[str, Any]]
    counters: dict[str, int]
    ending: str | None
    points: int
    max_points: int
    score: float
    hierarchy_errors: int
    acceptance_share: float | None
    source: str = "self"  # "workshop": the person's votes in a live workshop on the room's path


@dataclass(frozen=True)
class RunRow(RunRecord):
    id: int = 0


_COLUMNS = (
    "user_id, vignette_id, run_key, content_hash, started_at, finished_at, steps, counters, "
    "ending, points, max_points, score, hierarchy_errors, acceptance_share, source"
)


def save_run(db: Database, run: RunRecord) -> int:
    """Keep a finished run; a second save of the same play (same key) returns the first's id."""
    with write_transaction(db):
        existing = db.execute(
            "SELECT id FROM vignette_runs WHERE user_id = ? AND vignette_id = ? AND run_key = ?",
            [run.user_id, run.vignette_id, run.run_key],
        ).fetchone()
        if existing is not None:
            return existing[0]
        cursor = db.execute(
            f"INSERT INTO vignette_runs ({_COLUMNS}) VALUES ({', '.join('?' * 15)})",
            [run.user_id, run.vignette_id, run.run_key, run.content_hash,
             run.started_at.isoformat(), run.finished_at.isoformat(), json.dumps(run.steps),
             json.dumps(run.counters),
             run.ending, run.points, run.max_points, run.score, run.hierarchy_errors,
             run.acceptance_share, run.source],
        )  # fmt: skip
        return cursor.lastrowid


def runs_of(db: Database, user_id: int) -> list[RunRow]:
    """A person's finished runs, newest first."""
    rows = db.execute(
        f"SELECT id, {_COLUMNS} FROM vignette_runs WHERE user_id = ? ORDER BY id DESC", [user_id]
    ).fetchall()
    return [_run_row(row) for row in rows]


def runs_of_many(db: Database, user_ids: list[int]) -> list[RunRow]:
    """The finished runs of several people in one query, newest first."""
    if not user_ids:
        return []
    marks = ", ".join("?" for _ in user_ids)
    rows = db.execute(
        f"SELECT id, {_COLUMNS} FROM vignette_runs WHERE user_id IN ({marks}) ORDER BY id DESC",
        list(user_ids),
    ).fetchall()
    return [_run_row(row) for row in rows]


def _run_row(row: tuple) -> RunRow:
    return RunRow(
        id=row[0],
        user_id=row[1],
        vignette_id=row[2],
        run_key=row[3],
        content_hash=row[4],
        started_at=datetime.fromisoformat(row[5]),
        finished_at=datetime.fromisoformat(row[6]),
        steps=json.loads(row[7]),
        counters=json.loads(row[8]),
        ending=row[9],
        points=row[10],
        max_points=row[11],
        score=row[12],
        hierarchy_errors=row[13],
        acceptance_share=row[14],
        source=row[15],
    )
