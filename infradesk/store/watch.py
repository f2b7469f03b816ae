"""Noticing commits made by another program (another InfraDesk, the CLI) to an open workspace.

SQLite's ``PRAGMA data_version`` changes, on one connection, whenever *another* connection has
committed to the file since the last time that connection asked. Sessions borrow the engine's
pooled connections, so the watch keeps one dedicated read-only connection of its own. Our own
commits come from other connections too, so the caller tells the watch when a
change was its own (:meth:`WorkspaceWatch.acknowledge`) to avoid a needless refresh.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class WorkspaceWatch:
    """``changed()`` is True once for every batch of commits made since the last call."""

    def __init__(self, path: Path) -> None:
        self._version: int | None = None
        self._connection = _connect(Path(path))
        self._version = self._read()

    def _read(self) -> int | None:
        if self._connection is None:
            return None
        try:
            row = self._connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:  # busy during a WAL recovery, file gone: ask again next time
            return self._version
        return int(row[0])

    def changed(self) -> bool:
        """Whether anything was committed (by any other connection) since the last look."""
        version = self._read()
        if version is None or version == self._version:
            return False
        self._version = version
        return True

    def acknowledge(self) -> None:
        """Our own change was committed and shown: do not report it as someone else's."""
        version = self._read()
        if version is not None:
            self._version = version

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _connect(path: Path) -> sqlite3.Connection | None:
    """A connection that only reads. Read-write when the file allows it (``query_only`` on),
    so that when it happens to close last SQLite can fold the WAL back and remove it; else
    ``mode=ro``; None when the file cannot be read at all (then nothing is ever reported)."""
    uri = path.resolve().as_uri()
    for mode in ("rw", "ro"):
        try:
            connection = sqlite3.connect(
                f"{uri}?mode={mode}",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
                timeout=0,
            )
            connection.execute("PRAGMA query_only=ON")
            connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            continue
        return connection
    return None
