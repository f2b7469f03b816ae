"""The weekly update's questions and answers, as the UI asks them of the plan services.

The due tasks come from :func:`infradesk.services.plan.due.tasks_due_for_update` over the
outline the Gantt already holds (one pass, no query: a 10,000-task plan in a few ms); each
answer is one command of :mod:`infradesk.services.plan.progress_edits`, so one undo step that
records the actuals and reschedules at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from infradesk.schedule.calendar import TimeAxis, cached_axis
from infradesk.services.plan.due import DueTask, tasks_due_for_update
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.progress_edits import (
    MarkDoneAsPlanned,
    MarkOnTrack,
    SetActualDates,
    SetNotStarted,
    SetPercentComplete,
    SetRemaining,
    UpdateWorkCompleteThrough,
)
from infradesk.services.plan.task_edit import TaskEdit


def effective_status_date(outline: Outline, now: datetime | None = None) -> datetime:
    """The project's status date, or (none stored) now in working time, as the services
    computed it when the outline was read."""
    if outline.status_date is not None:
        return outline.status_date
    if outline.effective_status_date is not None:
        return outline.effective_status_date
    return (now or datetime.now()).replace(second=0, microsecond=0)


def due_tasks(outline: Outline, status: datetime) -> list[DueTask]:
    """The tasks that should have started or finished by ``status`` and did not."""
    return tasks_due_for_update(outline, status)


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
    return MarkDoneAsPlanned(project_id, [task_id])


def set_percent(project_id: int, task_id: int, percent: float) -> TaskEdit:
    return SetPercentComplete(project_id, [task_id], percent)


def not_started(project_id: int, task_id: int) -> TaskEdit:
    return SetNotStarted(project_id, [task_id])


def actual_dates(
    project_id: int, task_id: int, start: datetime | None, finish: datetime | None
) -> TaskEdit:
    return SetActualDates(project_id, task_id, start, finish)


def new_remaining(outline: Outline, row: int, remaining: int) -> TaskEdit:
    """The work left is ``remaining`` working minutes: the duration becomes done + remaining."""
    assert outline.project_id is not None
    return SetRemaining(outline.project_id, outline.ids[row], remaining, "New remaining work")


def complete_through(
    outline: Outline,
    rows: Sequence[int],
    moment: datetime,
    text: str,
    *,
    on_track: bool = False,
) -> TaskEdit | None:
    """MS Project's "update work as complete through ``moment``" for ``rows`` (``on_track``:
    through the status date, "mark on track"), one undo step; None when no task of ``rows``
    would change (finished, summaries, or already as scheduled)."""
    assert outline.project_id is not None
    axis = axis_for(outline, moment)
    changing = [
        r
        for r in _work_rows(outline, rows)
        if not outline.summary[r]
        and outline.percent[r] < 100
        and (start := outline.start[r]) is not None
        and start < moment
        and percent_through(outline, r, moment, axis) != outline.percent[r]
    ]
    if not changing:
        return None
    ids = [outline.ids[r] for r in rows]
    if on_track:
        return MarkOnTrack(outline.project_id, ids, text)
    return UpdateWorkCompleteThrough(outline.project_id, ids, moment, text)


def _work_rows(outline: Outline, rows: Sequence[int]) -> list[int]:
    """``rows`` with each summary replaced by the rows below it (a selected phase stands for
    its tasks, as the update commands take it)."""
    out: list[int] = []
    for r in rows:
        if not outline.summary[r]:
            out.append(r)
            continue
        below = r + 1
        while below < len(outline.ids) and outline.depth[below] > outline.depth[r]:
            out.append(below)
            below += 1
    return out
