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


@dataclass(frozen=True)
class RunRow(RunRecord):
    id: int = 0


_COLUMNS = (
    "user_id, vignette_id, content_hash, started_at, finished_at, steps, counters, ending, "
    "points, max_points, score, hierarchy_errors, acceptance_share"
)


def save_run(db: Database, run: RunRecord) -> int:
    with write_transaction(db):
        cursor = db.execute(
            f"INSERT INTO vignette_runs ({_COLUMNS}) VALUES ({', '.join('?' * 13)})",
            [run.user_id, run.vignette_id, run.content_hash, run.started_at.isoformat(),
             run.finished_at.isoformat(), json.dumps(run.steps), json.dumps(run.counters),
             run.ending, run.points, run.max_points, run.score, run.hierarchy_errors,
             run.acceptance_share],
        )  # fmt: skip
        return cursor.lastrowid


def runs_of(db: Database, user_id: int) -> list[RunRow]:
    """A person's finished runs, newest first."""
    rows = db.execute(
        f"SELECT id, {_COLUMNS} FROM vignette_runs WHERE user_id = ? ORDER BY id DESC", [user_id]
    ).fetchall()
    return [
        RunRow(
            id=row[0],
            user_id=row[1],
            vignette_id=row[2],
            content_hash=row[3],
            started_at=datetime.fromisoformat(row[4]),
            finished_at=datetime.fromisoformat(row[5]),
            steps=json.loads(row[6]),
            counters=json.loads(row[7]),
            ending=row[8],
            points=row[9],
            max_points=row[10],
            score=row[11],
            hierarchy_errors=row[12],
            acceptance_share=row[13],
        )
        for row in rows
    ]
