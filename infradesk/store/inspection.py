"""Read-only checks of a file before we agree to treat it as a workspace.

Everything here opens the file without write access, so a file that turns out not to be a
workspace is never modified, and gets no ``-wal``/``-shm`` beside it when it had none.

Reading a WAL-mode database without write access (https://sqlite.org/wal.html, "Read-Only
Databases") needs its ``-shm`` file, or a folder where SQLite may create it; otherwise the
file can only be read as ``immutable``, which ignores the ``-wal`` -- right only when that log
holds nothing. :func:`read_access` picks the way that reads exactly what is committed.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from infradesk.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every InfraDesk schema since 0001_core has; a file without them is not ours.
CORE_TABLES = frozenset({"alembic_version", "project", "calendar", "task", "dependency"})
# Our Alembic revisions are named like 0005_status.
OUR_REVISION = re.compile(r"^\d{4}_[a-z0-9_]+$")
RESTORE_HINT = "Use File > Restore from backup… or `infradesk restore --list --workspace {path}`."
DAMAGED_ERRORS = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_INDEX"}


class WorkspaceError(UserError):
    """A file cannot be used as a workspace; the message says why, for the user."""


@dataclass(frozen=True)
class FileFacts:
    """What a read-only look at an existing workspace file found."""

    revision: str | None
    tables: frozenset[str]
    read_only: bool = False


@dataclass(frozen=True)
class ReadAccess:
    """How to open a file for reading without changing anything beside it."""

    uri: str
    read_only: bool  # we may not write the file or its folder (file permissions)


def side_file(path: Path, suffix: str) -> Path:
    """``path``'s ``-wal`` or ``-shm`` file."""
    return path.with_name(path.name + suffix)


def is_writable(path: Path) -> bool:
    """Can this process write the file and create its -wal/-shm beside it?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def sqlite_uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file:{quote(str(path.resolve()))}?{query}"


def read_access(path: Path) -> ReadAccess:
    """The URI that reads ``path``'s committed content with no side effect.

    - no ``-wal`` beside it (nobody has it open, the log is merged): ``immutable`` -- creates
      nothing, needs no lock, works in a read-only folder;
    - a ``-wal`` with its ``-shm``, or a folder we may write: ``mode=ro`` reads the log too;
    - an empty ``-wal`` in a read-only folder without ``-shm``: ``immutable`` (nothing to read);
    - a non-empty ``-wal`` in a read-only folder without ``-shm``: SQLite cannot read it
      (WorkspaceError saying so).
    """
    read_only = not is_writable(path)
    wal, shm = side_file(path, "-wal"), side_file(path, "-shm")
    if not wal.exists():
        return ReadAccess(sqlite_uri(path, mode="ro", immutable="1"), read_only)
    if shm.exists() or os.access(path.parent, os.W_OK):
        return ReadAccess(sqlite_uri(path, mode="ro"), read_only)
    if wal.stat().st_size == 0:
        return ReadAccess(sqlite_uri(path, mode="ro", immutable="1"), read_only)
    raise WorkspaceError(
        f"{path.name} cannot be read here: its folder {path.parent} is read-only and its "
        f"write-ahead log {wal.name} holds changes that SQLite can only merge with write "
        f"access. Copy {path.name} together with {wal.name} to a writable folder and open "
        "the copy."
    )


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
    if not header:
        raise WorkspaceError(empty_file_message(path))
    if header != SQLITE_HEADER:
        raise WorkspaceError(
            f"{path.name} is not an InfraDesk workspace (it is not an SQLite database file)."
        )
    access = read_access(path)
    try:
        connection = sqlite3.connect(access.uri, uri=True)
    except sqlite3.Error as error:
        raise WorkspaceError(f"{path.name} cannot be opened: {error}.") from error
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise WorkspaceError(
                f"{path.name} is damaged (SQLite reports: {check[0] if check else 'no answer'}). "
                + RESTORE_HINT.format(path=path)
            )
        tables = frozenset(
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        )
        if not tables >= CORE_TABLES:
            raise WorkspaceError(
                f"{path.name} is an SQLite database but not an InfraDesk workspace "
                "(its tables are not ours)."
            )
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        raise WorkspaceError(_database_error_message(path, error)) from error
    finally:
        connection.close()
    revision = rows[0][0] if len(rows) == 1 else None
    if not isinstance(revision, str) or not OUR_REVISION.match(revision):
        raise WorkspaceError(
            f"{path.name} is an SQLite database but not an InfraDesk workspace "
            f"(its schema revision {revision!r} is not one of ours)."
        )
    return FileFacts(revision=revision, tables=tables, read_only=access.read_only)


def _database_error_message(path: Path, error: sqlite3.DatabaseError) -> str:
    name = getattr(error, "sqlite_errorname", "")
    if name in DAMAGED_ERRORS or name.startswith("SQLITE_CORRUPT"):
        return f"{path.name} is damaged or truncated ({error}). " + RESTORE_HINT.format(path=path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{path.name} is busy in another program; try again in a moment."
    return f"{path.name} cannot be read (SQLite: {error})."


def empty_file_message(path: Path) -> str:
    """The refusal of a 0-byte file, pointing at its backups when there are some."""
    message = f"{path} is empty (0 bytes); it is not a workspace."
    if any(path.parent.glob(f"{path.stem}.backup-*{path.suffix}")):
        message += " " + RESTORE_HINT.format(path=path)
    return message
