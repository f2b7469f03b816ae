"""SQLAlchemy engine for one workspace file, with the pragmas and transaction hooks we rely on."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path) -> Engine:
    """An engine whose transactions are real SQLite transactions.

    Python's sqlite3 driver (3.11) does not emit BEGIN on its own; following SQLAlchemy's
    documented recipe we switch its own transaction handling off and emit BEGIN ourselves, so
    a Session's transaction really is one SQLite transaction.
    """
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=NullPool,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")
