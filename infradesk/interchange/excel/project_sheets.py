"""The "Project" (key / value) and "Calendar" sheets that the Excel export writes.

They carry what a task table cannot: the project's name, start, currency and manager, its
working week and hours, holidays, working exceptions and change-freeze windows. They are
recognised by their name and headers only, so other workbooks are never mistaken for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from infradesk.interchange import document as d
from infradesk.interchange.excel.dates import DateError, parse_date
from infradesk.interchange.excel.source import SheetData
from infradesk.interchange.excel.values import (
    read_bool,
    read_duration,
    read_int,
    read_money,
    read_text,
)
from infradesk.interchange.excel.vocabulary import normalise
from infradesk.interchange.problems import Problem
from infradesk.schedule.calendar import CalendarError, parse_clock

PROJECT_KEYS = {
    "name": "name", "currency": "currency", "start": "start", "manager": "manager",
    "status date": "status_date", "description": "description",
    "reschedule after status": "reschedule_after_status",
    "working weekdays": "working_weekdays", "working hours": "working_hours",
    "holiday country": "holiday_country", "holiday region": "holiday_region",
}  # fmt: skip
CALENDAR_HEADER = ["date", "name", "kind", "working hours", "finish"]
BASELINE_HEADER = ["baseline", "created", "for earned value", "task id", "start", "finish",
                   "duration", "cost"]  # fmt: skip


def is_project_sheet(sheet: SheetData) -> bool:
    rows = sheet.rows
    return (
        normalise(sheet.name) == "project"
        and bool(rows)
        and [normalise(v) for v in rows[0][:2]] == ["key", "value"]
    )


def is_calendar_sheet(sheet: SheetData) -> bool:
    rows = sheet.rows
    return (
        normalise(sheet.name) == "calendar"
        and bool(rows)
        and [normalise(v) for v in rows[0][:5]] == CALENDAR_HEADER
    )


def is_baseline_sheet(sheet: SheetData) -> bool:
    """The export's "Baseline" sheet: one row per baselined task."""
    rows = sheet.rows
    return (
        normalise(sheet.name) in ("baseline", "baselines")
        and bool(rows)
        and [normalise(v) for v in rows[0][:8]] == BASELINE_HEADER
    )


def settings_sheet(sheet: SheetData) -> str:
    """What an export's settings sheet holds ("project settings", ...), '' for others."""
    if is_project_sheet(sheet):
        return "project settings"
    if is_calendar_sheet(sheet):
        return "the project calendar"
    if is_baseline_sheet(sheet):
        return "the baselines"
    return ""


@dataclass
class SheetCalendar:
    """The calendar the Calendar and Project sheets give (defaults for what they leave out)."""

    working_weekdays: tuple[int, ...] = d.DEFAULT_WEEKDAYS
    working_hours: d.Hours = d.DEFAULT_WORKING_HOURS
    holiday_country: str | None = None
    holiday_region: str | None = None
    holidays: list[d.Holiday] = field(default_factory=list)
    exceptions: list[d.CalendarException] = field(default_factory=list)
    freeze_windows: list[d.FreezeWindow] = field(default_factory=list)

    def freeze(self) -> d.Calendar:
        return d.Calendar(
            working_weekdays=self.working_weekdays,
            working_hours=self.working_hours,
            holiday_country=self.holiday_country,
            holiday_region=self.holiday_region,
            holidays=tuple(self.holidays),
            exceptions=tuple(self.exceptions),
            freeze_windows=tuple(self.freeze_windows),
        )


@dataclass
class ProjectSettings:
    """What the Project and Calendar sheets say about the project; None: not given."""

    name: str | None = None
    currency: str | None = None
    start: datetime | None = None
    manager: str | None = None
    status_date: datetime | None = None
    reschedule_after_status: bool | None = None
    description: str | None = None
    calendar: SheetCalendar | None = None
    baselines: list[d.Baseline] = field(default_factory=list)

    def sheet_calendar(self) -> SheetCalendar:
        if self.calendar is None:
            self.calendar = SheetCalendar()
        return self.calendar


_HOURS_RE = re.compile(r"(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})")


def _hours(text: str) -> d.Hours:
    """``08:00-12:00, 13:00-17:00`` in minutes since midnight; raises CalendarError."""
    return tuple((parse_clock(a), parse_clock(b)) for a, b in _HOURS_RE.findall(text))


def _when(value: object) -> datetime | None:
    try:
        when = parse_date(value)
    except DateError:
        return None
    return when.replace(second=0, microsecond=0) if when is not None else None


def _day(value: object) -> date | None:
    when = _when(value)
    return when.date() if when is not None else None


