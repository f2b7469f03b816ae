"""Portfolio and governance (issue 20): cross-project links, the shared calendar of change
windows, the action log, meetings, the stakeholder register, the communication plan and the
operational acceptance (handover) checklist.

A :class:`ChangeWindow` with no project belongs to the whole workspace (the shared freeze and
maintenance calendar every project sees); with a project it is that project's own. Its
instants are naive local date-times like the plan's (a freeze is set in the PM's own time).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infradesk.model.base import Base, Versioned


class CrossLink(Versioned, Base):
    """A dependency between tasks of two different projects of the workspace: FS, SS, FF or
    SF with a lag in the successor's working minutes. Both plans schedule with it."""

    __tablename__ = "cross_link"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True
    )
    successor_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(2), default="FS")
    lag_minutes: Mapped[int] = mapped_column(Integer, default=0)


class ChangeWindow(Versioned, Base):
    """A freeze, blackout, maintenance window or CAB meeting. ``project_id`` None: shared by
    the workspace. ``services``: a comma list of the services it concerns ("" = all)."""

    __tablename__ = "change_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True, default=None
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12), default="freeze")  # WINDOW_KINDS
    start: Mapped[datetime] = mapped_column(DateTime)
    finish: Mapped[datetime] = mapped_column(DateTime)  # exclusive instant
    services: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Meeting(Versioned, Base):
    """A meeting record: when, who attended (stakeholders and resources by name), minutes.
    Decisions and actions name the meeting they came from."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # M-001
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20), default="status")  # MEETING_KINDS
    held_on: Mapped[date | None] = mapped_column(Date, default=None)
    chair: Mapped[str] = mapped_column(String(200), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")  # names, comma separated
    minutes: Mapped[str] = mapped_column(Text, default="")


class ActionItem(Versioned, Base):
    """An action of the action log: one owner, one due date, a status, and the meeting that
    raised it (if any)."""

    __tablename__ = "action_item"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # AC-001
    title: Mapped[str] = mapped_column(String(500))
    owner: Mapped[str] = mapped_column(String(200), default="")
    raised: Mapped[date | None] = mapped_column(Date, default=None)
    due: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")  # ACTION_STATUSES
    closed: Mapped[date | None] = mapped_column(Date, default=None)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True, default=None
    )
    notes: Mapped[str] = mapped_column(Text, default="")


class Stakeholder(Versioned, Base):
    """A row of the stakeholder register; power and interest (1-5) place it on the grid."""

    __tablename__ = "stakeholder"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # S-001
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    power: Mapped[int] = mapped_column(Integer, default=3)
    interest: Mapped[int] = mapped_column(Integer, default=3)
    attitude: Mapped[str] = mapped_column(String(20), default="neutral")  # ATTITUDES
    needs: Mapped[str] = mapped_column(Text, default="")  # what they need to know
    contact: Mapped[str] = mapped_column(String(200), default="")  # e-mail or phone


class CommsItem(Versioned, Base):
    """A line of the communication plan: who gets what, how often, through which channel,
    who sends it. ``status_report``: this line distributes the weekly status report (its
    audience is the report's distribution list)."""

    __tablename__ = "comms_item"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # COM-001
    content: Mapped[str] = mapped_column(String(500))  # what: "Weekly status report"
    audience: Mapped[str] = mapped_column(Text, default="")  # stakeholder names, comma list
    frequency: Mapped[str] = mapped_column(String(20), default="weekly")  # FREQUENCIES
    channel: Mapped[str] = mapped_column(String(100), default="e-mail")
    owner: Mapped[str] = mapped_column(String(200), default="")
    status_report: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class HandoverItem(Versioned, Base):
    """An item of a project's operational acceptance checklist, with owner, evidence and
    sign-off. The close milestone cannot be marked done while one is open."""

    __tablename__ = "handover_item"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # OA-01
    position: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(500))
    owner: Mapped[str] = mapped_column(String(200), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # HANDOVER_STATUSES
    signed_off_by: Mapped[str] = mapped_column(String(200), default="")
    signed_off_on: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class HandoverTemplateItem(Versioned, Base):
    """A line of the workspace's acceptance checklist template (the PM edits it; a new
    project's checklist is made from it)."""

    __tablename__ = "handover_template_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(500))
    hint: Mapped[str] = mapped_column(Text, default="")  # what evidence is expected
