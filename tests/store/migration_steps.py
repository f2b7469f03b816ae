"""Steps the migration tests share: bring a file to a revision with some rows, read a table's
SQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config


def upgrade_to(path: Path, revision: str, *statements: str) -> None:
    """Upgrade ``path`` to ``revision``, then run ``statements`` in the same transaction.

    Foreign keys are off while it runs, as ``upgrade_to_head`` has them: a migration that
    rebuilds ``task`` would otherwise cascade-delete every subtask."""
    engine = make_engine(path)
    config = alembic_config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            for statement in statements:
                connection.execute(text(statement))
        raw.execute("PRAGMA foreign_keys=ON")
    engine.dispose()


def table_sql(path: Path, table: str) -> str:
    """The ``CREATE TABLE`` statement SQLite keeps for ``table``."""
    engine = make_engine(path)
    with engine.connect() as connection:
        sql = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
        ).scalar_one()
    engine.dispose()
    return str(sql)
