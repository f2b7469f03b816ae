"""One translation of SQLite's "database is locked" into a message for the user."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError

from infradesk.errors import UserError
from infradesk.store.inspection import WorkspaceError

BUSY_MESSAGE = (
    "The workspace is busy in another InfraDesk (or another program); try again in a moment."
)


class WorkspaceBusyError(WorkspaceError, UserError):
    """Another connection kept the write lock longer than the busy timeout; nothing was
    written. A WorkspaceError too, so that callers refusing a workspace also refuse this."""

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        super().__init__(message)


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` (sqlite3's or SQLAlchemy's wrapper of it) is SQLITE_BUSY."""
    if isinstance(error, OperationalError):
        # why ignored: OperationalError.orig is the driver's exception, checked by isinstance
        # next
        error = error.orig  # type: ignore[assignment]
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == sqlite3.SQLITE_BUSY
    return "database is locked" in str(error)


@contextmanager
def busy_as_user_error() -> Iterator[None]:
    """Turn SQLITE_BUSY raised inside the block into :class:`WorkspaceBusyError`."""
    try:
        yield
    except (OperationalError, sqlite3.OperationalError) as error:
        if is_busy(error):
            raise WorkspaceBusyError() from error
        raise
