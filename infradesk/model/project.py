"""Projects, their calendar, tasks, dependencies and baselines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infradesk.model.base import MONEY, Base, Versioned


class Project(Versioned, Base):
    """One project of a workspace; a workspace holds several."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    start: Mapped[datetime] = mapped_column(DateTime)
    status_date: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # MS Project's "reschedule uncompleted work to start after the status date"
    reschedule_after_status: Mapped[bool] = mapped_column(Boolean, default=True)
    manager: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    # issue 20: the milestone that closes the project (None: its latest milestone); it cannot
    # be marked done while an acceptance item is open, unless overridden (and logged).
    # No foreign key (project and task would refer to each other): a deleted task reads as
    # None, see ``services.governance.handover``.
    close_task_id: Mapped[int | None] = mapped_column(Integer, default=None)

    calendar: Mapped[Calendar] = relationship(
        back_populates="project", cascade="all, delete-orphan", uselist=False
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )


class Calendar(Versioned, Base):
    """The project's working time: weekdays, daily hours, holidays and exceptions.

    ``working_weekdays`` is a comma list of ISO weekday numbers counted from Monday = 0;
    ``working_hours`` a comma list of ``HH:MM-HH:MM`` intervals.
    """

    __tablename__ = "calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    working_weekdays: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")
    working_hours: Mapped[str] = mapped_column(String(200), default="08:00-12:00,13:00-17:00")
    holiday_country: Mapped[str | None] = mapped_column(String(10), default=None)
    holiday_region: Mapped[str | None] = mapped_column(String(20), default=None)

    project: Mapped[Project] = relationship(back_populates="calendar")
    days: Mapped[list[CalendarDay]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CalendarDay.day"
    )
    freezes: Mapped[list[FreezeWindow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="FreezeWindow.start"
    )


class CalendarDay(Versioned, Base):
    """A dated deviation: a holiday (no work) or an exception with its own hours."""

    __tablename__ = "calendar_day"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendar.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))  # "holiday" | "exception"
    name: Mapped[str] = mapped_column(String(200), default="")
    working_hours: Mapped[str] = mapped_column(String(200), default="")


class FreezeWindow(Versioned, Base):
    """A change freeze: production-change tasks may not start or run inside it."""

    __tablename__ = "freeze_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendar.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    finish: Mapped[date] = mapped_column(Date)  # inclusive


TASK_SIBLING_INDEX = "ix_task_project_parent_position"


class Task(Versioned, Base):
    """A task, summary task or milestone. ``parent_id`` builds the WBS; ``position`` orders
    siblings. Durations are working minutes; start and finish are the scheduled dates."""

    __tablename__ = "task"
    # a parent's children in sibling order, found and ordered by one index seek: the sibling
    # above or below (indent, outdent) and the children of a parent, top level (parent NULL)
    # included, where the project's or the parent's index alone scans the whole level
    __table_args__ = (Index(TASK_SIBLING_INDEX, "project_id", "parent_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True, default=None
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500), default="")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=480)
    start: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    finish: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    percent_complete: Mapped[float] = mapped_column(Float, default=0.0)
    actual_start: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    actual_finish: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # MS Project's constraint types: ASAP ALAP SNET SNLT FNET FNLT MSO MFO
    constraint_type: Mapped[str] = mapped_column(String(4), default="ASAP")
    constraint_date: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # planned fixed cost of the task, and the actual cost of its work entered by hand
    # (invoiced purchase orders that name the task add to it)
    cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    actual_cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    milestone: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    start_no_earlier_than: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    deadline: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    production_change: Mapped[bool] = mapped_column(Boolean, default=False)
    external_ref: Mapped[str] = mapped_column(String(100), default="")
    # MS Project's task flags (issue 16): ``estimated`` - the duration is a guess ("5d?");
    # ``manual`` - manually scheduled, ``start`` is the user's and links do not move it;
    # ``elapsed`` - ``duration_minutes`` are wall-clock minutes on the 24x7 clock ("3ed")
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    elapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    # resources (issue 18): leveling order (0-1000; 1000 is never moved by leveling), MS
    # Project's task type (model.resource.TASK_TYPES), the task's own calendar (None: the
    # project's) and the delay a leveling added, in working minutes (0: not leveled)
    priority: Mapped[int] = mapped_column(Integer, default=500)
    task_type: Mapped[str] = mapped_column(String(14), default="fixed_duration")
    calendar_id: Mapped[int | None] = mapped_column(
        ForeignKey("base_calendar.id", ondelete="SET NULL"), default=None
    )
    leveling_delay_minutes: Mapped[int] = mapped_column(Integer, default=0)

    project: Mapped[Project] = relationship(back_populates="tasks")


class Dependency(Versioned, Base):
    """A link between two tasks of one project: FS, SS, FF or SF with a working-time lag."""

    __tablename__ = "dependency"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True
    )
    successor_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(2), default="FS")
    lag_minutes: Mapped[int] = mapped_column(Integer, default=0)


class Baseline(Versioned, Base):
    """A named copy of the plan's dates, to measure slippage against."""

    __tablename__ = "baseline"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    # earned value is measured against this baseline (none chosen: the latest one)
    for_earned_value: Mapped[bool] = mapped_column(Boolean, default=False)

    tasks: Mapped[list[BaselineTask]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class BaselineTask(Versioned, Base):
    """One task's dates in a baseline."""

    __tablename__ = "baseline_task"
    __table_args__ = (UniqueConstraint("baseline_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    baseline_id: Mapped[int] = mapped_column(ForeignKey("baseline.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime | None] = mapped_column(DateTime)
    finish: Mapped[datetime | None] = mapped_column(DateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
