"""A workspace: one SQLite file holding several projects, or a team workspace on a PostgreSQL
server (see :mod:`infradesk.store.server`), used the same way.

A file never needs the server module (nor Alembic, which it imports): it is imported only
where a team workspace is at hand, so that creating a file does not pay for it (opening one
asks Alembic for the revisions it knows, as before).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from infradesk.store.backup import copy_database, write_backup
from infradesk.store.busy import WorkspaceBusyError, busy_as_user_error
from infradesk.store.engine import READ_ONLY, make_engine
from infradesk.store.inspection import (
    WorkspaceError,
    empty_file_message,
    inspect_workspace_file,
    read_access,
    side_file,
)
from infradesk.store.location import ServerAddress, is_server_url
from infradesk.store.locations import WORKSPACE_SUFFIX
from infradesk.store.migrate import head_revision, known_revisions, upgrade_to_head
from infradesk.store.readonly import ReadOnlyWorkspaceError, make_read_only_engine
from infradesk.store.schema_head import REVISION as SNAPSHOT_REVISION
from infradesk.store.schema_snapshot import create_schema


class Workspace:
    """An open workspace. Hand out short sessions; never keep one open in a widget."""

    def __init__(
        self,
        path: Path | None,
        engine: Engine,
        backup: Path | None = None,
        read_only: bool = False,
        server: ServerAddress | None = None,
    ) -> None:
        self._path = path
        #: Where a team workspace lives; None for a file.
        self.server = server
        self.engine = engine
        self.migration_backup = backup
        #: Opened without write access (file permissions, or a PostgreSQL login with only
        #: SELECT rights): every edit is refused.
        self.read_only = read_only
        #: This open workspace, as the audit and change notices name it: another window or
        #: program has another id, so its edits are never taken for ours.
        self.client_id = uuid.uuid4().hex
        #: Who edits: the PostgreSQL login on a server, the system user on a file.
        self.user_name = _login_name(engine) if server else local_login()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        if server is None:
            reads = engine.execution_options(**READ_ONLY)
        else:  # one consistent snapshot, as SQLite's deferred transaction in WAL mode
            reads = engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        self._read_sessions = sessionmaker(reads, expire_on_commit=False)

    @property
    def path(self) -> Path:
        """The workspace file. A team workspace has none (check :attr:`is_server` first)."""
        if self._path is None:
            raise WorkspaceError(f"The team workspace {self.title} is not a file.")
        return self._path

    @property
    def is_server(self) -> bool:
        """Whether this is a team workspace on a PostgreSQL server."""
        return self.server is not None

    @property
    def location(self) -> str:
        """What names it for opening again (recent files, the command line): the file's
        path, or the server's URL without a password."""
        return self.server.location if self.server else str(self.path)

    @property
    def title(self) -> str:
        """How a title bar names it: the file's name, or ``dbname on host``."""
        return self.server.title if self.server else self.path.name

    @classmethod
    def open_location(cls, location: str | Path, allow_upgrade: bool = True) -> Workspace:
        """Open a workspace file, or a team workspace named by a ``postgresql://`` URL."""
        if is_server_url(str(location)):
            return cls.open_server(ServerAddress.parse(str(location)), allow_upgrade)
        return cls.open(location)

    @classmethod
    def open_server(cls, address: ServerAddress, allow_upgrade: bool = True) -> Workspace:
        """Connect to a team workspace, creating its schema in an empty database.

        An older schema is upgraded, or with ``allow_upgrade`` False refused with
        :class:`~infradesk.store.server.UpgradeNeeded` (which names the ``pg_dump`` backup to
        take first). A login without write rights opens it read-only.
        """
        # lazy: the team workspace's module imports Alembic, which a file never needs
        from infradesk.store import server as team

        engine = team.make_server_engine(address)
        try:
            with team.server_errors(address):
                team.open_schema(engine, address, allow_upgrade)
                return cls(None, engine, read_only=not team.can_write(engine), server=address)
        except BaseException:
            engine.dispose()
            raise

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open an existing workspace, migrating it (after a backup) when it is older.

        Anything that is not an intact InfraDesk workspace raises WorkspaceError and the file
        is left byte-identical. A file we may not write (or in a folder we may not write) opens
        read-only: ``read_only`` is True and every edit raises ReadOnlyWorkspaceError.
        """
        path = Path(path).expanduser()
        facts = inspect_workspace_file(path)
        backup = None
        if facts.revision == SNAPSHOT_REVISION:
            # current (the snapshot's revision is Alembic's head: tests/store pin it), so
            # Alembic's scripts need not be read: 0.1 s of every open
            head = facts.revision
        elif facts.revision not in known_revisions():
            raise WorkspaceError(
                f"{path.name} was written by a newer version of InfraDesk "
                f"(schema {facts.revision}); update InfraDesk to open it."
            )
        else:
            head = head_revision()
        if facts.read_only:
            if facts.revision != head:
                raise WorkspaceError(
                    f"{path.name} was written by an older InfraDesk and must be upgraded, but "
                    "it is read-only (file permissions); make it writable, or copy it to a "
                    "writable folder, and open it again."
                )
            return cls(path, make_read_only_engine(read_access(path).uri), read_only=True)
        if facts.revision != head:
            backup = write_backup(path, f"before-{head}")
        engine = make_engine(path)
        if facts.revision != head:
            try:
                upgrade_to_head(engine)
            except BaseException:
                engine.dispose()  # no connection (nor -wal/-shm) left behind a refusal
                raise
        return cls(path, engine, backup)

    @classmethod
    def create(cls, path: str | Path) -> Workspace:
        """Create a new, empty workspace at ``path`` (which must not exist yet).

        The schema comes from the snapshot of what the migrations make
        (:mod:`infradesk.store.schema_snapshot`), in one transaction, without Alembic.
        A refused or failed creation leaves no file behind.
        """
        path = Path(path).expanduser()
        if path.exists():
            if path.is_file() and path.stat().st_size == 0:
                raise WorkspaceError(empty_file_message(path))
            raise WorkspaceError(f"{path} already exists; choose another name.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(
                f"cannot create the folder {path.parent}: {error.strerror or error}."
            ) from error
        if not os.access(path.parent, os.W_OK):
            raise WorkspaceError(
                f"cannot create {path.name}: the folder {path.parent} is read-only."
            )
        engine = make_engine(path)
        try:
            create_schema(engine)
        except BaseException:
            engine.dispose()
            for leftover in (path, side_file(path, "-wal"), side_file(path, "-shm")):
                leftover.unlink(missing_ok=True)
            raise
        return cls(path, engine)

    @classmethod
    def open_or_create(cls, path: str | Path) -> Workspace:
        """Open ``path``, or create it when nothing is there (a 0-byte file is refused: it is
        more likely a lost workspace than a place for a new one)."""
        path = Path(path).expanduser()
        if path.exists():
            return cls.open(path)
        return cls.create(path)

    def check_writable(self) -> None:
        """Raise ReadOnlyWorkspaceError when this workspace was opened read-only."""
        if self.read_only:
            raise ReadOnlyWorkspaceError()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back if it raises.

        It begins with ``BEGIN IMMEDIATE`` (the write lock first, see store/engine.py), waiting
        up to the busy timeout for another program's write; then it raises
        :class:`WorkspaceBusyError` and nothing was written. Use :meth:`read_session` to read.
        """
        with self._errors(), self._sessions() as session, session.begin():
            yield session

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        if self.server is None:
            return busy_as_user_error()
        # lazy: the team workspace's module imports Alembic, which a file never needs
        from infradesk.store.server import server_errors

        return server_errors(self.server)

    def lock_project(self, session: Session, project_id: int) -> None:
        """Serialise writers of one project until ``session`` ends: a PostgreSQL advisory
        lock (a file's writers are serialised by SQLite's write lock already)."""
        if self.server is not None:
            # lazy: the team workspace's module imports Alembic, which a file never needs
            from infradesk.store.server import lock_project

            lock_project(session, project_id)

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for queries: a deferred transaction, which in WAL mode never waits for a
        writer and sees one consistent snapshot. Do not write in it."""
        with self._errors(), self._read_sessions() as session, session.begin():
            yield session

    def save_as(self, target: str | Path) -> Workspace:
        """Write a consistent copy to ``target`` and return it opened (this one stays open)."""
        target = Path(target).expanduser()
        if self.server is not None:
            # lazy: the copier reads every table, which a file's save-as never needs
            from infradesk.store.copy import copy_workspace

            target.unlink(missing_ok=True)
            copy_workspace(self, str(target))
            return Workspace.open(target)
        if target.resolve() == self.path.resolve():
            return self
        target.unlink(missing_ok=True)
        copy_database(self.path, target)
        return Workspace.open(target)

    def close(self) -> None:
        """Checkpoint the WAL into the main file and release the engine.

        A read-only workspace has nothing to checkpoint (and may not), nor has a team
        workspace: it only lets go.
        """
        if self.read_only or self.server is not None:
            self.engine.dispose()
            return
        try:
            with self.engine.connect().execution_options(**READ_ONLY) as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.engine.dispose()


def _login_name(engine: Engine) -> str:
    # lazy: the team workspace's module imports Alembic, which a file never needs
    from infradesk.store.server import login_name

    return login_name(engine)


def local_login() -> str:
    """The operating system's user name (who edits a file workspace). The same as
    :func:`infradesk.store.server.local_login`, here so that a file does not import the
    server module."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


__all__ = [
    "WORKSPACE_SUFFIX",
    "ReadOnlyWorkspaceError",
    "Workspace",
    "WorkspaceBusyError",
    "WorkspaceError",
]
