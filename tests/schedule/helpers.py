"""Builders for engine tests:
``T(1, "4h")``, ``L(1, 2, "FS", "-1d")``, ``at("Mon 08:00")``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.durations import parse_duration
from infradesk.schedule.engine import LinkInput, PlanInput, ScheduleResult, TaskInput, schedule

MONDAY = date(2026, 1, 5)  # a Monday; 2026-01-06 is Epiphany in Bavaria
PROJECT_START = datetime(2026, 1, 5, 8, 0)
_DAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}


def at(text: str) -> datetime:
    """``"Tue 13:00"`` in the first week of the project, ``"Mon2 08:00"`` in the second."""
    day_text, clock = text.split()
    week = int(day_text[3:] or "1") - 1
    hours, minutes = (int(x) for x in clock.split(":"))
    day = MONDAY + timedelta(days=_DAYS[day_text[:3]] + 7 * week)
    return datetime(day.year, day.month, day.day) + timedelta(hours=hours, minutes=minutes)


def T(task_id: int, duration: str = "1d", **fields: object) -> TaskInput:
    minutes = parse_duration(duration)
    fields.setdefault("name", f"T{task_id}")
    fields.setdefault("milestone", minutes == 0)
    return TaskInput(task_id, duration_minutes=minutes, **fields)  # type: ignore[arg-type]


def L(pred: int, succ: int, kind: str = "FS", lag: str = "0d") -> LinkInput:
    return LinkInput(pred, succ, kind, parse_duration(lag, allow_negative=True))


def run(
    tasks: list[TaskInput],
    links: list[LinkInput] | tuple[LinkInput, ...] = (),
    calendar: WorkingCalendar | None = None,
    start: datetime = PROJECT_START,
) -> ScheduleResult:
    return schedule(PlanInput(start, calendar or WorkingCalendar(), tasks, list(links)))


def dates(result: ScheduleResult, task_id: int) -> tuple[datetime, datetime]:
    entry = result[task_id]
    return entry.early_start, entry.early_finish
