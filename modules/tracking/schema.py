"""The schema, grown only by migrations (sqlite_utils.Migrations), never edited in place."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

from .database import StoreUnavailable, write_transaction

migrations = Migrations("dbt_course")


@migrations()
def m001_accounts_and_progress(db: Database) -> None:
    db["users"].create(
        {
            "id": int,
            "email": str,
            "name": str,
            "role": str,
            "password_hash": str,
            "active": int,
            "created_at": str,
            "password_changed_at": str,
        },
        pk="id",
        not_null={"email", "name", "role", "password_hash", "active", "created_at"},
        defaults={"active": 1},
    )
    db.execute("CREATE UNIQUE INDEX idx_users_email ON users (email COLLATE NOCASE)")
    db["sessions"].create(
        {
            "id": int,
            "user_id": int,
            "token_hash": str,
            "created_at": str,
            "last_seen_at": str,
            "revoked_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "token_hash", "created_at", "last_seen_at"},
    )
    db["sessions"].create_index(["token_hash"], unique=True)
    db["sessions"].create_index(["user_id"])
    db["lesson_completions"].create(
        {"id": int, "user_id": int, "lesson_id": str, "completed_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "lesson_id", "completed_at"},
    )
    db["lesson_completions"].create_index(["user_id", "lesson_id"], unique=True)
    db["attempts"].create(
        {
            "id": int,
            "user_id": int,
            "module_id": str,
            "kind": str,
            "seed": str,
            "item_ids": str,  # JSON list, in the order shown
            "started_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "module_id", "kind", "seed", "item_ids", "started_at"},
    )
    db["attempts"].create_index(["user_id", "module_id"])
    # a quiz draw (its seed) becomes at most one attempt, even when its first answer is sent
    # twice (a double click, or two tabs)
    db["attempts"].create_index(["user_id", "module_id", "kind", "seed"], unique=True)
    db["responses"].create(
        {
            "id": int,
            "attempt_id": int,
            "user_id": int,
            "question_id": str,
            "position": int,
            "content_hash": str,
            "shown_order": str,  # JSON list of option/step/response ids as shown
            "answer": str,  # JSON
            "score": float,
            "correct": int,
            "classification": str,
            "confidence": int,
            "seconds": float,
            "answered_at": str,
        },
        pk="id",
        foreign_keys=[("attempt_id", "attempts", "id"), ("user_id", "users", "id")],
        not_null={"attempt_id", "user_id", "question_id", "position", "content_hash", "answer",
                  "classification", "answered_at"},
    )  # fmt: skip
    db["responses"].create_index(["attempt_id", "question_id"], unique=True)
    db["responses"].create_index(["user_id", "question_id"])


@migrations()
def m002_vignette_runs(db: Database) -> None:
    """One row per finished run of a case vignette, with every choice in it."""
    db["vignette_runs"].create(
        {
            "id": int,
            "user_id": int,
            "vignette_id": str,
            "run_key": str,  # the play's own random key: one play is kept once
            "content_hash": str,
            "started_at": str,
            "finished_at": str,
            "steps": str,  # JSON: node, choice, rating, pole, hierarchy error, counters, timing
            "counters": str,  # JSON: the counters at the end
            "ending": str,
            "points": int,
            "max_points": int,
            "score": float,
            "hierarchy_errors": int,
            "acceptance_share": float,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "vignette_id", "run_key", "content_hash", "started_at", "finished_at",
                  "steps", "counters", "points", "max_points", "score", "hierarchy_errors"},
    )  # fmt: skip
    db["vignette_runs"].create_index(["user_id", "vignette_id"])
    # a run (one play of a case by one person) is kept once, however often it is finished
    db["vignette_runs"].create_index(["user_id", "vignette_id", "run_key"], unique=True)


@migrations()
def m003_cohorts_and_audit(db: Database) -> None:
    """Cohorts run by coordinators, their members and rosters, and the audit log of people
    administration."""
    db["cohorts"].create(
        {
            "id": int,
            "name": str,
            "coordinator_id": int,
            "starts_on": str,
            "ends_on": str,
            "target_on": str,
            "pass_mark": int,  # overrides the modules' pass marks when set
            "invite_code": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("coordinator_id", "users", "id")],
        not_null={"name", "coordinator_id", "invite_code", "created_at"},
    )
    db["cohorts"].create_index(["invite_code"], unique=True)
    db["cohort_members"].create(
        {"cohort_id": int, "user_id": int, "joined_at": str, "via": str},
        pk=("cohort_id", "user_id"),
        foreign_keys=[("cohort_id", "cohorts", "id"), ("user_id", "users", "id")],
        not_null={"joined_at", "via"},
    )
    db["cohort_members"].create_index(["user_id"])
    db["roster_entries"].create(
        {"id": int, "cohort_id": int, "name": str, "email": str, "added_at": str},
        pk="id",
        foreign_keys=[("cohort_id", "cohorts", "id")],
        not_null={"cohort_id", "name", "email", "added_at"},
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_roster_cohort_email "
        "ON roster_entries (cohort_id, email COLLATE NOCASE)"
    )
    db["audit_log"].create(
        {"id": int, "at": str, "actor_id": int, "action": str, "target_user_id": int,
         "details": str},
        pk="id",
        foreign_keys=[("actor_id", "users", "id")],
        not_null={"at", "actor_id", "action"},
    )  # fmt: skip


@migrations()
def m004_lockout_and_reset_codes(db: Database) -> None:
    """Failed sign-ins (counted in the database, so a new tab or a restart does not reset them)
    and one-time password-reset codes (only their hashes)."""
    db["sign_in_failures"].create(
        {"id": int, "email": str, "at": str}, pk="id", not_null={"email", "at"}
    )
    db.execute("CREATE INDEX idx_failures_email ON sign_in_failures (email COLLATE NOCASE, at)")
    db["reset_codes"].create(
        {"id": int, "user_id": int, "code_hash": str, "issued_by": int, "created_at": str,
         "expires_at": str, "used_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("issued_by", "users", "id")],
        not_null={"user_id", "code_hash", "issued_by", "created_at", "expires_at"},
    )  # fmt: skip
    db["reset_codes"].create_index(["code_hash"], unique=True)


@migrations()
def m005_certificates(db: Database) -> None:
    """Certificates of completion, found by their verification code."""
    db["certificates"].create(
        {"code": str, "user_id": int, "name": str, "course": str, "completed_on": str,
         "hours": float, "issued_at": str},
        pk="code",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "name", "course", "completed_on", "hours", "issued_at"},
    )  # fmt: skip
    db["certificates"].create_index(["user_id"], unique=True)


@migrations()
def m006_mastery_state(db: Database) -> None:
    """Mastery per person and objective, folded forward from the answers and case runs written
    since the last fold (a derived table: it can be dropped and rebuilt from the history)."""
    # WITHOUT ROWID: the rows live in the key's b-tree, so reading a cohort's rows by user_id
    # touches no second structure (about 4x faster than a rowid table at 100,000 rows)
    db.execute(
        "CREATE TABLE mastery_state (user_id INTEGER NOT NULL REFERENCES users(id),"
        " objective_id TEXT NOT NULL, weighted_sum REAL NOT NULL, weight REAL NOT NULL,"
        " evidence INTEGER NOT NULL, level REAL, last_at TEXT NOT NULL,"
        " PRIMARY KEY (user_id, objective_id)) WITHOUT ROWID"
    )
    db["derived_cursors"].create(
        {"name": str, "fingerprint": str, "last_response_id": int, "last_run_id": int},
        pk="name",
        not_null={"fingerprint", "last_response_id", "last_run_id"},
    )


@migrations()
def m007_covering_indexes_for_cohort_reads(db: Database) -> None:
    """Indexes that hold every column the whole-cohort reads use, so SQLite answers them from
    the index alone (at 300,000 answers: wrong choices 115 -> 40 ms, repeated misses 94 -> 21,
    latest activity per person and answers per day 185 -> 104)."""
    db["responses"].create_index(["user_id", "correct", "question_id", "classification"])
    db["responses"].create_index(["user_id", "answered_at"])


_ACTIVITY_SOURCES = (  # table, its time column
    ("responses", "answered_at"),
    ("lesson_completions", "completed_at"),
    ("vignette_runs", "finished_at"),
)


@migrations()
def m008_counters_kept_by_triggers(db: Database) -> None:
    """Totals the dashboard reads, kept exact by triggers in the same transaction as each write
    (so every writer, old or new, keeps them): per attempt its answers, points and scored
    answers; every item id ever drawn; per person and day their answers, completed lessons and
    finished cases."""
    for column, kind in (("answered", "INTEGER"), ("points", "REAL"), ("scored", "INTEGER")):
        db.execute(f"ALTER TABLE attempts ADD COLUMN {column} {kind} NOT NULL DEFAULT 0")
    db.execute(
        "UPDATE attempts SET (answered, points, scored) = (SELECT count(*),"
        " coalesce(sum(score), 0), count(score) FROM responses WHERE attempt_id = attempts.id)"
    )
    db.execute(
        "CREATE TRIGGER attempt_counts_insert AFTER INSERT ON responses BEGIN"
        " UPDATE attempts SET answered = answered + 1, points = points + coalesce(NEW.score, 0),"
        " scored = scored + (NEW.score IS NOT NULL) WHERE id = NEW.attempt_id; END"
    )
    db.execute(
        "CREATE TRIGGER attempt_counts_delete AFTER DELETE ON responses BEGIN"
        " UPDATE attempts SET answered = answered - 1, points = points - coalesce(OLD.score, 0),"
        " scored = scored - (OLD.score IS NOT NULL) WHERE id = OLD.attempt_id; END"
    )
    db.execute(
        "CREATE TRIGGER attempt_counts_update AFTER UPDATE OF score, attempt_id ON responses"
        " BEGIN"
        " UPDATE attempts SET answered = answered - 1, points = points - coalesce(OLD.score, 0),"
        " scored = scored - (OLD.score IS NOT NULL) WHERE id = OLD.attempt_id;"
        " UPDATE attempts SET answered = answered + 1, points = points + coalesce(NEW.score, 0),"
        " scored = scored + (NEW.score IS NOT NULL) WHERE id = NEW.attempt_id; END"
    )
    # every item id ever drawn into an attempt: when the course still has them all (the usual
    # case), an attempt's size is json_array_length(item_ids), with no per-attempt JSON walk
    db.execute("CREATE TABLE drawn_items (question_id TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute(
        "INSERT OR IGNORE INTO drawn_items SELECT DISTINCT value FROM attempts,"
        " json_each(attempts.item_ids)"
    )
    db.execute(
        "CREATE TRIGGER drawn_items_insert AFTER INSERT ON attempts BEGIN"
        " INSERT OR IGNORE INTO drawn_items SELECT value FROM json_each(NEW.item_ids); END"
    )
    db.execute(
        "CREATE TABLE activity_days (user_id INTEGER NOT NULL REFERENCES users(id),"
        " day TEXT NOT NULL, events INTEGER NOT NULL, PRIMARY KEY (user_id, day)) WITHOUT ROWID"
    )
    union = " UNION ALL ".join(
        f"SELECT user_id, substr({column}, 1, 10) AS day FROM {table}"
        for table, column in _ACTIVITY_SOURCES
    )
    db.execute(
        f"INSERT INTO activity_days SELECT user_id, day, count(*) FROM ({union})"
        " GROUP BY user_id, day"
    )
    for table, column in _ACTIVITY_SOURCES:
        db.execute(
            f"CREATE TRIGGER activity_{table}_insert AFTER INSERT ON {table} BEGIN"
            " INSERT INTO activity_days (user_id, day, events)"
            f" VALUES (NEW.user_id, substr(NEW.{column}, 1, 10), 1)"
            " ON CONFLICT (user_id, day) DO UPDATE SET events = events + 1; END"
        )
        db.execute(
            f"CREATE TRIGGER activity_{table}_delete AFTER DELETE ON {table} BEGIN"
            " UPDATE activity_days SET events = events - 1"
            f" WHERE user_id = OLD.user_id AND day = substr(OLD.{column}, 1, 10);"
            " DELETE FROM activity_days WHERE user_id = OLD.user_id"
            f" AND day = substr(OLD.{column}, 1, 10) AND events <= 0; END"
        )
        db.execute(
            f"CREATE TRIGGER activity_{table}_update AFTER UPDATE OF user_id, {column} ON {table}"
            " BEGIN"
            " UPDATE activity_days SET events = events - 1"
            f" WHERE user_id = OLD.user_id AND day = substr(OLD.{column}, 1, 10);"
            " DELETE FROM activity_days WHERE user_id = OLD.user_id"
            f" AND day = substr(OLD.{column}, 1, 10) AND events <= 0;"
            " INSERT INTO activity_days (user_id, day, events)"
            f" VALUES (NEW.user_id, substr(NEW.{column}, 1, 10), 1)"
            " ON CONFLICT (user_id, day) DO UPDATE SET events = events + 1; END"
        )


@migrations()
def m009_workshops(db: Database) -> None:
    """Live workshops: a session a leader runs, the steps it has shown, the people in the room
    (a display name; an account only when a signed-in trainee answers as themself), their
    votes (one per person and step, a changed vote replaces the earlier one) and the counts of
    a show of hands typed by the leader."""
    db.execute(
        "CREATE TABLE workshop_sessions (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
        " leader_id INTEGER NOT NULL REFERENCES users(id), kind TEXT NOT NULL,"
        " subject TEXT NOT NULL, title TEXT NOT NULL, path TEXT NOT NULL,"
        " position INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 1,"
        " status TEXT NOT NULL DEFAULT 'live', created_at TEXT NOT NULL,"
        " expires_at TEXT NOT NULL, ended_at TEXT)"
    )
    db.execute("CREATE INDEX idx_workshop_sessions_leader ON workshop_sessions (leader_id)")
    db.execute(
        "CREATE TABLE workshop_steps (session_id INTEGER NOT NULL"
        " REFERENCES workshop_sessions(id), step_key TEXT NOT NULL,"
        " locked INTEGER NOT NULL DEFAULT 0, revealed INTEGER NOT NULL DEFAULT 0,"
        " tally_shown INTEGER NOT NULL DEFAULT 0, followed TEXT,"
        " PRIMARY KEY (session_id, step_key))"
        " WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE workshop_participants (id INTEGER PRIMARY KEY,"
        " session_id INTEGER NOT NULL REFERENCES workshop_sessions(id),"
        " token_hash TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
        " user_id INTEGER REFERENCES users(id), joined_at TEXT NOT NULL)"
    )
    db.execute(
        "CREATE INDEX idx_workshop_participants_session ON workshop_participants (session_id)"
    )
    db.execute(
        "CREATE TABLE workshop_votes (session_id INTEGER NOT NULL"
        " REFERENCES workshop_sessions(id), step_key TEXT NOT NULL,"
        " participant_id INTEGER NOT NULL REFERENCES workshop_participants(id),"
        " choice TEXT NOT NULL, voted_at TEXT NOT NULL,"
        " PRIMARY KEY (session_id, step_key, participant_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE workshop_hands (session_id INTEGER NOT NULL"
        " REFERENCES workshop_sessions(id), step_key TEXT NOT NULL, choice TEXT NOT NULL,"
        " count INTEGER NOT NULL CHECK (count >= 0),"
        " PRIMARY KEY (session_id, step_key, choice)) WITHOUT ROWID"
    )
    # a case run made of a trainee's votes in a workshop is marked as such
    db.execute("ALTER TABLE vignette_runs ADD COLUMN source TEXT NOT NULL DEFAULT 'self'")


def migrate(db: Database) -> None:
    """Bring the database up to the current schema; safe when several processes start at once,
    because the check and the changes happen inside one IMMEDIATE transaction."""
    try:
        with write_transaction(db):
            migrations.apply(db)
    except sqlite3.Error as error:
        raise StoreUnavailable(f"The progress database could not be prepared ({error}).") from None
