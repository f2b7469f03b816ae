"""One log file in the user data folder, rotated by size; set up once by the GUI and the CLI.

``<data dir>/logs/infradesk.log`` (beside the crash logs of :mod:`infradesk.crash_log`),
1 MB per file, five old files kept (``infradesk.log.1`` … ``.5``). Records of the
``infradesk`` loggers at INFO and above go there; the GUI's excepthook and the CLI's internal
error add the traceback of every crash, so the log tells what happened before it.

Setting up never fails: a folder we may not write means no log file (the app runs on).
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from infradesk.crash_log import crash_log_dir

LOGGER_NAME = "infradesk"
LOG_FILE_NAME = "infradesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def log_file_path() -> Path:
    return crash_log_dir() / LOG_FILE_NAME


class _InfraDeskFileHandler(RotatingFileHandler):
    """Ours, so that a second set-up finds it and does not add another."""


def setup_logging(
    path: Path | None = None,
    *,
    level: int = logging.INFO,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> Path | None:
    """Send the ``infradesk`` loggers to the rotating log file; return its path, or None if it
    cannot be written. Calling it again keeps the handler already set up."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in logger.handlers:
        if isinstance(handler, _InfraDeskFileHandler):
            return Path(handler.baseFilename)
    target = path or log_file_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = _InfraDeskFileHandler(
            target, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True
        )
        target.touch(exist_ok=True)  # a folder we may not write fails here, not at the 1st record
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    return target


def logging_is_set_up() -> bool:
    return any(
        isinstance(h, _InfraDeskFileHandler) for h in logging.getLogger(LOGGER_NAME).handlers
    )


def teardown_logging() -> None:
    """Close and remove the handler of :func:`setup_logging` (at exit, and for tests)."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        if isinstance(handler, _InfraDeskFileHandler):
            logger.removeHandler(handler)
            handler.close()


def get_logger(name: str) -> logging.Logger:
    """A logger under ``infradesk`` (``name`` is usually ``__name__``)."""
    if name == LOGGER_NAME or name.startswith(LOGGER_NAME + "."):
        return logging.getLogger(name)
    return logging.getLogger(f"{LOGGER_NAME}.{name}")
