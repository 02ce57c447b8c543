"""Cohort-wide reads for the dashboard, as DataFrames: one query for many trainees at once."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlite_utils import Database


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids)


def responses(db: Database, user_ids: Sequence[int]) -> pd.DataFrame:
    """Every answer of these people: who, which item, score, right or not, what was chosen,
    when, and in what kind of attempt."""
    columns = ["user_id", "question_id", "score", "correct", "classification", "answered_at",
               "kind"]  # fmt: skip
    if not user_ids:
        return pd.DataFrame(columns=columns)
    rows = db.execute(
        "SELECT responses.user_id, responses.question_id, responses.score, responses.correct, "
        "responses.classification, responses.answered_at, attempts.kind FROM responses "
        "JOIN attempts ON attempts.id = responses.attempt_id "
        f"WHERE responses.user_id IN ({_marks(user_ids)}) ORDER BY responses.id",
        list(user_ids),
    ).fetchall()
    frame = pd.DataFrame(rows, columns=columns)
    frame["answered_at"] = pd.to_datetime(frame["answered_at"], format="ISO8601")
    return frame


def activity_by_day(db: Database, user_ids: Sequence[int]) -> pd.DataFrame:
    """Answers, completed lessons and finished cases per day."""
    if not user_ids:
        return pd.DataFrame(columns=["day", "events"])
    marks = _marks(user_ids)
    rows = db.execute(
        "SELECT substr(at, 1, 10) AS day, count(*) FROM ("
        f" SELECT answered_at AS at FROM responses WHERE user_id IN ({marks})"
        f" UNION ALL SELECT completed_at FROM lesson_completions WHERE user_id IN ({marks})"
        f" UNION ALL SELECT finished_at FROM vignette_runs WHERE user_id IN ({marks})"
        ") GROUP BY day ORDER BY day",
        [*user_ids, *user_ids, *user_ids],
    ).fetchall()
    frame = pd.DataFrame(rows, columns=["day", "events"])
    frame["day"] = pd.to_datetime(frame["day"])
    return frame
