"""Edits of one task's own fields: a cell, a dragged or resized bar, the task dialog.

Progress fields (percent, actual dates, remaining) go through the rules of
:mod:`.progress`; constraint fields are checked there too (a dated type needs its date)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from infradesk.model import BaseCalendar, Project, Task
from infradesk.model.resource import TASK_TYPES
from infradesk.schedule.calendar import WorkingCalendar, cached_axis
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.planned_dates import PlannedDates
from infradesk.services.plan.progress import (
    CONSTRAINT_FIELDS,
    PROGRESS_FIELDS,
    TaskState,
    constraint_values,
    progress_values,
)
from infradesk.services.plan.scheduling import calendar_of, constraint_of
from infradesk.services.plan.task_edit import TaskEdit
from infradesk.services.resources.assignment_rows import (
    put_back,
    restore_assignments,
    rework_for_duration,
    set_primary,
    snapshot_assignments,
)

PLAIN_FIELDS = frozenset(
    {
        "name",
        "duration_minutes",
        "milestone",
        "owner",
        "notes",
        "deadline",
        "production_change",
        "cost",
        "actual_cost",
        "estimated",  # the Duration cell's marks (issue 16): 5d?, 3ed
        "elapsed",
        "priority",  # issue 18: leveling order, MS Project's task type, the task's calendar
        "task_type",
        "calendar_id",
    }
)
UPDATABLE_FIELDS = PLAIN_FIELDS | PROGRESS_FIELDS | CONSTRAINT_FIELDS
MONEY_FIELDS = {"cost": "planned cost", "actual_cost": "actual cost"}
CENT = Decimal("0.01")

_STATE_COLUMNS = (
    Task.name,
    Task.duration_minutes,
    Task.percent_complete,
    Task.start,
    Task.finish,
    Task.actual_start,
    Task.actual_finish,
    Task.constraint_type,
    Task.constraint_date,
    Task.start_no_earlier_than,
    Task.milestone,
)


def read_fields(session: Session, task_id: int, fields: Iterable[str]) -> dict[str, Any]:
    names = list(fields)
    row = session.execute(
        select(*(getattr(Task, f) for f in names)).where(Task.id == task_id)
    ).one_or_none()
    if row is None:
        raise TaskEditError("That task no longer exists.")
    return dict(zip(names, row, strict=True))


def _money(value: Any, what: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value or 0).strip())
    except InvalidOperation:
        raise TaskEditError(f"The {what} '{value}' is not an amount of money.") from None
    if not amount.is_finite() or amount < 0:
        raise TaskEditError(f"The {what} cannot be negative.")
    if abs(amount) >= Decimal(10) ** 12:
        raise TaskEditError(f"The {what} {value} is too large.")
    return amount.quantize(CENT)


class ProgressReads:
    """What recording progress on the tasks of one project reads once per command, however
    many tasks it updates: the planned dates (:class:`~infradesk.services.plan.planned_dates.
    PlannedDates`), the project start and the calendar."""

    def __init__(self, session: Session, project_id: int) -> None:
        self.session = session
        self.project_id = project_id
        self.planned = PlannedDates(session, project_id)
        self._start: datetime | None = None
        self._calendar: WorkingCalendar | None = None

    def project_start(self) -> datetime | None:
        if self._start is None:
            self._start = self.session.scalar(
                select(Project.start).where(Project.id == self.project_id)
            )
        return self._start

    def calendar(self) -> WorkingCalendar:
        if self._calendar is None:
            self._calendar = calendar_of(self.session, self.project_id)
        return self._calendar


def task_values(
    session: Session,
    project_id: int,
    task_id: int,
    changes: Mapping[str, Any],
    reads: ProgressReads | None = None,
) -> dict[str, Any]:
    """The columns an edit of ``changes`` writes to the task: plain fields as given, progress
    and constraint fields through the rules of :mod:`.progress`, whose "scheduled dates" of an
    unfinished task are where the plan has it (the planned dates of ``reads``, shared by the
    tasks of one command)."""
    row = session.execute(select(*_STATE_COLUMNS).where(Task.id == task_id)).one_or_none()
    if row is None:
        raise TaskEditError("That task no longer exists.")
    name = row.name or ""
    values = {k: v for k, v in changes.items() if k in PLAIN_FIELDS}
    for key, what in MONEY_FIELDS.items():
        if key in values:
            values[key] = _money(values[key], f"{what} of '{name}'")
    if PROGRESS_FIELDS & set(changes):
        if session.scalar(select(exists().where(Task.parent_id == task_id))):
            raise TaskEditError(
                f"'{name}' is a summary task: its progress rolls up from its subtasks; "
                "record progress on those."
            )
        start, finish = row.start, row.finish
        reads = reads or ProgressReads(session, project_id)
        if row.actual_finish is None:
            start, finish = reads.planned.of(task_id, (start, finish))
        state = TaskState(
            name,
            int(row.duration_minutes or 0),
            float(row.percent_complete or 0.0),
            start,
            finish,
            row.actual_start,
            row.actual_finish,
        )
        origin = min(
            filter(
                None, (reads.project_start(), start, row.actual_start, changes.get("actual_start"))
            )
        )
        axis = cached_axis(reads.calendar(), origin.date())
        given = {k: v for k, v in changes.items() if k in PROGRESS_FIELDS}
        if "duration_minutes" in changes:
            given["duration_minutes"] = changes["duration_minutes"]
        progress = progress_values(state, given, axis)
        if (
            "duration_minutes" in progress
            and "milestone" not in changes
            and progress["duration_minutes"] != state.duration
        ):
            values["milestone"] = progress["duration_minutes"] == 0
        values.update(progress)
    if CONSTRAINT_FIELDS & set(changes):
        kind, moment = constraint_of(
            row.constraint_type, row.constraint_date, row.start_no_earlier_than
        )
        merged = {"constraint_type": kind, "constraint_date": moment}
        merged.update((k, v) for k, v in changes.items() if k in CONSTRAINT_FIELDS)
        values.update(constraint_values(name, merged))
        values["start_no_earlier_than"] = None  # transition (issue 15): drop with the column
    return values


class UpdateTask(TaskEdit):
    """Set fields of one task: a cell edit, a dragged bar (an SNET constraint), a resized
    bar (duration), the task dialog's fields, a progress answer."""

    def __init__(
        self, project_id: int, task_id: int, changes: Mapping[str, Any], text: str = "Edit task"
    ) -> None:
        super().__init__(project_id, text)
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:
            raise TaskEditError(f"'{sorted(unknown)[0]}' cannot be edited here.")
        self.task_id = task_id
        self.values = dict(changes)
        if "duration_minutes" in self.values:
            minutes = int(self.values["duration_minutes"])
            if minutes < 0:
                raise TaskEditError("A duration cannot be negative.")
            self.values.setdefault("milestone", minutes == 0)
        if "name" in self.values and not str(self.values["name"]).strip():
            raise TaskEditError("A task needs a name.")
        if "percent_complete" in self.values and not 0 <= self.values["percent_complete"] <= 100:
            raise TaskEditError("% complete must be between 0 and 100.")
        if "remaining_minutes" in self.values and int(self.values["remaining_minutes"]) < 0:
            raise TaskEditError("The remaining duration cannot be negative.")
        if "priority" in self.values:
            priority = self.values["priority"]
            if not isinstance(priority, int) or not 0 <= priority <= 1000:
                raise TaskEditError(
                    f"Priority {priority} is not a whole number from 0 to 1000 (1000: never "
                    "moved by leveling)."
                )
        if "task_type" in self.values and self.values["task_type"] not in TASK_TYPES:
            raise TaskEditError(
                f"'{self.values['task_type']}' is not a task type: one of {', '.join(TASK_TYPES)}."
            )
        self.old: dict[str, Any] = {}
        self.touched = {task_id}
        # what the edit did to the task's assignments, to put back on undo
        self._old_assignments: list[dict[str, Any]] | None = None
        self._reworked: list[dict[str, Any]] = []
        self._created: list[int] = []

    @property
    def schedule_inputs(self) -> set[int]:
        return (
            set()
            if set(self.values)
            <= {"notes", "cost", "actual_cost", "estimated", "priority", "task_type"}
            else {self.task_id}
        )

    @property
    def assignments_changed(self) -> bool:
        """The owner is the primary assignee; a new duration reworks the assignments."""
        return bool({"owner", "duration_minutes"} & set(self.values)) or bool(
            PROGRESS_FIELDS & set(self.values)
        )

    def apply_change(self, session: Session) -> None:
        values = task_values(session, self.project_id, self.task_id, self.values)
        calendar = values.get("calendar_id")
        if calendar is not None and session.get(BaseCalendar, calendar) is None:
            raise TaskEditError("That calendar no longer exists.")
        self.old = read_fields(session, self.task_id, values)
        self._old_assignments, self._reworked, self._created = None, [], []
        if "owner" in values:  # the primary assignment follows (issue 18)
            self._old_assignments = snapshot_assignments(session, self.task_id)
            values["owner"], self._created = set_primary(
                session, self.task_id, str(values["owner"] or "")
            )
        duration = values.get("duration_minutes")
        if duration is not None and duration != self.old.get("duration_minutes"):
            # work follows the duration by the task type: one read, one UPDATE when assigned
            self._reworked = rework_for_duration(session, self.task_id, int(duration))
        session.execute(update(Task).where(Task.id == self.task_id).values(values))

    def revert_change(self, session: Session) -> None:
        session.execute(update(Task).where(Task.id == self.task_id).values(self.old))
        if self._old_assignments is not None:
            put_back(session, self.task_id, self._old_assignments, self._created)
        elif self._reworked:
            restore_assignments(session, self._reworked)
