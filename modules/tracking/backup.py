"""Backups with SQLite's online backup API, safe while the app writes (in WAL mode a backup
reads one consistent snapshot and writers carry on), and restores that keep what they replace.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .database import StoreError, connect

MIGRATION_SET = "dbt_course"


class BackupError(StoreError):
    """A backup or restore did not happen; the message says why, and nothing was changed."""


@dataclass(frozen=True)
class Copy:
    path: Path
    bytes: int
    tables: dict[str, int]  # rows per table, for the person running it to check


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name").fetchall()]  # fmt: skip
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _check(path: Path) -> sqlite3.Connection:
    """Open a file that must be a sound database of this app, read-only."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from None
    if result != "ok":
        conn.close()
        raise BackupError(f"{path} is damaged: {result}.")
    try:
        found = conn.execute(
            "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        ).fetchone()[0]
    except sqlite3.DatabaseError:
        found = 0
    if not found:
        conn.close()
        raise BackupError(f"{path} is not a database of this course app.")
    return conn


def backup(source: Path, target: Path) -> Copy:
    """Copy the live database at `source` to `target` (a new file; written beside it first
    and renamed into place, so a half-written backup never carries the final name)."""
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    live = connect(source)
    try:
        out = sqlite3.connect(partial)
        try:
            live.conn.backup(out)  # one step: a single consistent snapshot
            out.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            out.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup failed ({error}); nothing was written.") from None
    finally:
        live.close()
    checked = _check(partial)
    tables = _counts(checked)
    checked.close()
    partial.rename(target)
    return Copy(target, target.stat().st_size, tables)


def restore(source: Path, target: Path, now: datetime) -> tuple[Copy, Copy | None]:
    """Replace the database at `target` with the backup at `source`, after checking the backup
    and keeping a copy of what it replaces (returned second). Stop the app first: sessions that
    stay open would go on writing to the replaced data."""
    checked = _check(source)
    checked.close()
    kept = None
    if target.exists():
        kept = backup(target, target.with_name(f"{target.stem}.before-restore-"
                                               f"{now:%Y%m%d-%H%M%S}{target.suffix}"))  # fmt: skip
    live = connect(target)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_file:
            backup_file.backup(live.conn)
        tables = _counts(live.conn)
    except sqlite3.Error as error:
        raise BackupError(
            f"The restore failed ({error}); the data it would have replaced is in "
            f"{kept.path if kept else 'place'}."
        ) from None
    finally:
        live.close()
    return Copy(target, target.stat().st_size, tables), kept
