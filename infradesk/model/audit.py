"""Who did what: one audit entry per command applied, undone or redone, and the rows it
wrote. The audit is not journaled (undo never removes history) and has no version counter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from infradesk.model.base import Base


class AuditEntry(Base):
    """One command as it was committed: its user, time, name and project."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC, naive
    user_name: Mapped[str] = mapped_column(String(200))
    # the program instance that wrote it (one per open workspace): its own edits never
    # count as someone else's
    client_id: Mapped[str] = mapped_column(String(40))
    command: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(10), default="do")  # do | undo | redo
    project_id: Mapped[int | None] = mapped_column(Integer, default=None)
    rows_touched: Mapped[int] = mapped_column(Integer, default=0)
    rows_rescheduled: Mapped[int] = mapped_column(Integer, default=0)


class AuditRow(Base):
    """A row an audited command wrote (its own fields, not dates the scheduler moved)."""

    __tablename__ = "audit_row"
    __table_args__ = (Index("ix_audit_row_record", "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("audit_entry.id", ondelete="CASCADE"), index=True
    )
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[int] = mapped_column(Integer)


#: Tables that the row journal leaves alone.
AUDIT_TABLES = frozenset({"audit_entry", "audit_row"})
