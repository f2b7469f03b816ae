"""The calendar's stored text forms (``0,1,2,3,4`` and ``08:00-12:00,13:00-17:00``) and the
typed document's values (weekday numbers, ``(start, end)`` minutes of the day), converted with
the schedule engine's own parsers."""

from __future__ import annotations

from collections.abc import Iterable

from infradesk.interchange.document import Hours
from infradesk.interchange.document_schedule import hours_text, weekdays_text
from infradesk.schedule.calendar import (
    DEFAULT_HOURS as DEFAULT_INTERVALS,
)
from infradesk.schedule.calendar import (
    format_hours,
    parse_hours,
    parse_weekdays,
)
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY

DEFAULT_HOURS = format_hours(DEFAULT_INTERVALS)


def weekdays_from_text(text: str) -> tuple[int, ...]:
    return tuple(sorted(parse_weekdays(text)))


def weekdays_to_text(days: Iterable[int]) -> str:
    return weekdays_text(days)


def hours_from_text(text: str) -> Hours:
    """``"08:00-12:00,13:00-17:00"`` -> ``((480, 720), (780, 1020))``."""
    return tuple(parse_hours(text))


def hours_to_text(hours: Iterable[tuple[int, int]]) -> str:
    """``((480, 720), (780, 1020))`` -> ``"08:00-12:00,13:00-17:00"`` (sorted, merged;
    CalendarError when an interval is impossible or two overlap)."""
    return hours_text(hours)


def minutes_per_day_of(hours_text: str) -> int:
    """Working minutes in a normal day of this calendar (480 for 8 h)."""
    return sum(end - start for start, end in parse_hours(hours_text)) or DEFAULT_MINUTES_PER_DAY
