"""What "the same rows" means for the undo tests: every column of every table an undo restores.

Two things are left out on purpose, on both backends: each row's ``version`` counter (counted
by every write, an undo's too, never put back: see ``services/row_journal.py``) and the audit
tables (the history of every pass, an undo's included, which no undo rewrites).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Table, select

from infradesk.model import Base
from infradesk.model.audit import AUDIT_TABLES


def undone_tables() -> list[Table]:
    """Every table an undo restores, parents first."""
    return [t for t in Base.metadata.sorted_tables if t.name not in AUDIT_TABLES]


def content(table: Any) -> Select[Any]:
    """``SELECT`` of a table's (or a model's) columns but its version counter, by id."""
    table = table if isinstance(table, Table) else table.__table__
    query = select(*(c for c in table.columns if c.name != "version"))
    return query.order_by(table.c.id) if "id" in table.c else query
