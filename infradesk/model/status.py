"""Weekly status updates: one dated snapshot per project and reporting date.

The RAG ratings, texts and a JSON ``snapshot`` of what the report showed (milestone dates, open
risks and their scores, change-request states) are frozen when the update is saved, so the next
report can show trends and "what changed since last report" even after the plan moved on.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infradesk.model.base import Base, Versioned


class StatusUpdate(Versioned, Base):
    """A saved status update. RAG values are ``green``, ``amber``, ``red`` or ``none``."""

    __tablename__ = "status_update"
    __table_args__ = (UniqueConstraint("project_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    as_of: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    overall_rag: Mapped[str] = mapped_column(String(8), default="none")
    overall_note: Mapped[str] = mapped_column(Text, default="")
    schedule_rag: Mapped[str] = mapped_column(String(8), default="none")
    schedule_note: Mapped[str] = mapped_column(Text, default="")
    cost_rag: Mapped[str] = mapped_column(String(8), default="none")
    cost_note: Mapped[str] = mapped_column(Text, default="")
    scope_rag: Mapped[str] = mapped_column(String(8), default="none")
    scope_note: Mapped[str] = mapped_column(Text, default="")
    risk_rag: Mapped[str] = mapped_column(String(8), default="none")
    risk_note: Mapped[str] = mapped_column(Text, default="")
    executive_summary: Mapped[str] = mapped_column(Text, default="")
    achievements: Mapped[str] = mapped_column(Text, default="")  # one item per line
    decisions_needed: Mapped[str] = mapped_column(Text, default="")  # one item per line
    help_needed: Mapped[str] = mapped_column(Text, default="")  # one item per line
    snapshot: Mapped[str] = mapped_column(Text, default="{}")  # JSON, see services/status.py


class StatusThresholds(Versioned, Base):
    """A project's thresholds of the RAG suggestions (schedule: milestone slip in days and
    SPI(t); cost: CPI, VAC / BAC and forecast / budget). No row: the defaults of
    ``services.status.rules.RagRules``."""

    __tablename__ = "status_thresholds"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    schedule_amber_days: Mapped[int] = mapped_column(Integer, default=1)
    schedule_red_days: Mapped[int] = mapped_column(Integer, default=10)
    spi_amber: Mapped[float] = mapped_column(Float, default=0.95)
    spi_red: Mapped[float] = mapped_column(Float, default=0.85)
    cpi_amber: Mapped[float] = mapped_column(Float, default=0.95)
    cpi_red: Mapped[float] = mapped_column(Float, default=0.90)
    vac_amber: Mapped[float] = mapped_column(Float, default=-0.02)
    vac_red: Mapped[float] = mapped_column(Float, default=-0.10)
    forecast_amber: Mapped[float] = mapped_column(Float, default=1.02)
    forecast_red: Mapped[float] = mapped_column(Float, default=1.10)
