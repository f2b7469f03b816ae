"""Timestamped backup copies made with SQLite's online backup API (never a file copy)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from infradesk.store.inspection import read_access

BACKUP_RETENTION = 5


def backup_path_for(path: Path, label: str, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}-{label}{path.suffix}")


def backup_glob(path: Path) -> str:
    """The glob pattern of ``path``'s backups (they sit next to it)."""
    return f"{path.stem}.backup-*{path.suffix}"


def copy_database(source: Path, target: Path) -> None:
    """Copy a live database consistently into ``target`` (overwritten).

    The source is read without write access (see ``inspection.read_access``), so a read-only
    source works and gets no -wal/-shm beside it.
    """
    src = sqlite3.connect(read_access(source).uri, uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def write_backup(path: Path, label: str, retention: int = BACKUP_RETENTION) -> Path:
    """Back ``path`` up next to itself and keep only the newest ``retention`` backups."""
    target = backup_path_for(path, label)
    copy_database(path, target)
    backups = sorted(path.parent.glob(backup_glob(path)))
    for old in backups[:-retention]:
        old.unlink(missing_ok=True)
    return target
