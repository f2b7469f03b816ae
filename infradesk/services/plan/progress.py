"""The rules of recording progress on one task, as MS Project applies them (pure, no SQL).

A task's progress is its ``percent_complete`` (of its duration) and its actual dates:

* setting an **actual finish** makes the task finished: 100 %, an actual start (the scheduled
  start when it had none) and a duration equal to the working time between the actuals;
* setting an **actual start** on a task that has not started makes it in progress (its percent
  stays as it is, 0 % included); clearing the actual start makes it not started again (0 %, no
  actual finish);
* setting a **percent** above 0 without an actual start records the scheduled start as the
  actual start; 100 % without an actual finish records the scheduled finish as the actual
  finish; below 100 % clears an actual finish; **0 % clears both actuals** (MS Project does the
  same: a task at 0 % has "NA" actual start and finish);
* editing the **remaining** duration keeps the work done (duration x percent) and sets the
  duration to done + remaining; percent becomes done / duration. Remaining 0 on a started task
  finishes it.

A value given explicitly in the same edit (the task dialog sends several fields at once) is
never overridden by these rules; a contradiction (an actual finish before the actual start) is
refused with a message naming the task.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.plan import CONSTRAINT_TYPES, DATED_CONSTRAINTS
from infradesk.services.plan.errors import TaskEditError

#: the fields a progress edit may give (besides the plain ``duration_minutes``)
PROGRESS_FIELDS = frozenset(
    {"percent_complete", "actual_start", "actual_finish", "remaining_minutes"}
)
CONSTRAINT_FIELDS = frozenset({"constraint_type", "constraint_date", "start_no_earlier_than"})

CONSTRAINT_NAMES = {
    "ASAP": "As Soon As Possible",
    "ALAP": "As Late As Possible",
    "SNET": "Start No Earlier Than",
    "SNLT": "Start No Later Than",
    "FNET": "Finish No Earlier Than",
    "FNLT": "Finish No Later Than",
    "MSO": "Must Start On",
    "MFO": "Must Finish On",
}


def done_minutes(duration: int, percent: float) -> int:
    """The working minutes done: duration x percent, to the minute."""
    return max(0, min(duration, round(duration * percent / 100.0)))


def remaining_minutes(duration: int, percent: float) -> int:
    """The working minutes left: duration - done."""
    return max(0, duration - done_minutes(duration, percent))


def round_to_working_time(moment: datetime, calendar: WorkingCalendar) -> datetime:
    """The last working minute at or before ``moment`` (seconds dropped): on a Saturday,
    Friday's closing time."""
    moment = moment.replace(second=0, microsecond=0)
    axis = TimeAxis(calendar, moment)
    return axis.finish_at(axis.position_of(moment))


@dataclass(frozen=True)
class TaskState:
    """What the rules read of a stored task: its name (for messages), duration, percent,
    scheduled dates and actuals."""

    name: str
    duration: int
    percent: float
    start: datetime | None
    finish: datetime | None
    actual_start: datetime | None
    actual_finish: datetime | None


def _label(state: TaskState) -> str:
    return f"Task '{state.name}'" if state.name else "This task"


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def progress_values(state: TaskState, changes: Mapping[str, Any], axis: TimeAxis) -> dict[str, Any]:
    """The stored values (``percent_complete``, ``actual_start``, ``actual_finish``,
    ``duration_minutes``) after applying ``changes`` to ``state`` by the module's rules.
    Only the values that differ from ``state`` are returned."""
    given = set(changes)
    duration = int(changes.get("duration_minutes", state.duration))
    percent = float(state.percent)
    started, finished = state.actual_start, state.actual_finish
    percent_rules = False

    if "actual_start" in given:
        started = changes["actual_start"]
        if started is None:
            finished, percent = None, 0.0
    if "actual_finish" in given:
        finished = changes["actual_finish"]
        if finished is not None:
            if started is None:
                started = min(state.start or finished, finished)
            percent = 100.0
            if "duration_minutes" not in given:
                duration = max(0, axis.working_minutes_between(started, finished))
    if "remaining_minutes" in given:
        remaining = int(changes["remaining_minutes"])
        if remaining < 0:
            raise TaskEditError(f"{_label(state)}: the remaining duration cannot be negative.")
        done = done_minutes(duration, percent)
        duration = done + remaining
        if done == 0 and started is None:
            percent = 0.0
        else:
            percent = 100.0 if remaining == 0 else 100.0 * done / duration
        percent_rules = True
    if "percent_complete" in given:
        percent = float(changes["percent_complete"])
        if not 0 <= percent <= 100:
            raise TaskEditError(f"{_label(state)}: % complete must be between 0 and 100.")
        percent_rules = True

    if percent_rules:
        if percent <= 0 and "remaining_minutes" not in given:
            if "actual_start" not in given:
                started = None
            if "actual_finish" not in given:
                finished = None
        if percent > 0 and started is None:
            started = state.start
        if percent < 100 and "actual_finish" not in given:
            finished = None
        if percent >= 100 and finished is None and started is not None:
            finished = scheduled_finish(state, started, duration, axis)

    if started is not None and finished is not None and finished < started:
        raise TaskEditError(
            f"{_label(state)}: the actual finish ({_day(finished)}) is before the actual start "
            f"({_day(started)})."
        )
    new = {
        "percent_complete": round(percent, 4),
        "actual_start": started,
        "actual_finish": finished,
        "duration_minutes": duration,
    }
    old = {
        "percent_complete": state.percent,
        "actual_start": state.actual_start,
        "actual_finish": state.actual_finish,
        "duration_minutes": state.duration,
    }
    return {k: v for k, v in new.items() if v != old[k] or k in given}


def scheduled_finish(
    state: TaskState, started: datetime, duration: int, axis: TimeAxis
) -> datetime:
    """The finish recorded when a task is marked done without an actual finish: its current
    scheduled finish when it starts where the schedule has it and keeps its duration, else
    actual start + duration."""
    same_start = started == (state.actual_start or state.start)
    if state.finish is not None and same_start and duration == state.duration:
        return max(state.finish, started)
    return axis.finish_of(started, duration)


def constraint_values(task_name: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """``constraint_type`` and ``constraint_date`` from an edit's fields, checked.

    ``start_no_earlier_than`` (the Gantt's older field: a dragged bar, the task dialog) is the
    SNET constraint: a date gives SNET at that date, None gives ASAP."""
    label = f"Task '{task_name}'" if task_name else "This task"
    if "start_no_earlier_than" in changes:
        moment = changes["start_no_earlier_than"]
        return {"constraint_type": "SNET" if moment else "ASAP", "constraint_date": moment}
    kind = str(changes.get("constraint_type") or "ASAP").strip().upper()
    if kind not in CONSTRAINT_TYPES:
        raise TaskEditError(
            f"{label}: '{changes.get('constraint_type')}' is not a constraint type "
            f"(use one of {', '.join(CONSTRAINT_TYPES)})."
        )
    moment = changes.get("constraint_date")
    if kind in DATED_CONSTRAINTS and moment is None:
        raise TaskEditError(f"{label}: a '{CONSTRAINT_NAMES[kind]}' constraint needs a date.")
    if kind not in DATED_CONSTRAINTS:
        moment = None
    if moment is not None and not isinstance(moment, datetime):
        raise TaskEditError(f"{label}: the constraint date must be a date and time.")
    return {"constraint_type": kind, "constraint_date": moment}
