"""Backup and restore: round trips, a backup taken while eight processes write, refusals with
clear messages, the data a restore replaces kept, and an old backup brought up to date."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from modules.__main__ import main
from modules.tracking import Database, StoreFactory, connect, write_transaction
from modules.tracking import progress as store
from modules.tracking.backup import BackupError, backup, restore
from modules.tracking.schema import migrations
from tests.tracking.test_progress_store import add_user, new_attempt, record, save_many

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def answers(db: Database, user_id: int, count: int, prefix: str) -> None:
    for n in range(count):
        store.save_response(db, new_attempt(user_id, seed=f"{prefix}{n}"), record("q1"), NOW)


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_backup_and_a_restore_round_trip(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    db = StoreFactory(live).open()
    answers(db, add_user(db, "a@example.org"), 5, "x")
    made = backup(live, tmp_path / "b" / "copy.db")
    assert made.tables["responses"] == 5 and made.tables["users"] == 1
    assert not (tmp_path / "b" / "copy.db.partial").exists()
    answers(db, add_user(db, "b@example.org"), 3, "y")  # written after the backup
    db.close()
    restored, kept = restore(made.path, live, NOW)
    assert restored.tables["responses"] == 5 and rows(live, "users") == 1
    assert kept is not None and rows(kept.path, "responses") == 8  # nothing is lost
    with pytest.raises(BackupError, match="exists already"):
        backup(live, made.path)


def test_what_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    StoreFactory(live).open().close()
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, " * 100)
    with pytest.raises(BackupError, match="not a SQLite database"):
        restore(text, live, NOW)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupError, match="not a database of this course app"):
        restore(other, live, NOW)
    with pytest.raises(BackupError, match="does not exist"):
        restore(tmp_path / "missing.db", live, NOW)
    assert rows(live, "users") == 0  # untouched


def test_a_backup_taken_while_eight_processes_write_holds_whole_attempts(tmp_path: Path) -> None:
    live = tmp_path / "busy.db"
    db = StoreFactory(live).open()
    user_id = add_user(db, "w@example.org")
    db.close()
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(9)
    writers = [spawn.Process(target=save_many, args=(str(live), user_id, w, 150, barrier))
               for w in range(8)]  # fmt: skip
    for writer in writers:
        writer.start()
    barrier.wait(timeout=60)
    copies = [backup(live, tmp_path / f"during-{n}.db") for n in range(3)]
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    for copy in copies:
        with sqlite3.connect(copy.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            orphans = conn.execute(
                "SELECT count(*) FROM attempts a WHERE NOT EXISTS"
                " (SELECT 1 FROM responses r WHERE r.attempt_id = a.id)"
            ).fetchone()[0]
            assert orphans == 0  # an attempt is never without the answer that started it
            kept = conn.execute("SELECT sum(answered) FROM attempts").fetchone()[0] or 0
            assert kept == conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    assert rows(live, "attempts") == 8 * 150 and rows(live, "responses") == 8 * 150 * 2


def test_an_old_backup_is_migrated_when_restored(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    db = connect(old)
    with write_transaction(db):
        migrations.apply(db, stop_before="m006_mastery_state")
    answers(db, add_user(db, "old@example.org"), 4, "o")
    db.close()
    live = tmp_path / "live.db"
    restore(old, live, NOW)
    db = StoreFactory(live).open()
    assert {"mastery_state", "workshop_sessions", "activity_days"} <= set(db.table_names())
    assert db.execute("SELECT sum(answered) FROM attempts").fetchone()[0] == 4
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 4
    db.close()


def test_the_command_line_backs_up_and_restores(tmp_path, monkeypatch, capsys) -> None:
    live = tmp_path / "progress" / "training.db"
    monkeypatch.setenv("DBT_COURSE_DB", str(live))
    db = StoreFactory(live).open()
    answers(db, add_user(db, "c@example.org"), 2, "c")
    db.close()
    assert main(["backup"]) == 0
    (made,) = (tmp_path / "progress" / "backups").glob("training-*.db")
    assert "integrity check passed" in capsys.readouterr().out
    assert main(["restore", str(made)]) == 1
    assert "Stop the app" in capsys.readouterr().err
    assert main(["restore", str(made), "--yes"]) == 0
    assert "is kept in" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "nope.db"), "--yes"]) == 1
    assert "does not exist" in capsys.readouterr().err
