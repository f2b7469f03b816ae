"""Many rows updated by primary key in one executemany, through SQLAlchemy Core.

The ORM's bulk UPDATE by primary key would demand (and check) each row's version counter
(``version_id_col``, see ``model/base.py``); a bulk write here either writes derived values
(the scheduler's dates, costs), which are not a new version of the row, or belongs to a
command, whose pass counts the versions of the rows it wrote
(:func:`infradesk.services.row_journal.bump_versions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.orm import Session


def update_by_id(session: Session, model: Any, rows: Iterable[Mapping[str, Any]]) -> None:
    """Set the given columns of each row (``{"id": 5, "start": ...}``); rows may name
    different columns (one statement per set of names)."""
    table: Table = model.__table__
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        names = tuple(sorted(k for k in row if k != "id"))
        groups.setdefault(names, []).append({f"b_{k}": v for k, v in row.items()})
    for names, group in groups.items():
        if not names:
            continue
        statement = (
            table.update()
            .where(table.c.id == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}") for name in names})
        )
        session.execute(statement, group)
