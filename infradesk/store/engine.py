"""SQLAlchemy engine for one workspace file, with the pragmas and transaction hooks we rely on.

Transactions and locking (two programs on one workspace): in WAL mode a transaction that
began with a plain deferred ``BEGIN``, read, and then tries to write cannot wait for another
writer -- SQLite answers ``database is locked`` at once (SQLITE_BUSY_SNAPSHOT), the busy timeout
does not help. So every transaction that may write begins with ``BEGIN IMMEDIATE``: it takes
the write lock first and waits up to the busy timeout for it. Reads (which never block in WAL
mode) ask for a deferred transaction with ``execution_options(**READ_ONLY)``.

Connections are pooled: a session borrows one and gives it back. A connection keeps what it
set up for itself between sessions (SQLite's page cache, the row journal's temporary triggers:
creating those took 7 ms of every edit when each session opened a fresh connection), so a
borrowed connection says what each session needs to know (:data:`CHANGES_AT_CHECKOUT`) and
undoes what a session switched on for itself when it comes back (:data:`ON_RETURN`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, QueuePool

#: How long a writer waits for another program's write transaction (ms). Tests shorten it.
BUSY_TIMEOUT_MS = 5000

#: Execution option naming how a transaction begins: "IMMEDIATE" (the default) or "DEFERRED".
BEGIN_OPTION = "infradesk_begin"
READ_ONLY: dict[str, str] = {BEGIN_OPTION: "DEFERRED"}
_BEGIN_MODES = frozenset({"IMMEDIATE", "DEFERRED"})

#: Pooled connection info key: the connection's ``total_changes()`` when a session borrowed
#: it, so that "rows this session wrote" is the count since then.
CHANGES_AT_CHECKOUT = "infradesk.changes_at_checkout"
#: Pooled connection info key: SQL run (and forgotten) when the connection goes back to the
#: pool, after its transaction ended: what a session switched on only for itself.
ON_RETURN = "infradesk.on_return"


def make_engine(path: Path, busy_timeout_ms: int | None = None) -> Engine:
    """An engine whose transactions are real SQLite transactions.

    Python's sqlite3 driver (3.11) does not emit BEGIN on its own; following SQLAlchemy's
    documented recipe we switch its own transaction handling off and emit BEGIN ourselves, so
    a Session's transaction really is one SQLite transaction -- ``BEGIN IMMEDIATE`` unless the
    connection was given ``execution_options(**READ_ONLY)``.
    """
    timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_use_lifo=True,  # the warmest connection (page cache, journal triggers) first
        connect_args={"timeout": timeout_ms / 1000, "check_same_thread": False},
    )

    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        _set_pragmas(dbapi_connection, timeout_ms)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "checkout", _on_checkout)
    event.listen(engine, "checkin", _on_checkin)
    return engine


def _on_checkout(
    dbapi_connection: sqlite3.Connection, entry: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    entry.info[CHANGES_AT_CHECKOUT] = dbapi_connection.total_changes


def _on_checkin(dbapi_connection: sqlite3.Connection | None, entry: ConnectionPoolEntry) -> None:
    statements = entry.info.pop(ON_RETURN, ())
    if dbapi_connection is None:  # invalidated: nothing left to undo
        return
    try:
        for statement in statements:
            dbapi_connection.execute(statement)
    except sqlite3.Error:
        # not undone (what it undoes may have been rolled back with its transaction): the
        # connection is closed rather than lent again in an unknown state
        entry.invalidate()


def _set_pragmas(dbapi_connection: sqlite3.Connection, timeout_ms: int) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
    if mode not in _BEGIN_MODES:
        raise ValueError(f"unknown transaction mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")
