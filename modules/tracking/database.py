"""Opening the database safely: WAL, busy timeout, foreign keys, IMMEDIATE write transactions."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: Path) -> threading.RLock:
    """One lock per database file in this process. Writers in the same process (every
    Streamlit session is a thread of one server) queue on it and start the moment the previous
    write commits; without it they would wait in SQLite's busy handler, which sleeps 1, 2, 5,
    10, 15, 20, 25 ms... between tries (60 simultaneous votes: 95th percentile 42 ms with the
    handler alone). Other processes still meet SQLite's own lock and busy timeout."""
    key = str(path.resolve())
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.RLock())


class StoreError(Exception):
    """Something went wrong with the progress database; the message is for a person to read."""


class StoreUnavailable(StoreError):
    """The database file cannot be opened (missing folder rights, a full disk, a corrupt file)."""


class StoreWriteError(StoreError):
    """A write did not happen; nothing of it was saved."""


def connect(path: Path | str) -> Database:
    """A new connection for this thread. sqlite3 refuses a connection from another thread, and
    each Streamlit rerun runs on a new thread, so callers open one per rerun (about 0.2 ms)."""
    path = Path(path)
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit BEGIN; write_transaction decides how a write begins
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        _switch_to_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")  # durable at each checkpoint; safe with WAL
        db = Database(conn)
        db.write_lock = _write_lock(path)  # type: ignore[attr-defined]
        return db
    except (sqlite3.Error, OSError) as error:
        if conn is not None:
            conn.close()
        raise StoreUnavailable(
            f"The progress database {path} cannot be opened ({error})."
        ) from None


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """Switching a new file to WAL needs its write lock, and SQLite answers "locked" at once
    instead of using the busy timeout; so wait here, as the busy timeout would. (An in-memory
    database has no WAL: it stays "memory".)"""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = threading.Event()
    while conn.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            pause.wait(0.01)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction, begun IMMEDIATE: a deferred transaction that reads before it writes
    fails at once with "database is locked" under concurrent writers, busy timeout or not.
    Inside it, sqlite-utils' own `db.atomic()` becomes a savepoint."""
    lock = getattr(db, "write_lock", None) or contextlib.nullcontext()
    with lock:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreWriteError(
                f"The progress database is busy or read-only ({error})."
            ) from None
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as error:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise StoreWriteError(f"The change could not be saved ({error}).") from None


class StoreFactory:
    """Opens connections to one database file, migrating it once per process first. Cache the
    factory (keyed by the path), never a connection."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._migrated = False
        self._lock = threading.Lock()

    def open(self) -> Database:
        db = connect(self.path)
        if not self._migrated:
            with self._lock:
                if not self._migrated:
                    from .schema import migrate

                    migrate(db)
                    self._migrated = True
        return db

    @contextmanager
    def connection(self) -> Iterator[Database]:
        db = self.open()
        try:
            yield db
        finally:
            db.close()
