"""Timestamped backup copies made with SQLite's online backup API (never a file copy)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

BACKUP_RETENTION = 5


def backup_path_for(path: Path, label: str, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}-{label}{path.suffix}")


def copy_database(source: Path, target: Path) -> None:
    """Copy a live database consistently into ``target`` (overwritten)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
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
    backups = sorted(path.parent.glob(f"{path.stem}.backup-*{path.suffix}"))
    for old in backups[:-retention]:
        old.unlink(missing_ok=True)
    return target
