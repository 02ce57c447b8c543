"""Storage of the derived mastery table: per person and objective, the running weighted sums of
the mastery rule, and the cursor saying which answers and case runs are already folded in."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

CURSOR = "mastery"


@dataclass(frozen=True)
class Cursor:
    fingerprint: str
    last_response_id: int
    last_run_id: int


@dataclass(frozen=True)
class State:
    user_id: int
    objective_id: str
    weighted_sum: float
    weight: float
    evidence: int
    level: float | None  # None below the rule's minimum evidence
    last_at: str


def cursor(db: Database) -> Cursor | None:
    row = db.execute(
        "SELECT fingerprint, last_response_id, last_run_id FROM derived_cursors WHERE name = ?",
        [CURSOR],
    ).fetchone()
    return Cursor(*row) if row else None


def scored_answers_after(
    db: Database, response_id: int, user_ids: Sequence[int] | None = None
) -> list[tuple[int, int, str, float, str]]:
    """(id, user, question, score, answered_at) of scored answers after `response_id`, in id
    order; with `user_ids`, only theirs (and all of their history when response_id is 0)."""
    where, params = "", [response_id]
    if user_ids is not None:
        where = f" AND user_id IN ({', '.join('?' for _ in user_ids)})"
        params += list(user_ids)
    return db.execute(
        "SELECT id, user_id, question_id, score, answered_at FROM responses"
        f" WHERE score IS NOT NULL AND id > ?{where} ORDER BY id",
        params,
    ).fetchall()


def run_ratings_after(
    db: Database, run_id: int, user_ids: Sequence[int] | None = None
) -> list[tuple[int, int, str, str, list[str]]]:
    """(id, user, vignette, finished_at, the rating of each choice) of runs after `run_id`."""
    where, params = "", [run_id]
    if user_ids is not None:
        where = f" AND user_id IN ({', '.join('?' for _ in user_ids)})"
        params += list(user_ids)
    rows = db.execute(
        "SELECT id, user_id, vignette_id, finished_at, steps FROM vignette_runs"
        f" WHERE id > ?{where} ORDER BY id",
        params,
    ).fetchall()
    return [(i, u, v, at, [s["rating"] for s in json.loads(steps)]) for i, u, v, at, steps in rows]


def latest_ids(db: Database) -> tuple[int, int]:
    """The newest answer id and run id (0 when there are none)."""
    row = db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM responses),"
        " (SELECT coalesce(max(id), 0) FROM vignette_runs)"
    ).fetchone()
    return row[0], row[1]


def states_of(db: Database, user_ids: Iterable[int]) -> list[State]:
    ids = list(user_ids)
    if not ids:
        return []
    rows = db.execute(
        "SELECT user_id, objective_id, weighted_sum, weight, evidence, level, last_at"
        " FROM mastery_state"
        f" WHERE user_id IN ({', '.join('?' for _ in ids)})",
        ids,
    ).fetchall()
    return [State(*row) for row in rows]


def replace_states(
    db: Database, states: Iterable[tuple], forget_users: Iterable[int], cursor_now: Cursor,
    everything: bool = False,
) -> None:  # fmt: skip
    """Inside the caller's write transaction: drop the rows of `forget_users` (or every row),
    write `states` ((user, objective, weighted sum, weight, evidence, level, last_at) tuples)
    and move the cursor."""
    if everything:
        db.execute("DELETE FROM mastery_state")
    else:
        forget = list(forget_users)
        for start in range(0, len(forget), 500):
            chunk = forget[start : start + 500]
            db.execute(
                f"DELETE FROM mastery_state WHERE user_id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
    db.conn.executemany(
        "INSERT OR REPLACE INTO mastery_state (user_id, objective_id, weighted_sum, weight,"
        " evidence, level, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        sorted(states),  # in key order: appends to the table's b-tree
    )
    db.execute(
        "INSERT OR REPLACE INTO derived_cursors (name, fingerprint, last_response_id, last_run_id)"
        " VALUES (?, ?, ?, ?)",
        [CURSOR, cursor_now.fingerprint, cursor_now.last_response_id, cursor_now.last_run_id],
    )


def levels_of(db: Database, user_ids: Sequence[int]) -> list[tuple]:
    """(user, objective, level or None, evidence) of these people."""
    if not user_ids:
        return []
    return db.execute(
        "SELECT user_id, objective_id, level, evidence FROM mastery_state"
        f" WHERE user_id IN ({', '.join('?' for _ in user_ids)})",
        list(user_ids),
    ).fetchall()


def status_counts(
    db: Database, user_ids: Sequence[int], mastered: float, weak: float
) -> list[tuple[str, int, int, int]]:
    """Per objective: how many of these people have mastered it, are developing, are weak."""
    if not user_ids:
        return []
    return db.execute(
        "SELECT objective_id, sum(level >= ?), sum(level >= ? AND level < ?), sum(level < ?)"
        f" FROM mastery_state WHERE user_id IN ({', '.join('?' for _ in user_ids)})"
        " AND level IS NOT NULL GROUP BY objective_id",
        [mastered, weak, mastered, weak, *user_ids],
    ).fetchall()


def lowest(db: Database, user_ids: Sequence[int], limit: int) -> list[int]:
    """The `limit` people with the lowest mean level over the objectives they have one for
    (people with none last)."""
    if not user_ids:
        return []
    rows = db.execute(
        "SELECT user_id, avg(level) AS mean FROM mastery_state"
        f" WHERE user_id IN ({', '.join('?' for _ in user_ids)}) GROUP BY user_id"
        " ORDER BY mean IS NULL, mean, user_id LIMIT ?",
        [*user_ids, limit],
    ).fetchall()
    return [r[0] for r in rows]
