"""Bring a workspace's schema up to date with Alembic, safely.

Alembic is imported only inside the functions that use it (about 0.3 s of a process's start):
creating a new file (:mod:`infradesk.store.schema_snapshot`) and opening one never need it
until a revision is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from infradesk.store.schema_change import schema_transaction

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in script_directory().walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Run every pending migration in one transaction with foreign keys off, then check them
    (:func:`~infradesk.store.schema_change.schema_transaction`)."""
    from alembic import command

    config = alembic_config()
    broken = "The schema upgrade left {count} broken references; nothing was changed."
    with schema_transaction(engine, broken) as (connection, _raw):
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
