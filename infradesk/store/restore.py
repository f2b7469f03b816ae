"""Restore a workspace from one of its backups, safely.

Copying a backup over a workspace by hand goes wrong when a ``-wal`` is left beside it: SQLite
replays that stale log over the copy on the next open and the later edits come back. Here the
current file moves aside together with its ``-wal``/``-shm`` (a "before-restore" backup, so
nothing is lost either way), and the backup is copied into place with SQLite's backup API.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from infradesk.store.backup import backup_glob, backup_path_for, copy_database
from infradesk.store.inspection import (
    WorkspaceError,
    inspect_workspace_file,
    side_file,
    sqlite_uri,
)
from infradesk.store.migrate import known_revisions

SIDE_SUFFIXES = ("-wal", "-shm")
_STAMP = re.compile(r"\.backup-(\d{8}-\d{6})-?(.*)$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file next to a workspace."""

    path: Path
    taken: datetime
    label: str  # why it was made: "before-0005_status", "before-restore", ...
    size: int  # bytes

    @property
    def size_text(self) -> str:
        """``812 bytes``, ``14.2 KB``, ``3.1 MB``: the size as the CLI and the dialog show it."""
        if self.size < 1024:
            return f"{self.size} bytes"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.1f} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    workspace: Path
    set_aside: Path | None  # the workspace as it was before, kept as a backup


def list_backups(workspace_path: str | Path) -> list[BackupInfo]:
    """The backups beside ``workspace_path``, newest first."""
    path = Path(workspace_path).expanduser()
    found = []
    for candidate in path.parent.glob(backup_glob(path)):
        if not candidate.is_file():
            continue
        stat = candidate.stat()
        stem = candidate.name[: -len(path.suffix)] if path.suffix else candidate.name
        match = _STAMP.search(stem)
        taken, label = datetime.fromtimestamp(stat.st_mtime), ""
        if match:
            with contextlib.suppress(ValueError):
                taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            label = match.group(2)
        found.append(BackupInfo(candidate, taken, label, stat.st_size))
    return sorted(found, key=lambda info: (info.taken, info.path.name), reverse=True)


def restore_backup(backup: str | Path, workspace_path: str | Path) -> RestoreResult:
    """Put ``backup``'s content in place of the workspace at ``workspace_path``.

    Refused (WorkspaceError, nothing changed) when the backup is not an intact workspace this
    InfraDesk can open, or when the workspace is open in another program. The caller closes
    its own Workspace on that file first.
    """
    backup = Path(backup).expanduser()
    target = Path(workspace_path).expanduser()
    if backup.resolve() == target.resolve():
        raise WorkspaceError(f"{backup.name} is the workspace itself, not a backup of it.")
    facts = inspect_workspace_file(backup)
    if facts.revision not in known_revisions():
        raise WorkspaceError(
            f"{backup.name} was written by a newer version of InfraDesk "
            f"(schema {facts.revision}); update InfraDesk to restore it."
        )
    if not os.access(target.parent, os.W_OK):
        raise WorkspaceError(f"cannot restore into {target.parent}: the folder is read-only.")
    if target.exists():
        _refuse_if_in_use(target)
    staging = target.with_name(f".{target.name}.restoring")
    staging.unlink(missing_ok=True)
    try:
        copy_database(backup, staging)
        _check_copy(staging, backup)
        set_aside = _move_aside(target) if target.exists() else None
        for suffix in SIDE_SUFFIXES:  # a stale log must never meet the restored file
            side_file(target, suffix).unlink(missing_ok=True)
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
        for suffix in SIDE_SUFFIXES:
            side_file(staging, suffix).unlink(missing_ok=True)
    return RestoreResult(restored_from=backup, workspace=target, set_aside=set_aside)


def _refuse_if_in_use(target: Path) -> None:
    """An exclusive lock is only granted when no other connection has the file open."""
    try:
        connection = sqlite3.connect(target, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return  # not openable as a database: nobody uses it either
    try:
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("COMMIT")
    except sqlite3.OperationalError as error:
        name = getattr(error, "sqlite_errorname", "")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise WorkspaceError(
                f"{target.name} is open in another InfraDesk (or another program); close it "
                "there first, then restore."
            ) from error
    except sqlite3.DatabaseError:
        pass  # damaged: restoring is exactly what it needs
    finally:
        connection.close()


def _check_copy(copy: Path, backup: Path) -> None:
    connection = sqlite3.connect(sqlite_uri(copy, mode="ro", immutable="1"), uri=True)
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()
    finally:
        connection.close()
    if not result or result[0] != "ok":
        raise WorkspaceError(f"the copy of {backup.name} did not check out; nothing was changed.")


def _move_aside(target: Path) -> Path:
    """Rename the workspace and its -wal/-shm to a before-restore backup; then merge its log
    into it when SQLite can (a damaged file stays as it is, with its log beside it)."""
    aside = backup_path_for(target, "before-restore")
    counter = 1
    while aside.exists():
        aside = aside.with_name(f"{aside.stem}-{counter}{aside.suffix}")
        counter += 1
    for suffix in ("", *SIDE_SUFFIXES):
        source = side_file(target, suffix) if suffix else target
        if source.exists():
            os.replace(source, side_file(aside, suffix) if suffix else aside)
    try:
        connection = sqlite3.connect(aside, isolation_level=None)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        pass
    return aside
