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


def first_answers(db: Database, user_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Each person's first scored answer to each item (reflections, unscored, left out), for
    these people or, with None, for everyone."""
    where, params = "", []
    if user_ids is not None:
        if not user_ids:
            return pd.DataFrame(columns=["user_id", "question_id", "score", "classification"])
        where, params = f"AND r.user_id IN ({_marks(user_ids)})", list(user_ids)
    rows = db.execute(
        "SELECT user_id, question_id, score, classification FROM ("
        " SELECT r.user_id, r.question_id, r.score, r.classification, row_number() OVER"
        " (PARTITION BY r.user_id, r.question_id ORDER BY r.id) AS nth"
        f" FROM responses AS r WHERE r.score IS NOT NULL {where}"
        ") WHERE nth = 1",
        params,
    ).fetchall()
    return pd.DataFrame(rows, columns=["user_id", "question_id", "score", "classification"])


def first_choices(db: Database, user_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Every choice in each person's first finished run of each case."""
    columns = ["user_id", "vignette_id", "node_id", "choice_id", "rating"]
    where, params = "", []
    if user_ids is not None:
        if not user_ids:
            return pd.DataFrame(columns=columns)
        where, params = f"WHERE user_id IN ({_marks(user_ids)})", list(user_ids)
    rows = db.execute(
        "SELECT run.user_id, run.vignette_id, json_extract(step.value, '$.node'),"
        " json_extract(step.value, '$.choice'), json_extract(step.value, '$.rating') FROM ("
        " SELECT user_id, vignette_id, steps, row_number() OVER"
        f" (PARTITION BY user_id, vignette_id ORDER BY id) AS nth FROM vignette_runs {where}"
        ") AS run, json_each(run.steps) AS step WHERE run.nth = 1",
        params,
    ).fetchall()
    return pd.DataFrame(rows, columns=columns)


def totals(db: Database, user_ids: Sequence[int]) -> tuple[int, float]:
    """count(*) and sum(score) over these people's answers: the floor a dashboard is timed by."""
    if not user_ids:
        return 0, 0.0
    row = db.execute(
        f"SELECT count(*), sum(score) FROM responses WHERE user_id IN ({_marks(user_ids)})",
        list(user_ids),
    ).fetchone()
    return row[0], row[1] or 0.0
