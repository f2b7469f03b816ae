"""The calendar's stored text forms (``0,1,2,3,4`` and ``08:00-12:00,13:00-17:00``) and the
interchange document's lists, converted with the schedule engine's own parsers."""

from __future__ import annotations

from collections.abc import Sequence

from infradesk.schedule.calendar import (
    DEFAULT_HOURS as DEFAULT_INTERVALS,
)
from infradesk.schedule.calendar import (
    format_clock,
    format_hours,
    format_weekdays,
    normalize_hours,
    parse_clock,
    parse_hours,
    parse_weekdays,
)
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY

DEFAULT_HOURS = format_hours(DEFAULT_INTERVALS)


def weekdays_from_text(text: str) -> list[int]:
    return sorted(parse_weekdays(text))


def weekdays_to_text(days: Sequence[int]) -> str:
    return format_weekdays(set(days))


def hours_from_text(text: str) -> list[list[str]]:
    """``"08:00-12:00,13:00-17:00"`` -> ``[["08:00", "12:00"], ["13:00", "17:00"]]``."""
    return [[format_clock(start), format_clock(end)] for start, end in parse_hours(text)]


def hours_to_text(pairs: Sequence[Sequence[str]]) -> str:
    return format_hours(normalize_hours((parse_clock(s), parse_clock(e)) for s, e in pairs))


def minutes_per_day_of(hours_text: str) -> int:
    """Working minutes in a normal day of this calendar (480 for 8 h)."""
    return sum(end - start for start, end in parse_hours(hours_text)) or DEFAULT_MINUTES_PER_DAY
