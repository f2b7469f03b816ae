"""Crash logs: the traceback of an internal error, written where the user can send it to us.

The user never sees a traceback; they see one line naming the log file. Logs live in
``<data dir>/logs/crash-YYYYMMDD-HHMMSS-<pid>.log``; the newest twenty are kept.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from infradesk import __version__
from infradesk.store.locations import data_dir

CRASH_LOG_RETENTION = 20


def crash_log_dir() -> Path:
    return data_dir() / "logs"


def write_crash_log(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    context: str = "",
) -> Path | None:
    """Write the traceback to a new crash log and return its path (None if nothing could be
    written: a crash log must never raise while reporting another error)."""
    try:
        folder = crash_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        header = [
            f"InfraDesk {__version__}",
            f"Python {sys.version.split()[0]} on {platform.platform()}",
            f"When: {datetime.now().isoformat(timespec='seconds')}",
        ]
        if context:
            header.append(f"Doing: {context}")
        body = "".join(traceback.format_exception(exc_type, exc, tb))
        path.write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
        _prune(folder)
        return path
    except OSError:
        return None


def _prune(folder: Path) -> None:
    logs = sorted(folder.glob("crash-*.log"))
    for old in logs[:-CRASH_LOG_RETENTION]:
        old.unlink(missing_ok=True)
