"""A workspace's stored rows as tests compare them before and after an undo.

The content of every row, ids included, but not its version counter (``version``: it counts
changes and never goes back, so an undone edit is a new version of the row) and not the
audit (``audit_entry``/``audit_row``: undo adds to the history, never removes it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, Table, select

from infradesk.model.audit import AUDIT_TABLES
from infradesk.model.base import Base


def content(table: Table) -> Select[Any]:
    """Every row of ``table``, every column but the version counter, in id order."""
    columns = [c for c in table.columns if c.name != "version"]
    return select(*columns).order_by(*table.primary_key.columns)


def dump_rows(workspace: Any, tables: Iterable[Table] | None = None) -> dict[str, list[tuple]]:
    """The content of ``tables`` (default: every table but the audit)."""
    chosen = (
        list(tables)
        if tables is not None
        else [t for t in Base.metadata.sorted_tables if t.name not in AUDIT_TABLES]
    )
    with workspace.session() as session:
        return {t.name: [tuple(r) for r in session.execute(content(t))] for t in chosen}
