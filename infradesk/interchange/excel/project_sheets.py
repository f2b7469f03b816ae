"""The "Project" (key / value) and "Calendar" sheets that the Excel export writes.

They carry what a task table cannot: the project's name, start, currency and manager, its
working week and hours, holidays, working exceptions and change-freeze windows. They are
recognised by their name and headers only, so other workbooks are never mistaken for them.
"""

from __future__ import annotations

import re
from typing import Any

from infradesk.interchange.excel.dates import DateError, parse_date
from infradesk.interchange.excel.source import SheetData
from infradesk.interchange.excel.values import read_text
from infradesk.interchange.excel.vocabulary import normalise
from infradesk.interchange.problems import Problem

PROJECT_KEYS = {
    "name": "name", "currency": "currency", "start": "start", "manager": "manager",
    "status date": "status_date", "description": "description",
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


def _hours(text: str) -> list[list[str]]:
    return [list(pair) for pair in re.findall(r"(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})", text)]


def _iso(value: object, *, minutes: bool) -> str | None:
    try:
        when = parse_date(value)
    except DateError:
        return None
    if when is None:
        return None
    return when.strftime("%Y-%m-%dT%H:%M") if minutes else when.date().isoformat()


def read_project_sheet(sheet: SheetData, project: dict[str, Any], problems: list[Problem]) -> None:
    calendar = project.setdefault("calendar", {})
    for number, row in enumerate(sheet.rows[1:], start=2):
        if len(row) < 2:
            continue
        key = PROJECT_KEYS.get(normalise(row[0]))
        value = row[1]
        if key is None or value in ("", None):
            continue
        if key in {"start", "status_date"}:
            when = _iso(value, minutes=True)
            if when is None:
                problems.append(Problem(f"'{read_text(value)}' is not a date", "error",
                                        sheet.name, number, "B"))  # fmt: skip
            project[key] = when
        elif key == "working_weekdays":
            calendar[key] = [int(d) for d in re.findall(r"\d", read_text(value))]
        elif key == "working_hours":
            calendar[key] = _hours(read_text(value))
        elif key in {"holiday_country", "holiday_region"}:
            calendar[key] = read_text(value) or None
        else:
            project[key] = read_text(value)


def read_calendar_sheet(sheet: SheetData, project: dict[str, Any], problems: list[Problem]) -> None:
    calendar = project.setdefault("calendar", {})
    for number, row in enumerate(sheet.rows[1:], start=2):
        cells = [*row, "", "", "", "", ""][:5]
        day, name, kind, hours, finish = cells
        if day in ("", None):
            continue
        iso_day = _iso(day, minutes=False)
        if iso_day is None:
            problems.append(Problem(f"'{read_text(day)}' is not a date", "error", sheet.name,
                                    number, "A"))  # fmt: skip
            continue
        kind_text = normalise(kind)
        if kind_text == "holiday":
            calendar.setdefault("holidays", []).append({"date": iso_day, "name": read_text(name)})
        elif kind_text == "exception":
            calendar.setdefault("exceptions", []).append(
                {
                    "date": iso_day,
                    "name": read_text(name),
                    "working_hours": _hours(read_text(hours)),
                }
            )
        elif kind_text == "freeze":
            calendar.setdefault("freeze_windows", []).append(
                {
                    "name": read_text(name),
                    "start": iso_day,
                    "finish": _iso(finish, minutes=False) or iso_day,
                }
            )
        else:
            problems.append(Problem(f"'{read_text(kind)}' is not holiday, exception or freeze",
                                    "error", sheet.name, number, "C"))  # fmt: skip
