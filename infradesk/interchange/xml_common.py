"""Pieces the XML plan readers (MSPDI, GanttProject, GNOME Planner) share.

Each reader knows its own file format; what they have in common is the interchange document
they produce (docs/json-format.md): the same task, link and project entries, the same default
calendar, the same way of numbers that do not read, and the same warnings on the Tasks sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from xml.etree.ElementTree import Element

from infradesk.interchange.problems import Problem, UnreadableFileError
from infradesk.interchange.value_rules import (
    MAX_OUTLINE_LEVELS,
    day_problem,
    located,
    parse_number,
    quoted,
)
from infradesk.schedule.calendar import CalendarError, WorkingCalendar, parse_clock
from infradesk.schedule.durations import format_duration

SHEET = "Tasks"
#: The standard working day when a file gives no hours: 08:00-12:00, 13:00-17:00.
DEFAULT_HOURS = [["08:00", "12:00"], ["13:00", "17:00"]]
#: Weekday attribute names of ``default-week`` (GanttProject and Planner), Monday first.
WEEKDAY_ATTRIBUTES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

_When = TypeVar("_When", date, datetime)


def minutes_of_hours(hours: Iterable[Sequence[str]]) -> int:
    """Working minutes in a day of ``[["08:00", "12:00"], ...]`` intervals."""
    return sum(max(0, parse_clock(finish) - parse_clock(start)) for start, finish in hours)


def to_int(value: str | None, default: int = 0) -> int:
    """``"3"``, ``"3.7"`` -> 3; empty, missing or unreadable -> ``default``."""
    try:
        return int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # OverflowError: "1e400" is infinity
        return default


def to_float(value: str) -> float:
    """The number in ``value``; 0.0 when it is not one."""
    try:
        return float(value)
    except ValueError:
        return 0.0


def default_calendar() -> dict[str, Any]:
    """A fresh interchange calendar: Mon-Fri, the standard hours, no holidays."""
    return {
        "working_weekdays": [0, 1, 2, 3, 4],
        "working_hours": [list(h) for h in DEFAULT_HOURS],
        "holiday_country": None,
        "holiday_region": None,
        "holidays": [],
        "exceptions": [],
        "freeze_windows": [],
    }


def working_calendar(calendar: dict[str, Any], label: str) -> WorkingCalendar:
    """The calendar a reader built, ready to place tasks; a file whose calendar cannot
    schedule anything is refused, naming the file."""
    try:
        working = WorkingCalendar.from_doc(calendar)
    except CalendarError as error:
        raise UnreadableFileError(f"{label}: unusable calendar ({error}).") from error
    if not working.weekdays:
        raise UnreadableFileError(f"{label}: the calendar has no working weekday.")
    return working


def task_entry(
    *,
    number: int,
    wbs: str,
    name: str,
    parent: int | None,
    start: str | None,
    finish: str | None,
    minutes: int,
    minutes_per_day: int,
    percent: float,
    milestone: bool,
    notes: str,
    external_ref: str,
    deadline: str | None = None,
) -> dict[str, Any]:
    """One interchange task (no owner, constraint or links yet: the readers add those)."""
    return {
        "id": number,
        "wbs": wbs,
        "name": name,
        "parent": parent,
        "start": start,
        "finish": finish,
        "duration": format_duration(minutes, minutes_per_day),
        "duration_minutes": minutes,
        "percent_complete": percent,
        "milestone": milestone,
        "owner": "",
        "notes": notes,
        "start_no_earlier_than": None,
        "deadline": deadline,
        "production_change": False,
        "external_ref": external_ref,
        "predecessors": [],
    }


def link_entry(predecessor: int, link_type: str, lag: int, minutes_per_day: int) -> dict[str, Any]:
    """One entry of a task's ``predecessors`` (``lag`` in working minutes)."""
    return {
        "task": predecessor,
        "type": link_type,
        "lag": format_duration(lag, minutes_per_day),
        "lag_minutes": lag,
    }


