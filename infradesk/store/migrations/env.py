"""Alembic environment: always run on a connection handed over by infradesk.store.migrate."""

from __future__ import annotations

from alembic import context

import infradesk.model  # noqa: F401  (registers every table)
from infradesk.model.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
