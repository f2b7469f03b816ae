"""The migrated schema equals the models' metadata (RAID tables included)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tests.backends import schema_of


def test_migrated_schema_matches_models(workspace) -> None:
    with workspace.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, schema_of(workspace))
        tables = set(inspect(connection).get_table_names())
    assert {"risk_action", "risk_history", "issue", "change_request", "decision"} <= tables
    assert diff == []