def one_project_document(
    *,
    name: str,
    start: str | None,
    calendar: dict[str, Any],
    tasks: list[dict[str, Any]],
    baselines: list[dict[str, Any]] | None = None,
    currency: str = "EUR",
    manager: str = "",
    status_date: str | None = None,
    description: str = "",
) -> dict[str, Any]:
    """An interchange document holding one project (plan files bring no risks or vendors)."""
    project = {
        "name": name,
        "currency": currency,
        "start": start,
        "manager": manager,
        "status_date": status_date,
        "description": description,
        "calendar": calendar,
        "tasks": tasks,
        "baselines": baselines if baselines is not None else [],
        "risks": [],
        "vendors": [],
    }
    return {"format": "infradesk", "version": 1, "projects": [project]}


def walk_outline(
    parent: Element,
    read_task: Callable[[Element, int | None, str], dict[str, Any]],
    *,
    label: str = "the file",
) -> None:
    """Read nested ``<task>`` elements depth first: ``read_task(element, parent id, wbs)``
    returns the task's entry, whose ``id`` becomes its children's parent.

    The walk keeps its own stack (a file may nest tasks 100,000 deep) and refuses the file,
    naming the task, when tasks nest deeper than :data:`MAX_OUTLINE_LEVELS`.
    """
    # One frame per open level: (its remaining <task> children, their parent id, wbs prefix).
    stack: list[tuple[Iterator[tuple[int, Element]], int | None, str]] = [
        (enumerate(parent.findall("task"), start=1), None, "")
    ]
    while stack:
        children, parent_id, prefix = stack[-1]
        step = next(children, None)
        if step is None:
            stack.pop()
            continue
        position, element = step
        if len(stack) > MAX_OUTLINE_LEVELS:
            raise UnreadableFileError(
                f"{label}: tasks are nested more than {MAX_OUTLINE_LEVELS} levels deep (task "
                f"'{element.get('name', '')}', id {element.get('id', '?')}, at level "
                f"{len(stack)}); InfraDesk reads at most {MAX_OUTLINE_LEVELS} outline levels."
            )
        wbs = f"{prefix}{position}"
        task = read_task(element, parent_id, wbs)
        stack.append((enumerate(element.findall("task"), start=1), task["id"], f"{wbs}."))


class XmlReader:
    """The state every XML reader keeps: its root, the file's label, problems and notes."""

    def __init__(self, root: Element, label: str) -> None:
        self.root = root
        self.label = label
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def error(self, message: str, row: int | None = None) -> None:
        """A value the file must not hold: the import is blocked until it is fixed. Without a
        row the message names its place itself (``Project <MinutesPerDay>: ...``)."""
        self.problems.append(Problem(message, "error", SHEET if row is not None else None, row))

    def warn(self, message: str, row: int | None = None) -> None:
        self.problems.append(Problem(message, "warning", SHEET, row))

    def info(self, message: str, row: int | None = None) -> None:
        self.problems.append(Problem(message, "info", SHEET, row))

    def attribute_number(
        self, element: Element, attribute: str, where: str, row: int, *, default: float = 0
    ) -> float | None:
        """The number in ``attribute`` (a decimal comma is read with a warning); ``default``
        when it is missing, ``None`` (and an error) when it is not a number."""
        raw = (element.get(attribute) or "").strip()
        if not raw:
            return default
        value = parse_number(raw)
        if value is None and "," in raw:
            value = parse_number(raw.replace(",", "."))
            if value is not None:
                self.warn(
                    f"{where} {attribute}: '{quoted(raw)}' read as {value:g} (a decimal comma).",
                    row,
                )
        if value is None:
            self.error(located(where, attribute, raw, "is not a number"), row)
        return value

    def checked_attribute(
        self,
        element: Element,
        attribute: str,
        where: str,
        row: int,
        rule: Callable[[float], str | None],
        scale: float = 1,
    ) -> float | None:
        """The attribute's number times ``scale`` when that meets ``rule``; otherwise an error
        and ``None``."""
        value = self.attribute_number(element, attribute, where, row)
        if value is None:
            return None
        why = rule(value * scale)
        if why is not None:
            self.error(located(where, attribute, element.get(attribute) or "", why), row)
            return None
        return value * scale

    def schedulable(
        self, value: _When | None, where: str, attribute: str, element: Element, row: int | None
    ) -> _When | None:
        """``value`` when InfraDesk can schedule it; an error and ``None`` when it is a real
        date outside that range (``None`` stays ``None``: the caller reports unreadable text)."""
        if value is not None and (why := day_problem(value)) is not None:
            self.error(located(where, attribute, element.get(attribute) or "", why), row)
            return None
        return value
