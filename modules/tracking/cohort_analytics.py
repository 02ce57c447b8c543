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
    """Answers, completed lessons and finished cases per day (from the per-day counts the
    triggers of migration m008 keep)."""
    if not user_ids:
        return pd.DataFrame(columns=["day", "events"])
    rows = db.execute(
        f"SELECT day, sum(events) FROM activity_days WHERE user_id IN ({_marks(user_ids)})"
        " GROUP BY day ORDER BY day",
        list(user_ids),
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


def attempt_totals(
    db: Database, user_ids: Sequence[int], must_pass: Sequence[str], known: Sequence[str]
) -> list[tuple]:
    """Per attempt of these people: id, user, module, kind, how many of its items are still
    `known` (in the course), answers, points, scored answers (the counts triggers keep on each
    attempt), and must-pass items answered wrongly in it. Two queries for a whole cohort."""
    if not user_ids:
        return []
    people = _marks(user_ids)
    missed = dict(db.execute(
        f"SELECT attempt_id, count(*) FROM responses WHERE user_id IN ({people})"
        f" AND correct = 0 AND question_id IN ({_marks(must_pass) or 'NULL'})"
        " GROUP BY attempt_id", [*user_ids, *must_pass]).fetchall())  # fmt: skip
    gone = [row[0] for row in db.execute(
        f"SELECT question_id FROM drawn_items WHERE question_id NOT IN ({_marks(known) or 'NULL'})",
        list(known)).fetchall()]  # fmt: skip
    size = "json_array_length(item_ids)"
    if gone:  # items since taken out of the course do not count towards an attempt's size
        size += (" - (SELECT count(*) FROM json_each(item_ids)"
                 f" WHERE json_each.value IN ({_marks(gone)}))")  # fmt: skip
    rows = db.execute(
        f"SELECT id, user_id, module_id, kind, {size}, answered, points, scored FROM attempts"
        f" WHERE user_id IN ({people}) ORDER BY id",
        [*gone, *user_ids],
    ).fetchall()
    return [(*row, missed.get(row[0], 0)) for row in rows]


def right_once(db: Database, user_ids: Sequence[int], question_ids: Sequence[str]) -> set[tuple]:
    """(user, question) pairs answered correctly at least once."""
    if not user_ids or not question_ids:
        return set()
    rows = db.execute(
        f"SELECT DISTINCT user_id, question_id FROM responses WHERE correct = 1"
        f" AND question_id IN ({_marks(question_ids)}) AND user_id IN ({_marks(user_ids)})",
        [*question_ids, *user_ids],
    ).fetchall()
    return {(r[0], r[1]) for r in rows}


def per_user(db: Database, user_ids: Sequence[int]) -> dict[int, tuple[int, str | None]]:
    """Per person: completed lessons and the time of their latest activity of any kind (one
    index seek per person and table: a max() per group would read every answer)."""
    if not user_ids:
        return {}
    rows = db.execute(
        "SELECT id, (SELECT count(*) FROM lesson_completions WHERE user_id = users.id),"
        " max(coalesce((SELECT max(answered_at) FROM responses WHERE user_id = users.id), ''),"
        "  coalesce((SELECT max(completed_at) FROM lesson_completions"
        "   WHERE user_id = users.id), ''),"
        "  coalesce((SELECT max(finished_at) FROM vignette_runs WHERE user_id = users.id), ''))"
        f" FROM users WHERE id IN ({_marks(user_ids)})",
        list(user_ids),
    ).fetchall()
    found = {user: (lessons, latest or None) for user, lessons, latest in rows}
    return {u: found.get(u, (0, None)) for u in user_ids}


def scored_answers(db: Database, user_ids: Sequence[int]) -> pd.DataFrame:
    """user_id, question_id, score, correct, answered_at of every scored answer, in order."""
    columns = ["user_id", "question_id", "score", "correct", "answered_at"]
    if not user_ids:
        return pd.DataFrame(columns=columns)
    rows = db.execute(
        "SELECT user_id, question_id, score, correct, answered_at FROM responses"
        f" WHERE score IS NOT NULL AND user_id IN ({_marks(user_ids)}) ORDER BY id",
        list(user_ids),
    ).fetchall()
    return pd.DataFrame(rows, columns=columns)


def repeated_misses(db: Database, user_ids: Sequence[int], at_least: int) -> set[tuple]:
    """(user, question) pairs answered wrongly at least `at_least` times."""
    if not user_ids:
        return set()
    rows = db.execute(
        "SELECT user_id, question_id FROM responses WHERE correct = 0"
        f" AND user_id IN ({_marks(user_ids)}) GROUP BY user_id, question_id"
        " HAVING count(*) >= ?",
        [*user_ids, at_least],
    ).fetchall()
    return {(r[0], r[1]) for r in rows}


def wrong_choices(db: Database, user_ids: Sequence[int]) -> pd.DataFrame:
    """How often each wrong answer (item and what was chosen) was given by these people."""
    columns = ["question_id", "classification", "times"]
    if not user_ids:
        return pd.DataFrame(columns=columns)
    rows = db.execute(
        "SELECT question_id, classification, count(*) FROM responses WHERE correct = 0"
        f" AND user_id IN ({_marks(user_ids)}) GROUP BY question_id, classification",
        list(user_ids),
    ).fetchall()
    return pd.DataFrame(rows, columns=columns)
