"""Read-only checks of a file before we agree to treat it as a workspace.

Everything here opens the file with SQLite's read-only mode, so a file that turns out not to be
a workspace is never modified, not even by a journal.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = {"alembic_version", "project"}


class WorkspaceError(Exception):
    """A file cannot be used as a workspace; the message says why, for the user."""


@dataclass(frozen=True)
class FileFacts:
    """What a read-only look at an existing workspace file found."""

    revision: str | None
    tables: frozenset[str]


def inspect_workspace_file(path: Path) -> FileFacts:
    """Check that ``path`` is an intact InfraDesk workspace and return its schema revision."""
    if not path.exists():
        raise WorkspaceError(f"{path} does not exist.")
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder, not a workspace file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise WorkspaceError(f"{path} cannot be read: {error.strerror or error}.") from error
    if header != SQLITE_HEADER:
        raise WorkspaceError(
            f"{path.name} is not an InfraDesk workspace (it is not an SQLite database file)."
        )
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise WorkspaceError(f"{path.name} cannot be opened: {error}.") from error
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise WorkspaceError(
                f"{path.name} is damaged (SQLite reports: {check[0] if check else 'no answer'}). "
                "Restore it from a backup copy next to it."
            )
        tables = frozenset(
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        )
        if not tables >= REQUIRED_TABLES:
            raise WorkspaceError(
                f"{path.name} is an SQLite database but not an InfraDesk workspace "
                "(its tables are not ours)."
            )
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise WorkspaceError(
            f"{path.name} is damaged or truncated ({error}). "
            "Restore it from a backup copy next to it."
        ) from error
    finally:
        connection.close()
    return FileFacts(revision=row[0] if row else None, tables=tables)
