"""Which tasks the weekly update asks about, and the edits its answers make.

Read from the outline the Gantt already holds (one pass over plain lists: a 10,000-task plan
is answered in a few milliseconds, no query): a task is due when, by the status date, it should
have started (start before the status date, nothing done) or finished (finish by the status
date, not 100 %). Each answer is one :class:`TaskEdit` of :mod:`infradesk.services.plan`, so it
is one undo step and the plan reschedules at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from infradesk.schedule.calendar import TimeAxis, cached_axis
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.task_edit import TaskEdit, TaskEditGroup


@dataclass(frozen=True)
class DueTask:
    task_id: int
    row: int  # outline row when listed
    should: str  # "start" or "finish"


def effective_status_date(outline: Outline, now: datetime | None = None) -> datetime:
    """The project's status date, or now to the minute when none is set."""
    if outline.status_date is not None:
        return outline.status_date
    return (now or datetime.now()).replace(second=0, microsecond=0)


def due_tasks(outline: Outline, status: datetime) -> list[DueTask]:
    """The tasks that should have started or finished by ``status`` and did not."""
    o = outline
    due = []
    for r in range(len(o)):
        if o.summary[r]:
            continue
        percent, start, finish = o.percent[r], o.start[r], o.finish[r]
        if percent >= 100 or start is None:
            continue
        if finish is not None and finish <= status:
            due.append(DueTask(o.ids[r], r, "finish"))
        elif start < status and percent <= 0:
            due.append(DueTask(o.ids[r], r, "start"))
    return due


def axis_for(outline: Outline, moment: datetime) -> TimeAxis:
    starts = [s for s in outline.start if s is not None]
    origin = min([*starts, moment], default=moment)
    return cached_axis(outline.calendar, origin.date())


def percent_through(outline: Outline, row: int, moment: datetime, axis: TimeAxis) -> float:
    """The % complete of ``row`` if its work went as scheduled until ``moment``."""
    start, finish, duration = outline.start[row], outline.finish[row], outline.duration[row]
    if start is None or moment <= start:
        return 0.0
    if (finish is not None and moment >= finish) or duration <= 0:
        return 100.0
    done = axis.working_minutes_between(start, moment)
    return round(max(0.0, min(100.0, 100.0 * done / duration)), 1)


def done_as_planned(project_id: int, task_id: int) -> TaskEdit:
    return UpdateTask(project_id, task_id, {"percent_complete": 100.0}, "Done as planned")


def set_percent(project_id: int, task_id: int, percent: float) -> TaskEdit:
    return UpdateTask(project_id, task_id, {"percent_complete": percent}, "Set % complete")


def not_started(project_id: int, task_id: int) -> TaskEdit:
    return UpdateTask(project_id, task_id, {"percent_complete": 0.0}, "Not started yet")


def remaining_minutes(outline: Outline, row: int) -> int:
    """The work left on ``row``: its duration less the done part."""
    return round(outline.duration[row] * (100.0 - outline.percent[row]) / 100.0)


def new_remaining(outline: Outline, row: int, remaining: int) -> TaskEdit:
    """The work left is ``remaining`` working minutes: the duration becomes done + remaining
    and the % complete what is done of it."""
    if remaining < 0:
        raise TaskEditError("The remaining work cannot be negative.")
    duration = outline.duration[row]
    done = round(duration * outline.percent[row] / 100.0)
    total = done + remaining
    percent = 100.0 if total <= 0 else round(100.0 * done / total, 2)
    assert outline.project_id is not None
    return UpdateTask(
        outline.project_id,
        outline.ids[row],
        {"duration_minutes": total, "percent_complete": percent},
        "New remaining work",
    )


def complete_through(
    outline: Outline,
    rows: Sequence[int],
    moment: datetime,
    text: str,
    *,
    only_raise: bool = False,
) -> TaskEdit | None:
    """One undo step that sets each task's % complete as if its work went as scheduled until
    ``moment`` (MS Project's "update work as complete through"); None when nothing changes.
    ``only_raise`` (mark on track) keeps work done ahead of plan."""
    assert outline.project_id is not None
    axis = axis_for(outline, moment)
    edits: list[TaskEdit] = []
    for r in rows:
        if outline.summary[r]:
            continue
        percent = percent_through(outline, r, moment, axis)
        if only_raise:
            percent = max(percent, outline.percent[r])
        if percent != outline.percent[r]:
            edits.append(set_percent(outline.project_id, outline.ids[r], percent))
    if not edits:
        return None
    return TaskEditGroup(outline.project_id, text, edits)
