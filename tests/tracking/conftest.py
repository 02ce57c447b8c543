"""Store test fixtures: a database path, a migrated database, and closing all that was opened."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.tracking import Database, StoreFactory, database


@pytest.fixture(autouse=True)
def opened_databases(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Database]]:
    """Every database a test opens through `database.connect` (StoreFactory uses it too), closed
    when the test ends, whatever happened in it."""
    opened: list[Database] = []
    real_connect = database.connect

    def recording_connect(path: Path | str) -> Database:
        db = real_connect(path)
        opened.append(db)
        return db

    monkeypatch.setattr(database, "connect", recording_connect)
    yield opened
    for db in opened:
        # a connection a worker thread opened was closed by that thread; sqlite3 refuses
        # even a second close from another one
        with contextlib.suppress(sqlite3.ProgrammingError):
            db.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database file goes; nothing exists there yet."""
    return tmp_path / "data" / "training.db"


@pytest.fixture
def fresh_db(db_path: Path) -> Database:
    """A database on a real file, migrated to the current schema, with nobody in it."""
    return StoreFactory(db_path).open()
