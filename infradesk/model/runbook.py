"""Cutover runbooks (issue 19): the minute-by-minute plan of a migration night or weekend, its
steps and links, the services whose outage it measures, and every run of it (rehearsals and
the live run) with what each recorded.

Every instant is stored as naive **UTC** (``window_start``, actual starts and finishes, a
gate's decision time): a cutover crosses daylight-saving changes, and wall-clock times would
repeat or vanish. The runbook's ``time_zone`` (an IANA name) is how they are shown. A step's
``fixed_time`` is the wall-clock time the PM wrote, in ``fixed_time_zone`` ("" = the
runbook's zone); it is converted when the runbook is scheduled. Durations and lags are
elapsed minutes (a runbook runs round the clock).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infradesk.model.base import Base, Versioned


class Runbook(Versioned, Base):
    """A project's runbook (one per wave). ``task_id``: the plan task it drives (the live
    run's first start and last finish are that task's actuals)."""

    __tablename__ = "runbook"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), default=None
    )
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    window_start: Mapped[datetime | None] = mapped_column(DateTime, default=None)  # UTC
    window_end: Mapped[datetime | None] = mapped_column(DateTime, default=None)  # UTC
    outage_budget_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    change_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("change_request.id", ondelete="SET NULL"), default=None
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")


class RunbookStep(Versioned, Base):
    """One step. ``kind``: task, gate, validation, communication or rollback
    (:data:`infradesk.interchange.runbook_document.STEP_KINDS`). A rollback step belongs to
    the rollback path of the gate ``rollback_of_id``."""

    __tablename__ = "runbook_step"
    __table_args__ = (UniqueConstraint("runbook_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    runbook_id: Mapped[int] = mapped_column(
        ForeignKey("runbook.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(20), default="task")
    stream: Mapped[str] = mapped_column(String(100), default="")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource.id", ondelete="SET NULL"), default=None
    )
    backup_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource.id", ondelete="SET NULL"), default=None
    )
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    fixed_time: Mapped[datetime | None] = mapped_column(DateTime, default=None)  # wall clock
    fixed_time_zone: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    command: Mapped[str] = mapped_column(Text, default="")
    decision_maker: Mapped[str] = mapped_column(String(200), default="")
    criteria: Mapped[str] = mapped_column(Text, default="")  # one criterion per line
    audience: Mapped[str] = mapped_column(String(500), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    rollback_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("runbook_step.id", ondelete="SET NULL"), default=None
    )
    point_of_no_return: Mapped[bool] = mapped_column(Boolean, default=False)


class RunbookLink(Versioned, Base):
    """``predecessor_id`` comes before ``step_id`` (FS, SS, FF or SF; lag in minutes)."""

    __tablename__ = "runbook_link"
    __table_args__ = (UniqueConstraint("step_id", "predecessor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("runbook_step.id", ondelete="CASCADE"), index=True
    )
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("runbook_step.id", ondelete="CASCADE"), index=True
    )
    link_type: Mapped[str] = mapped_column(String(2), default="FS")
    lag_minutes: Mapped[int] = mapped_column(Integer, default=0)


class RunbookService(Versioned, Base):
    """A service taken down by the cutover: down from the start of ``down_step_id`` to the
    finish of ``up_step_id``; its recovery time objective in minutes."""

    __tablename__ = "runbook_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    runbook_id: Mapped[int] = mapped_column(
        ForeignKey("runbook.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    rto_minutes: Mapped[int] = mapped_column(Integer, default=0)
    down_step_id: Mapped[int | None] = mapped_column(
        ForeignKey("runbook_step.id", ondelete="SET NULL"), default=None
    )
    up_step_id: Mapped[int | None] = mapped_column(
        ForeignKey("runbook_step.id", ondelete="SET NULL"), default=None
    )


class RunbookRun(Versioned, Base):
    """A rehearsal or the live run. Runs are never overwritten: each is kept to compare."""

    __tablename__ = "runbook_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    runbook_id: Mapped[int] = mapped_column(
        ForeignKey("runbook.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10), default="rehearsal")  # rehearsal / live
    started: Mapped[datetime | None] = mapped_column(DateTime, default=None)  # UTC


class StepRecord(Versioned, Base):
    """What one run recorded for one step (UTC instants). Each click writes its row at once."""

    __tablename__ = "runbook_step_record"
    __table_args__ = (UniqueConstraint("run_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("runbook_run.id", ondelete="CASCADE"), index=True
    )
    step_id: Mapped[int] = mapped_column(
        ForeignKey("runbook_step.id", ondelete="CASCADE"), index=True
    )
    actual_start: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    actual_finish: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    skipped_reason: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(10), default="")  # go / no-go
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    result: Mapped[str] = mapped_column(String(20), default="")  # pass / fail / not_tested
    comment: Mapped[str] = mapped_column(Text, default="")
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issue.id", ondelete="SET NULL"), default=None
    )
