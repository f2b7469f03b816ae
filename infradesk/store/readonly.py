"""Opening a workspace that file permissions keep us from writing.

Such a workspace opens for reading (export, report, browsing) and refuses every edit with
:class:`ReadOnlyWorkspaceError` before any SQL runs. The engine reads through the URI that
:func:`infradesk.store.inspection.read_access` chose, with ``query_only`` as a second guard.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from infradesk.store import engine as engine_settings
from infradesk.store.inspection import WorkspaceError

READ_ONLY_MESSAGE = (
    "This workspace is read-only (file permissions); use File > Save As to make an editable copy."
)


class ReadOnlyWorkspaceError(WorkspaceError):
    """An edit was asked of a workspace opened read-only; nothing was written."""

    def __init__(self, message: str = READ_ONLY_MESSAGE) -> None:
        super().__init__(message)


def make_read_only_engine(uri: str) -> Engine:
    """An engine over ``uri`` (``mode=ro`` or ``immutable``) whose transactions only read."""

    timeout_ms = engine_settings.BUSY_TIMEOUT_MS  # read now: tests shorten it

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=timeout_ms / 1000, check_same_thread=False)

    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        _set_pragmas(dbapi_connection, timeout_ms)

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _set_pragmas(dbapi_connection: sqlite3.Connection, timeout_ms: int) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA query_only=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    # A deferred BEGIN: it takes no write lock, which a read-only file could not give.
    connection.exec_driver_sql("BEGIN")
