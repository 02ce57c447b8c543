"""Opening the store: pragmas, migrations, IMMEDIATE write transactions and readable errors."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from modules.tracking import (
    Database,
    StoreError,
    StoreFactory,
    StoreUnavailable,
    StoreWriteError,
    database,
    write_transaction,
)
from modules.tracking.schema import migrate, migrations

TABLES = {"users", "sessions", "lesson_completions", "attempts", "responses"}
NOW = "2026-01-05T09:00:00+00:00"


def add_user(db: Database, email: str = "ada@example.org") -> int:
    return db.execute(
        "INSERT INTO users (email, name, role, password_hash, active, created_at) "
        "VALUES (?, 'Ada', 'trainee', 'x', 1, ?)",
        [email, NOW],
    ).lastrowid


def schema_of(db: Database) -> list[tuple[Any, ...]]:
    return db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def applied_rows(db: Database) -> list[tuple[Any, ...]]:
    return db.execute(
        "SELECT migration_set, name, applied_at FROM _sqlite_migrations ORDER BY id"
    ).fetchall()


def registered_migrations(tmp_path: Path) -> list[str]:
    """The names of every migration in the set, in order: all of them are pending on an empty
    database."""
    empty = database.connect(tmp_path / "empty.db")
    return [migration.name for migration in migrations.pending(empty)]


def open_with_factory(path: str, barrier: Any) -> None:
    """Run in a spawned process: wait for the others, then open (and so migrate) the file."""
    barrier.wait(timeout=60)
    StoreFactory(path).open().close()


# -- connecting ----------------------------------------------------------------------------------


def test_a_new_connection_uses_wal_a_busy_timeout_and_foreign_keys(db_path: Path) -> None:
    db = database.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_connect_creates_the_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "training.db"
    database.connect(path)
    assert path.is_file()


def test_a_connection_begins_no_transaction_by_itself(fresh_db: Database) -> None:
    add_user(fresh_db)
    assert not fresh_db.conn.in_transaction


def test_connect_waits_for_a_writer_while_switching_the_file_to_wal(db_path: Path) -> None:
    """Two first opens of a new file race: both read journal_mode "delete", one switches to WAL
    (holding the write lock of the rollback-mode file) while the other, already reading, asks
    for the same switch and gets "database is locked" at once, with no busy wait. Here the state
    is built deterministically: a writer holds the lock of a file still in rollback mode and lets
    go 0.3 s later; connect, with its 10 s busy timeout, must wait for it instead of failing."""
    db_path.parent.mkdir(parents=True)
    writer = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE earlier (a)")
    writer.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, writer.execute, ["ROLLBACK"])
    release.start()
    try:
        db = database.connect(db_path)
    finally:
        release.join()
        writer.close()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_connect_under_a_regular_file_raises_store_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file where a folder should be")
    path = blocker / "training.db"
    with pytest.raises(StoreUnavailable) as raised:
        database.connect(path)
    message = str(raised.value)
    assert message.startswith(f"The progress database {path} cannot be opened (")
    assert "Traceback" not in message and "\n" not in message
    assert isinstance(raised.value, StoreError)


def test_connect_to_a_folder_raises_store_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="cannot be opened"):
        database.connect(tmp_path)


def test_a_factory_on_an_impossible_path_raises_store_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreUnavailable):
        StoreFactory(blocker / "training.db").open()


def test_a_file_that_is_not_a_database_raises_store_unavailable(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not an SQLite file, just some text " * 100)
    with pytest.raises(StoreUnavailable, match="cannot be"):
        StoreFactory(db_path).open()


# -- migrations ----------------------------------------------------------------------------------


def test_migrations_from_empty_create_the_tables_and_record_themselves(
    db_path: Path, tmp_path: Path
) -> None:
    names = registered_migrations(tmp_path)
    assert names[0] == "m001_accounts_and_progress"
    db = database.connect(db_path)
    assert db.table_names() == []
    migrate(db)
    assert TABLES | {"_sqlite_migrations"} <= set(db.table_names())
    rows = applied_rows(db)
    assert [(migration_set, name) for migration_set, name, _ in rows] == [
        ("dbt_course", name) for name in names
    ]
    assert all(applied_at for _, _, applied_at in rows)
    assert [m.name for m in migrations.applied(db)] == names
    assert migrations.pending(db) == []
    assert not db.conn.in_transaction


def test_the_migrated_schema_has_the_expected_columns(fresh_db: Database) -> None:
    columns = {name: set(fresh_db[name].columns_dict) for name in TABLES}
    assert columns["users"] == {
        "id", "email", "name", "role", "password_hash", "active", "created_at",
        "password_changed_at",
    }  # fmt: skip
    assert columns["sessions"] == {
        "id", "user_id", "token_hash", "created_at", "last_seen_at", "revoked_at",
    }  # fmt: skip
    assert columns["responses"] >= {
        "attempt_id", "user_id", "question_id", "position", "content_hash", "shown_order",
        "answer", "score", "correct", "classification", "confidence", "seconds", "answered_at",
    }  # fmt: skip


def test_applying_migrations_again_changes_nothing(fresh_db: Database) -> None:
    schema, rows = schema_of(fresh_db), applied_rows(fresh_db)
    changes = fresh_db.conn.total_changes
    migrate(fresh_db)
    migrate(fresh_db)
    assert schema_of(fresh_db) == schema
    assert applied_rows(fresh_db) == rows
    assert fresh_db.conn.total_changes == changes


def test_two_factories_on_one_file_migrate_once(db_path: Path) -> None:
    first = StoreFactory(db_path).open()
    rows, schema = applied_rows(first), schema_of(first)
    add_user(first)
    second = StoreFactory(db_path).open()
    assert applied_rows(second) == rows
    assert schema_of(second) == schema
    assert second.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_a_factory_migrates_only_on_its_first_open(db_path: Path) -> None:
    factory = StoreFactory(db_path)
    factory.open().execute("DELETE FROM _sqlite_migrations")  # as if all were pending again
    factory.open()  # no second migration from the same factory
    with pytest.raises(StoreUnavailable, match="could not be prepared") as raised:
        StoreFactory(db_path).open()  # a new factory does migrate, and m001 meets its tables
    assert "already exists" in str(raised.value)
    after = database.connect(db_path)
    assert after.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == 0


def test_factory_connection_closes_the_database(db_path: Path) -> None:
    with StoreFactory(db_path).connection() as db:
        add_user(db)
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")
    assert database.connect(db_path).execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_four_processes_migrating_at_once_migrate_once(db_path: Path, tmp_path: Path) -> None:
    # the file exists (in WAL mode) but has no tables: a first open racing with the switch to WAL
    # is the subject of test_connect_waits_for_a_writer_while_switching_the_file_to_wal
    database.connect(db_path).close()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    processes = [
        context.Process(target=open_with_factory, args=(str(db_path), barrier)) for _ in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    db = database.connect(db_path)
    assert [name for _, name, _ in applied_rows(db)] == registered_migrations(tmp_path)
    assert set(db.table_names()) >= TABLES
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- write transactions --------------------------------------------------------------------------


def test_write_transaction_commits_when_the_block_ends(db_path: Path, fresh_db: Database) -> None:
    with write_transaction(fresh_db) as db:
        assert db is fresh_db
        assert fresh_db.conn.in_transaction
        add_user(fresh_db, "ada@example.org")
        add_user(fresh_db, "grace@example.org")
    assert not fresh_db.conn.in_transaction
    other = database.connect(db_path)
    emails = [row[0] for row in other.execute("SELECT email FROM users ORDER BY id")]
    assert emails == ["ada@example.org", "grace@example.org"]


def test_write_transaction_rolls_back_everything_on_an_exception(fresh_db: Database) -> None:
    with pytest.raises(ValueError, match="boom"), write_transaction(fresh_db):
        user_id = add_user(fresh_db)
        fresh_db.execute(
            "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at) "
            "VALUES (?, 'h', ?, ?)",
            [user_id, NOW, NOW],
        )
        raise ValueError("boom")
    assert not fresh_db.conn.in_transaction
    assert fresh_db.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    assert fresh_db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_write_transaction_rolls_back_when_a_statement_fails(fresh_db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError), write_transaction(fresh_db):
        add_user(fresh_db, "ada@example.org")
        add_user(fresh_db, "ADA@example.org")  # the unique index ignores case
    assert fresh_db.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    with write_transaction(fresh_db):  # the connection is usable again
        add_user(fresh_db)
    assert fresh_db.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_sqlite_utils_atomic_inside_a_write_transaction_is_only_a_savepoint(
    fresh_db: Database,
) -> None:
    with pytest.raises(RuntimeError), write_transaction(fresh_db):
        with fresh_db.atomic():
            add_user(fresh_db)
        assert fresh_db.conn.in_transaction  # atomic() did not commit the outer transaction
        raise RuntimeError
    assert fresh_db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_immediate_takes_the_write_lock_at_begin(db_path: Path, fresh_db: Database) -> None:
    other = database.connect(db_path)
    other.execute("PRAGMA busy_timeout = 20")
    with write_transaction(fresh_db):  # nothing written yet: the lock comes from BEGIN alone
        with pytest.raises(StoreWriteError, match="busy") as raised, write_transaction(other):
            pass  # pragma: no cover - never reached
        assert "locked" in str(raised.value)
        assert not other.conn.in_transaction
        other.execute("BEGIN")  # a deferred BEGIN takes no lock, so it is not refused
        assert other.execute("SELECT count(*) FROM users").fetchone()[0] == 0
        other.execute("ROLLBACK")
    with write_transaction(other):  # once the first commits, the second may write
        add_user(other)
    assert fresh_db.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_a_nested_write_transaction_is_refused_and_the_outer_one_rolls_back(
    fresh_db: Database,
) -> None:
    with pytest.raises(StoreWriteError), write_transaction(fresh_db):
        add_user(fresh_db)
        with write_transaction(fresh_db):
            pass  # pragma: no cover - never reached
    assert not fresh_db.conn.in_transaction
    assert fresh_db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


# -- constraints ---------------------------------------------------------------------------------


def test_foreign_keys_refuse_a_response_for_a_missing_attempt(fresh_db: Database) -> None:
    user_id = add_user(fresh_db)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        fresh_db.execute(
            "INSERT INTO responses (attempt_id, user_id, question_id, position, content_hash, "
            "answer, classification, answered_at) VALUES (999, ?, 'q1', 0, 'h', '1', 'ok', ?)",
            [user_id, NOW],
        )
    assert fresh_db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_foreign_keys_refuse_an_attempt_for_a_missing_user(fresh_db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        fresh_db.execute(
            "INSERT INTO attempts (user_id, module_id, kind, seed, item_ids, started_at) "
            "VALUES (42, 'm1', 'quiz', 's', '[]', ?)",
            [NOW],
        )


def test_emails_are_unique_whatever_their_case(fresh_db: Database) -> None:
    add_user(fresh_db, "Ada@Example.org")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        add_user(fresh_db, "ada@example.ORG")
