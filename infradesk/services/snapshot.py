"""Exact copies of rows and everything that hangs off them, to undo a delete.

Deleting a project or a summary task cascades through many tables. Rather than teaching every
command about every table, a snapshot walks the foreign keys of the metadata: it collects the
root rows, every row that references them with ON DELETE CASCADE (recursively), and the
references that ON DELETE SET NULL will clear. Restoring puts all of it back with the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from infradesk.model.base import Base


@dataclass
class RowSnapshot:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    nulled: list[tuple[str, str, int, Any]] = field(
        default_factory=list
    )  # table, column, id, value


def table_of(model: type[Base]) -> Table:
    """The table a mapped class is declared on (SQLAlchemy types ``__table__`` as any
    FromClause; every InfraDesk model maps exactly one Table)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to one table")
    return table


def _referencing(table: Table) -> list[tuple[Table, Any, str | None]]:
    found = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table:
                found.append((other, fk.parent, fk.ondelete))
    return found


def take_snapshot(session: Session, table: Table, ids: set[int]) -> RowSnapshot:
    snapshot = RowSnapshot()
    seen: dict[str, set[int]] = {}
    queue: list[tuple[Table, set[int]]] = [(table, set(ids))]
    while queue:
        current, wanted = queue.pop()
        new = wanted - seen.setdefault(current.name, set())
        if not new:
            continue
        seen[current.name] |= new
        rows = [
            dict(r)
            for r in session.execute(select(current).where(current.c.id.in_(new))).mappings()
        ]
        snapshot.rows.setdefault(current.name, []).extend(rows)
        for other, column, ondelete in _referencing(current):
            child_rows = session.execute(select(other.c.id, column).where(column.in_(new))).all()
            if not child_rows:
                continue
            if (ondelete or "").upper() == "SET NULL":
                snapshot.nulled.extend((other.name, column.name, r[0], r[1]) for r in child_rows)
            else:
                queue.append((other, {r[0] for r in child_rows}))
    return snapshot


def delete_rows(session: Session, table: Table, ids: set[int]) -> None:
    session.execute(delete(table).where(table.c.id.in_(ids)))
    session.expire_all()


def restore_snapshot(session: Session, snapshot: RowSnapshot) -> None:
    """Insert the snapshot's rows again (same ids) and re-set the cleared references."""
    session.execute(select(1))  # make sure the transaction has begun
    if session.get_bind().dialect.name == "postgresql":  # its foreign keys are DEFERRABLE
        session.connection().exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
    else:
        session.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    for table in Base.metadata.sorted_tables:
        rows = snapshot.rows.get(table.name)
        if rows:
            session.execute(insert(table), rows)
    tables = Base.metadata.tables
    for table_name, column, row_id, value in snapshot.nulled:
        table = tables[table_name]
        session.execute(update(table).where(table.c.id == row_id).values({column: value}))
    session.expire_all()
