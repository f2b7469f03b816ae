"""The workspace's resource pool (issue 18): people, crews and materials shared by every
project, their own working time, and their assignments to tasks.

Units are fractions: 1.0 is one full-time person (100%), 0.5 half time, 3.0 a crew of three.
Work is in working minutes, as durations are. A material resource's units are quantities
("200 m of fibre") and its work is that quantity; a cost resource has neither, only a cost.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infradesk.model.base import MONEY, Base, Versioned

RESOURCE_KINDS = ("work", "material", "cost")
# MS Project's task types: which of duration, work and units stays put when another changes
TASK_TYPES = ("fixed_duration", "fixed_work", "fixed_units")
# the name of the round-the-clock calendar every workspace has (migration 0011)
ALL_HOURS_CALENDAR = "24 Hours"


class BaseCalendar(Versioned, Base):
    """A named working week shared by the workspace ("24 Hours", "Night shift"), for tasks
    that do not follow their project's calendar and for resources that work other hours.

    ``working_weekdays`` and ``working_hours`` use the project calendar's formats.
    """

    __tablename__ = "base_calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    working_weekdays: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")
    working_hours: Mapped[str] = mapped_column(String(200), default="08:00-12:00,13:00-17:00")


class Resource(Versioned, Base):
    """A person, a team or vendor crew, a material or a cost, in the workspace's pool."""

    __tablename__ = "resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="work")  # RESOURCE_KINDS
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    team: Mapped[str] = mapped_column(String(200), default="")
    vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendor.id", ondelete="SET NULL"), default=None, index=True
    )
    max_units: Mapped[float] = mapped_column(Float, default=1.0)
    rate_per_hour: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    cost_per_use: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    # a material's unit of measure ("m", "licences")
    material_label: Mapped[str] = mapped_column(String(40), default="")
    # None: the resource works its task's project calendar; otherwise this week instead
    calendar_id: Mapped[int | None] = mapped_column(
        ForeignKey("base_calendar.id", ondelete="SET NULL"), default=None
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    days: Mapped[list[ResourceDay]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ResourceDay.day"
    )


class ResourceDay(Versioned, Base):
    """A dated deviation of one resource's time: leave (no work) or other hours that day
    (a part-time day, an on-call weekend)."""

    __tablename__ = "resource_day"
    __table_args__ = (UniqueConstraint("resource_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))  # "leave" | "exception"
    name: Mapped[str] = mapped_column(String(200), default="")
    working_hours: Mapped[str] = mapped_column(String(200), default="")


class Assignment(Versioned, Base):
    """One resource on one task. ``position`` 0 is the primary assignee, whose name is the
    task's owner; ``work_minutes`` is duration x units for a fixed-duration task; ``cost`` is
    work x rate + cost per use, kept so the budget reads it without the rates."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("task_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    units: Mapped[float] = mapped_column(Float, default=1.0)
    work_minutes: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    position: Mapped[int] = mapped_column(Integer, default=0)
