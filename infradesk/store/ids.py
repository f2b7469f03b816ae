"""Ids handed out before a bulk insert, so that rows can name each other without a round trip.

On a SQLite file the next ids simply follow the largest one (a file has one writer at a time).
On PostgreSQL they come from the table's own sequence: two team members importing at once get
different ids, and rows inserted later through the ORM never collide with them.
"""

from __future__ import annotations

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session


def reserve_ids(session: Session, table: Table, count: int) -> list[int]:
    """``count`` new, ascending ids for rows of ``table`` inserted with explicit ids."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(
            text(
                f"SELECT nextval(pg_get_serial_sequence('\"{table.name}\"', 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"count": count},
        ).scalars()
        return sorted(int(i) for i in found)
    first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
    return list(range(first, first + count))
