"""A database filled at every schema version, migrated step by step from the first to the
current one, keeps every row and every value, and the tables later migrations derive (counters,
activity per day, drawn items) agree with a recount."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from modules.tracking import Database, connect, write_transaction
from modules.tracking import certificates as certificate_store
from modules.tracking import cohorts as cohort_store
from modules.tracking import progress as store
from modules.tracking import users as user_store
from modules.tracking.schema import migrations
from tests.tracking.test_progress_store import new_attempt, record

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def apply_to(db: Database, name: str | None) -> None:
    """Apply every migration before `name` (all of them with None)."""
    with write_transaction(db):
        if name is None:
            migrations.apply(db)
        else:
            migrations.apply(db, stop_before=name)


def snapshot(db: Database, tables: list[str]) -> dict[str, list[tuple]]:
    out = {}
    for table in tables:
        columns = sorted(c.name for c in db[table].columns)
        out[table] = (columns, sorted(db.execute(f"SELECT {', '.join(columns)} FROM {table}")
                                      .fetchall(), key=repr))  # fmt: skip
    return out


def test_a_full_database_migrates_from_the_first_version_losing_nothing(tmp_path: Path) -> None:
    empty = connect(tmp_path / "empty.db")
    names = [m.name for m in migrations.pending(empty)]
    empty.close()
    db = connect(tmp_path / "history.db")
    rng = random.Random(4)
    apply_to(db, "m002_vignette_runs")  # version 1: accounts, sessions, attempts, answers
    users = [user_store.insert_user(db, email=f"p{n}@example.org", name=f"P {n}",
                                    role="trainee", password_hash="x", now=T0)
             for n in range(6)]  # fmt: skip
    for n in range(60):
        user = rng.choice(users)
        at = T0 + timedelta(hours=n)
        first = record("q1", 0, score=rng.choice([0.0, 1.0]))
        attempt = store.save_response(db, new_attempt(user, items=("q1", "q2", "q3")), first, at)
        if rng.random() < 0.7:
            store.save_response(db, attempt, record("q2", 1, score=0.5), at)
        store.complete_lesson(db, user, f"l{n % 4}", at)
    apply_to(db, "m003_cohorts_and_audit")  # version 2: case runs
    for n, user in enumerate(users):  # written as the code of that version wrote them
        with write_transaction(db):
            db.execute(
                "INSERT INTO vignette_runs (user_id, vignette_id, run_key, content_hash,"
                " started_at, finished_at, steps, counters, ending, points, max_points, score,"
                " hierarchy_errors, acceptance_share) VALUES (?, 'late-again', ?, 'h', ?, ?,"
                " ?, '{}', 'end', 2, 2, 1.0, 0, 1.0)",
                [user, f"k{n}", T0.isoformat(), (T0 + timedelta(days=n)).isoformat(),
                 '[{"node": "arrival", "choice": "a", "rating": "optimal"}]'],
            )  # fmt: skip
    apply_to(db, "m004_lockout_and_reset_codes")  # version 3: cohorts, roster, audit
    cohort = cohort_store.insert_cohort(db, name="Winter", coordinator_id=users[0],
                                        starts_on=date(2026, 1, 1), ends_on=None,
                                        target_on=None, pass_mark=80, invite_code="WINTER01",
                                        now=T0)  # fmt: skip
    for user in users[1:]:
        cohort_store.add_member(db, cohort, user, "code", T0)
    cohort_store.add_roster(db, cohort, [("Roster Person", "r@example.org")], T0)
    cohort_store.audit(db, users[0], "import roster", T0, cohort_id=cohort)
    apply_to(db, "m006_mastery_state")  # versions 4-5: lockout, reset codes, certificates
    certificate_store.issue(db, certificate_store.CertificateRow(
        "ABCD-EFGH", users[1], "P 1", "DBT", date(2026, 2, 1), 12.5), T0)  # fmt: skip
    tables = ["users", "sessions", "lesson_completions", "attempts", "responses",
              "vignette_runs", "cohorts", "cohort_members", "roster_entries", "audit_log",
              "certificates"]  # fmt: skip
    before = snapshot(db, tables)
    for name in names[names.index("m006_mastery_state") + 1 :]:
        apply_to(db, name)  # one version at a time, as upgrades happen
    apply_to(db, None)
    assert migrations.pending(db) == []
    after = snapshot(db, tables)
    for table in tables:
        old_columns, old_rows = before[table]
        new_columns, _ = after[table]
        assert set(old_columns) <= set(new_columns), table
        kept = sorted(db.execute(f"SELECT {', '.join(old_columns)} FROM {table}").fetchall(),
                      key=repr)  # fmt: skip
        assert kept == old_rows, f"{table} changed in migration"
    recount = dict(db.execute("SELECT attempt_id, count(*) FROM responses GROUP BY attempt_id")
                   .fetchall())  # fmt: skip
    for attempt_id, answered in db.execute("SELECT id, answered FROM attempts").fetchall():
        assert answered == recount.get(attempt_id, 0)
    events = db.execute("SELECT sum(events) FROM activity_days").fetchone()[0]
    answers, lessons = len(before["responses"][1]), len(before["lesson_completions"][1])
    assert events == answers + lessons + len(users)  # and one finished case each
    drawn = {r[0] for r in db.execute("SELECT question_id FROM drawn_items").fetchall()}
    assert drawn == {"q1", "q2", "q3"}
    assert {r[0] for r in db.execute("SELECT source FROM vignette_runs").fetchall()} == {"self"}
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
