"""Bring a workspace's schema up to date with Alembic, safely."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from infradesk.store.inspection import WorkspaceError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in script_directory().walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Run every pending migration in one transaction with foreign keys off, then check them.

    SQLite ignores ``PRAGMA foreign_keys`` inside a transaction, so it is switched off before
    BEGIN; batch migrations recreate tables and would otherwise cascade deletes.
    """
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        if raw is None:  # only after the connection was invalidated, never on a fresh one
            raise WorkspaceError("The workspace file could not be opened for the upgrade.")
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise WorkspaceError(
                        f"The schema upgrade left {len(broken)} broken references; "
                        "nothing was changed."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
