"""Declarative base shared by every table of a workspace."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, MetaData, Numeric, Table, event
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

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


class Versioned:
    """A row version counter (SQLAlchemy's ``version_id_col``): every ORM UPDATE checks and
    bumps it, so a flush that would overwrite a row another session changed since it was read
    fails instead of losing that change (``StaleDataError``). Writes that bypass the ORM
    (Core updates, undo) bump it through ``services/row_journal.py``. The scheduler's derived
    dates do not count as a change of the row."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # a mapped class's __table__ is declared a FromClause; here it is the Table
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


@event.listens_for(Table, "after_parent_attach")
def _never_reuse_ids(table: Table, parent: Any) -> None:
    """Every table of a workspace is ``AUTOINCREMENT`` (migration 0006): an id once used is
    never handed out again, so undoing a delete can always put the same ids back, whatever
    this or another program inserted in between."""
    if parent is Base.metadata:
        table.dialect_kwargs["sqlite_autoincrement"] = True
