"""The weekly update's commands (MS Project's Update Tasks, Update Project and Mark on Track).

Each command is one :class:`TaskEdit`: one undo step over any number of tasks, one reschedule.
A summary task in the selection stands for its subtasks (progress is recorded on work, and
rolls up). The rules of each field (100 % records the scheduled dates as actuals, 0 % clears
them, ...) are those of :mod:`.progress`, applied through :func:`.field_edits.task_values`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from infradesk.model import Project, Task
from infradesk.schedule.calendar import TimeAxis, cached_axis
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import ProgressReads, read_fields, task_values
from infradesk.services.plan.scheduling import calendar_of
from infradesk.services.plan.status_date import effective_status_date_in
from infradesk.services.plan.task_edit import TaskEdit, check_tasks
from infradesk.services.resources.assignment_rows import restore_assignments, rework_for_duration


def work_tasks(session: Session, project_id: int, task_ids: Iterable[int]) -> list[int]:
    """``task_ids`` with each summary replaced by the tasks without children under it, in
    the given order, without repeats; refused when one is not a task of the project."""
    wanted = check_tasks(session, project_id, task_ids)
    if not session.scalar(select(exists().where(Task.parent_id.in_(wanted)))):
        return wanted  # no summary asked for (one answer in the dialog): no outline to read
    children: dict[int, list[int]] = {}
    for task_id, parent_id in session.execute(
        select(Task.id, Task.parent_id)
        .where(Task.project_id == project_id)
        .order_by(Task.position, Task.id)
    ):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(task_id)
    found: dict[int, None] = {}
    for task_id in wanted:
        stack = [task_id]
        while stack:
            current = stack.pop()
            kids = children.get(current)
            if kids:
                stack.extend(reversed(kids))
            else:
                found[current] = None
    return list(found)


class ProgressEdit(TaskEdit):
    """Apply per task the field changes :meth:`changes_for` gives (None: leave it)."""

    def __init__(self, project_id: int, task_ids: Sequence[int], text: str) -> None:
        super().__init__(project_id, text)
        if not task_ids:
            raise TaskEditError("Select the tasks to update first.")
        self.task_ids = list(task_ids)
        self.old: dict[int, dict[str, Any]] = {}
        self.reads: ProgressReads | None = None
        # assignments whose work followed a new duration, as they were (issue 18)
        self._reworked: list[dict[str, Any]] = []

    @property
    def assignments_changed(self) -> bool:
        return True  # progress may change a duration, and the work follows it

    def changes_for(self, session: Session, task_id: int) -> Mapping[str, Any] | None:
        raise NotImplementedError

    def apply_change(self, session: Session) -> None:
        self.old = {}
        self.touched = set()
        self._reworked = []
        self.reads = ProgressReads(session, self.project_id)
        for task_id in work_tasks(session, self.project_id, self.task_ids):
            changes = self.changes_for(session, task_id)
            if not changes:
                continue
            values = task_values(session, self.project_id, task_id, changes, self.reads)
            old = read_fields(session, task_id, values)
            if old == values:
                continue
            self.old[task_id] = old
            self.touched.add(task_id)
            duration = values.get("duration_minutes")
            if duration is not None and duration != old.get("duration_minutes"):
                self._reworked += rework_for_duration(session, task_id, int(duration))
            session.execute(update(Task).where(Task.id == task_id).values(values))

    def revert_change(self, session: Session) -> None:
        for task_id, old in self.old.items():
            session.execute(update(Task).where(Task.id == task_id).values(old))
        restore_assignments(session, self._reworked)


class SetFields(ProgressEdit):
    """The same progress fields on every task of the selection."""

    def __init__(
        self, project_id: int, task_ids: Sequence[int], changes: Mapping[str, Any], text: str
    ) -> None:
        super().__init__(project_id, task_ids, text)
        self.changes = dict(changes)

    def changes_for(self, session: Session, task_id: int) -> Mapping[str, Any] | None:
        return self.changes


class MarkDoneAsPlanned(SetFields):
    """100 % complete with the scheduled dates as actuals (an actual start already recorded
    stays): "done as planned"."""

    def __init__(self, project_id: int, task_ids: Sequence[int], text: str = "Done as planned"):
        super().__init__(project_id, task_ids, {"percent_complete": 100.0}, text)


class SetPercentComplete(SetFields):
    """A percent complete (the actuals follow the rules of :mod:`.progress`)."""

    def __init__(
        self,
        project_id: int,
        task_ids: Sequence[int],
        percent: float,
        text: str = "Set % complete",
    ) -> None:
        if not 0 <= percent <= 100:
            raise TaskEditError(f"% complete must be between 0 and 100, not {percent:g}.")
        super().__init__(project_id, task_ids, {"percent_complete": float(percent)}, text)


class SetNotStarted(SetFields):
    """Not started yet: 0 %, no actual start or finish; the task moves after the status
    date (when the project reschedules uncompleted work after it)."""

    def __init__(self, project_id: int, task_ids: Sequence[int], text: str = "Not started yet"):
        changes = {"percent_complete": 0.0, "actual_start": None, "actual_finish": None}
        super().__init__(project_id, task_ids, changes, text)


class SetRemaining(SetFields):
    """A new remaining duration (working minutes): duration = done + remaining."""

    def __init__(
        self, project_id: int, task_id: int, minutes: int, text: str = "Set remaining duration"
    ) -> None:
        if minutes < 0:
            raise TaskEditError("The remaining duration cannot be negative.")
        super().__init__(project_id, [task_id], {"remaining_minutes": int(minutes)}, text)


class SetActualDates(SetFields):
    """Actual start and finish (finish None: in progress; both None: not started)."""

    def __init__(
        self,
        project_id: int,
        task_id: int,
        actual_start: datetime | None,
        actual_finish: datetime | None,
        text: str = "Set actual dates",
    ) -> None:
        if actual_start is None and actual_finish is None:
            changes: dict[str, Any] = {"actual_start": None, "actual_finish": None}
        elif actual_start is None:
            changes = {"actual_finish": actual_finish}
        else:
            changes = {"actual_start": actual_start, "actual_finish": actual_finish}
        super().__init__(project_id, [task_id], changes, text)


class UpdateWorkCompleteThrough(ProgressEdit):
    """MS Project's Update Project, "update work as complete through" ``moment`` ("set 0 % -
    100 % complete"): a task scheduled to finish by then is done as planned; one that straddles
    it gets its scheduled start as actual start and the share of its working time before
    ``moment`` as percent; a task scheduled after it, or already finished, is left alone."""

    def __init__(
        self,
        project_id: int,
        task_ids: Sequence[int],
        moment: datetime | None,
        text: str = "Update work as complete",
    ) -> None:
        super().__init__(project_id, task_ids, text)
        self.moment = moment
        self._axis: TimeAxis | None = None

    def through(self, session: Session) -> datetime:
        if self.moment is None:
            raise TaskEditError("Give the date to update the work through.")
        return self.moment

    def apply_change(self, session: Session) -> None:
        self.moment = self.through(session)
        start = session.scalar(select(Project.start).where(Project.id == self.project_id))
        if start is None:
            raise TaskEditError("That project no longer exists.")
        origin = min(start, self.moment)
        self._axis = cached_axis(calendar_of(session, self.project_id), origin.date())
        super().apply_change(session)

    def changes_for(self, session: Session, task_id: int) -> Mapping[str, Any] | None:
        assert self._axis is not None and self.moment is not None and self.reads is not None
        row = session.execute(
            select(
                Task.start,
                Task.finish,
                Task.duration_minutes,
                Task.actual_start,
                Task.actual_finish,
                Task.percent_complete,
            ).where(Task.id == task_id)
        ).one()
        start, finish, duration, actual_start, actual_finish, percent = row
        start, finish = self.reads.planned.of(task_id, (start, finish))
        moment = self.moment
        if actual_finish is not None or start is None or finish is None:
            return None
        if finish <= moment:
            return {"percent_complete": 100.0}
        began = actual_start or start
        if began >= moment or not duration:
            return None
        done = self._axis.working_minutes_between(began, moment)
        new = min(100.0, round(100.0 * done / duration, 2))
        if new <= 0 or abs(new - float(percent or 0)) < 1e-9:
            return None
        return {"percent_complete": new}


class MarkOnTrack(UpdateWorkCompleteThrough):
    """MS Project's Mark on Track: the work the schedule has before the status date (the
    effective one, see :mod:`.status_date`) is recorded as done."""

    def __init__(self, project_id: int, task_ids: Sequence[int], text: str = "Mark on track"):
        super().__init__(project_id, task_ids, None, text)

    def through(self, session: Session) -> datetime:
        if self.moment is None:  # the first apply fixes it: a redo does the same
            self.moment = effective_status_date_in(session, self.project_id)
        return self.moment
