"""The SQLite store: schema and migrations, write transactions, and the queries the services use."""

from sqlite_utils import Database

from .database import (
    StoreError,
    StoreFactory,
    StoreUnavailable,
    StoreWriteError,
    connect,
    write_transaction,
)

__all__ = [
    "Database",
    "StoreError",
    "StoreFactory",
    "StoreUnavailable",
    "StoreWriteError",
    "connect",
    "write_transaction",
]
