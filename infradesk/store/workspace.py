"""A workspace: one SQLite file holding several projects."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from infradesk.store.backup import copy_database, write_backup
from infradesk.store.engine import make_engine
from infradesk.store.inspection import WorkspaceError, inspect_workspace_file
from infradesk.store.migrate import head_revision, known_revisions, upgrade_to_head

WORKSPACE_SUFFIX = ".infradesk"


class Workspace:
    """An open workspace file. Hand out short sessions; never keep one open in a widget."""

    def __init__(self, path: Path, engine: Engine, backup: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        self.migration_backup = backup
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open an existing workspace, migrating it (after a backup) when it is older.

        Anything that is not an intact InfraDesk workspace raises WorkspaceError and the file
        is left byte-identical.
        """
        path = Path(path).expanduser()
        facts = inspect_workspace_file(path)
        head = head_revision()
        backup = None
        if facts.revision not in known_revisions():
            raise WorkspaceError(
                f"{path.name} was written by a newer version of InfraDesk "
                f"(schema {facts.revision}); update InfraDesk to open it."
            )
        if facts.revision != head:
            backup = write_backup(path, f"before-{head}")
        engine = make_engine(path)
        if facts.revision != head:
            upgrade_to_head(engine)
        return cls(path, engine, backup)

    @classmethod
    def create(cls, path: str | Path) -> Workspace:
        """Create a new, empty workspace at ``path`` (which must not hold anything yet)."""
        path = Path(path).expanduser()
        if path.exists() and path.stat().st_size > 0:
            raise WorkspaceError(f"{path} already exists; choose another name.")
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
        upgrade_to_head(engine)
        return cls(path, engine)

    @classmethod
    def open_or_create(cls, path: str | Path) -> Workspace:
        path = Path(path).expanduser()
        if path.exists() and path.stat().st_size > 0:
            return cls.open(path)
        return cls.create(path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def save_as(self, target: str | Path) -> Workspace:
        """Write a consistent copy to ``target`` and return it opened (this one stays open)."""
        target = Path(target).expanduser()
        if target.resolve() == self.path.resolve():
            return self
        target.unlink(missing_ok=True)
        copy_database(self.path, target)
        return Workspace.open(target)

    def close(self) -> None:
        """Checkpoint the WAL into the main file and release the engine."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.engine.dispose()


__all__ = ["WORKSPACE_SUFFIX", "Workspace", "WorkspaceError"]
