"""The "Project" (key / value) and "Calendar" sheets that the Excel export writes.

They carry what a task table cannot: the project's name, start, currency and manager, its
working week and hours, holidays, working exceptions and change-freeze windows. They are
recognised by their name and headers only, so other workbooks are never mistaken for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from infradesk.interchange import document as d
from infradesk.interchange.excel.dates import DateError, parse_date
from infradesk.interchange.excel.source import SheetData
from infradesk.interchange.excel.values import read_bool, read_text
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
