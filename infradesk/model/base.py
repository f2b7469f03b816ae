"""Declarative base shared by every table of a workspace."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Numeric, Table, event
from sqlalchemy.orm import DeclarativeBase

# Money: Decimal with two places, a three-letter currency next to it; never float.
MONEY = Numeric(14, 2)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every InfraDesk table derives from this; the naming convention keeps Alembic's batch
    migrations on SQLite deterministic."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@event.listens_for(Table, "after_parent_attach")
def _never_reuse_ids(table: Table, parent: Any) -> None:
    """Every table of a workspace is ``AUTOINCREMENT`` (migration 0006): an id once used is
    never handed out again, so undoing a delete can always put the same ids back, whatever
    this or another program inserted in between."""
    if parent is Base.metadata:
        table.dialect_kwargs["sqlite_autoincrement"] = True
