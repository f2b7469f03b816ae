"""The one way the schema of a workspace file changes: a single transaction with foreign keys
off, checked before it commits. Both the migrations (:mod:`infradesk.store.migrate`) and a new
file's schema (:mod:`infradesk.store.schema_snapshot`) run in it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from infradesk.store.inspection import WorkspaceError


@contextmanager
def schema_transaction(
    engine: Engine, broken: str
) -> Iterator[tuple[Connection, sqlite3.Connection]]:
    """One transaction with foreign keys off; ``PRAGMA foreign_key_check`` before it commits.

    SQLite ignores ``PRAGMA foreign_keys`` inside a transaction, so it is switched off before
    BEGIN; batch migrations recreate tables and would otherwise cascade deletes. Yields the
    SQLAlchemy connection and its sqlite3 connection (for statements run as they are). When the
    check finds broken references, WorkspaceError(``broken`` with ``{count}`` filled in) is
    raised and the transaction rolls back.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        if raw is None:  # only after the connection was invalidated, never on a fresh one
            raise WorkspaceError("The workspace file could not be opened for the schema change.")
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection, raw
                found = raw.execute("PRAGMA foreign_key_check").fetchall()
                if found:
                    raise WorkspaceError(broken.format(count=len(found)))
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
