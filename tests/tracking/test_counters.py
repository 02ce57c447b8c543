"""Totals kept by triggers (migration m008): per attempt, per person and day, and the item ids
ever drawn; they equal what a full recount gives, after inserts, deletions and a backfill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from modules.tracking import Database, connect, write_transaction
from modules.tracking import cohort_analytics as analytics
from modules.tracking import progress as store
from modules.tracking import users as user_store
from modules.tracking.progress import NewAttempt, ResponseRecord
from modules.tracking.schema import migrations

T0 = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)


def person(db: Database, n: int) -> int:
    return user_store.insert_user(db, email=f"p{n}@example.org", name=f"P {n}", role="trainee",
                                  password_hash="x", now=T0)  # fmt: skip


def answer(question: str, position: int, score: float | None) -> ResponseRecord:
    correct = None if score is None else score == 1.0
    return ResponseRecord(question, position, "h", (), {"a": 1}, score, correct, "a", None, 3.0)


def fill(db: Database) -> list[int]:
    users = [person(db, n) for n in range(3)]
    for n, user in enumerate(users):
        items = ("q1", "q2", "q3", f"only-{n}")
        attempt = store.save_response(db, NewAttempt(user, "m1", "practice", f"s{n}", items),
                                      answer("q1", 0, 1.0), T0)  # fmt: skip
        store.save_response(db, attempt, answer("q2", 1, 0.5), T0 + timedelta(hours=2))
        store.save_response(db, attempt, answer("q3", 2, None), T0 + timedelta(days=n))
        store.complete_lesson(db, user, "l1", T0 + timedelta(days=1))
        store.complete_lesson(db, user, "l1", T0 + timedelta(days=2))  # ignored: once only
    return users


def recount(db: Database) -> tuple[list, list]:
    attempts = db.execute(
        "SELECT a.id, count(r.id), coalesce(sum(r.score), 0), count(r.score) FROM attempts a"
        " LEFT JOIN responses r ON r.attempt_id = a.id GROUP BY a.id ORDER BY a.id"
    ).fetchall()
    days = db.execute(
        "SELECT user_id, day, count(*) FROM (SELECT user_id, substr(answered_at, 1, 10) AS day"
        " FROM responses UNION ALL SELECT user_id, substr(completed_at, 1, 10)"
        " FROM lesson_completions UNION ALL SELECT user_id, substr(finished_at, 1, 10)"
        " FROM vignette_runs) GROUP BY user_id, day ORDER BY user_id, day"
    ).fetchall()
    return attempts, days


def kept(db: Database) -> tuple[list, list]:
    attempts = db.execute("SELECT id, answered, points, scored FROM attempts ORDER BY id")
    days = db.execute("SELECT user_id, day, events FROM activity_days ORDER BY user_id, day")
    return attempts.fetchall(), days.fetchall()


def test_the_triggers_keep_the_totals_of_every_write(fresh_db: Database) -> None:
    fill(fresh_db)
    assert kept(fresh_db) == recount(fresh_db)
    attempts, days = kept(fresh_db)
    assert [a[1:] for a in attempts] == [(3, 1.5, 2)] * 3
    assert sum(d[2] for d in days) == 9 + 3  # nine answers, three lessons (the repeat ignored)
    with write_transaction(fresh_db):
        fresh_db.execute("DELETE FROM responses WHERE question_id = 'q2'")
        fresh_db.execute("UPDATE responses SET score = 1.0 WHERE question_id = 'q3'")
    assert kept(fresh_db) == recount(fresh_db)
    assert [a[1:] for a in kept(fresh_db)[0]] == [(2, 2.0, 2)] * 3


def test_every_drawn_item_is_known_and_gone_items_do_not_count(fresh_db: Database) -> None:
    users = fill(fresh_db)
    drawn = {r[0] for r in fresh_db.execute("SELECT question_id FROM drawn_items").fetchall()}
    assert drawn == {"q1", "q2", "q3", "only-0", "only-1", "only-2"}
    everything = analytics.attempt_totals(fresh_db, users, ["q2"], ["q1", "q2", "q3", "only-0",
                                                                   "only-1", "only-2"])  # fmt: skip
    assert [row[4] for row in everything] == [4, 4, 4]
    assert [row[8] for row in everything] == [1, 1, 1]  # q2 half right: a must-pass miss
    # the course lost "only-1": that person's attempt now has three items, the others' four
    fewer = analytics.attempt_totals(fresh_db, users, [], ["q1", "q2", "q3", "only-0", "only-2"])
    assert [row[4] for row in fewer] == [4, 3, 4]
    assert [row[5:8] for row in fewer] == [(3, 1.5, 2)] * 3


def test_the_migration_counts_what_was_written_before_it(db_path) -> None:
    db = connect(db_path)
    with write_transaction(db):
        migrations.apply(db, stop_before="m008_counters_kept_by_triggers")
    fill(db)
    assert "activity_days" not in db.table_names()
    with write_transaction(db):
        migrations.apply(db)
    assert kept(db) == recount(db)
    assert sum(d[2] for d in kept(db)[1]) == 12
    drawn = db.execute("SELECT count(*) FROM drawn_items").fetchone()[0]
    assert drawn == 6
    db.close()