def read_project_sheet(sheet: SheetData, project: ProjectSettings, problems: list[Problem]) -> None:
    calendar = project.sheet_calendar()
    for number, row in enumerate(sheet.rows[1:], start=2):
        if len(row) < 2:
            continue
        key = PROJECT_KEYS.get(normalise(row[0]))
        value = row[1]
        if key is None or value in ("", None):
            continue
        if key in {"start", "status_date"}:
            when = _when(value)
            if when is None:
                problems.append(Problem(f"'{read_text(value)}' is not a date", "error",
                                        sheet.name, number, "B"))  # fmt: skip
            setattr(project, key, when)
        elif key == "working_weekdays":
            calendar.working_weekdays = tuple(int(d) for d in re.findall(r"\d", read_text(value)))
        elif key == "working_hours":
            try:
                calendar.working_hours = _hours(read_text(value)) or d.DEFAULT_WORKING_HOURS
            except CalendarError as error:
                problems.append(Problem(str(error), "error", sheet.name, number, "B"))
        elif key == "holiday_country":
            calendar.holiday_country = read_text(value) or None
        elif key == "holiday_region":
            calendar.holiday_region = read_text(value) or None
        elif key == "reschedule_after_status":
            flag = read_bool(value)
            if flag is None:
                problems.append(Problem(f"'{read_text(value)}' is not yes/no", "error",
                                        sheet.name, number, "B"))  # fmt: skip
            project.reschedule_after_status = flag
        else:
            setattr(project, key, read_text(value))


def read_calendar_sheet(
    sheet: SheetData, project: ProjectSettings, problems: list[Problem]
) -> None:
    calendar = project.sheet_calendar()
    for number, row in enumerate(sheet.rows[1:], start=2):
        cells = [*row, "", "", "", "", ""][:5]
        day, name, kind, hours, finish = cells
        if day in ("", None):
            continue
        dated = _day(day)
        if dated is None:
            problems.append(Problem(f"'{read_text(day)}' is not a date", "error", sheet.name,
                                    number, "A"))  # fmt: skip
            continue
        kind_text = normalise(kind)
        if kind_text == "holiday":
            calendar.holidays.append(d.Holiday(dated, read_text(name)))
        elif kind_text == "exception":
            try:
                day_hours = _hours(read_text(hours))
            except CalendarError as error:
                problems.append(Problem(str(error), "error", sheet.name, number, "D"))
                continue
            calendar.exceptions.append(d.CalendarException(dated, read_text(name), day_hours))
        elif kind_text == "freeze":
            last = _day(finish) or dated
            calendar.freeze_windows.append(d.FreezeWindow(dated, last, read_text(name)))
        else:
            problems.append(Problem(f"'{read_text(kind)}' is not holiday, exception or freeze",
                                    "error", sheet.name, number, "C"))  # fmt: skip


def read_baseline_sheet(
    sheet: SheetData, project: ProjectSettings, problems: list[Problem]
) -> None:
    """The baselines of the export's Baseline sheet, in their order (rows of one baseline
    share its name, creation time and earned-value mark). ``Task ID`` names the Tasks
    sheet's ID; durations are read with the Project sheet's working hours."""
    per_day = d.minutes_per_day(project.calendar.working_hours) if project.calendar else 480
    found: dict[tuple[str, datetime | None, bool], list[d.BaselineTask]] = {}
    for number, row in enumerate(sheet.rows[1:], start=2):
        name, created, earned, task, start, finish, duration, cost = [*row, *[""] * 8][:8]
        try:
            task_id = read_int(task)
            minutes = read_duration(duration, per_day)
            amount = read_money(cost)
        except ValueError as error:
            problems.append(Problem(str(error), "error", sheet.name, number))
            continue
        if task_id is None:
            if any(value not in ("", None) for value in row):
                problems.append(Problem("a baseline row without a task ID", "error",
                                        sheet.name, number, "D"))  # fmt: skip
            continue
        key = (read_text(name), _when(created), read_bool(earned) is True)
        found.setdefault(key, []).append(
            d.BaselineTask(
                task_id,
                _when(start),
                _when(finish),
                minutes.minutes if minutes is not None else 0,
                Decimal(amount) if amount else d.ZERO,
            )
        )
    for (name, created, earned), tasks in found.items():
        project.baselines.append(d.Baseline(name, created, tuple(tasks), earned))


def read_settings_sheet(
    sheet: SheetData, project: ProjectSettings, problems: list[Problem]
) -> None:
    """Read one of the export's settings sheets (see :func:`settings_sheet`)."""
    if is_project_sheet(sheet):
        read_project_sheet(sheet, project, problems)
    elif is_calendar_sheet(sheet):
        read_calendar_sheet(sheet, project, problems)
    elif is_baseline_sheet(sheet):
        read_baseline_sheet(sheet, project, problems)
