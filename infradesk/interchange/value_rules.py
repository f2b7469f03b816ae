"""The limits a plan's values must respect, shared by the XML plan readers.

The GUI refuses a negative duration, a percent complete over 100 and a date it cannot
schedule; the JSON schema (``json_schema.py``) refuses the same. A value read from an MS Project,
GanttProject or Planner file must meet the same limits, or the reader reports it as an error
located in the file instead of importing it silently. Each check returns why a value breaks
its rule (``"is negative"``), or ``None`` when it is fine; :func:`located` builds the message
(``Task UID 7 'Design' <Duration>: -PT8H0M0S is negative``).
"""

from __future__ import annotations

import math
from datetime import date, datetime

from infradesk.interchange.json_schema import MAX_MINUTES
from infradesk.schedule.calendar import (
    FIRST_SUPPORTED_DAY,
    LAST_SUPPORTED_DAY,
    MINUTES_PER_CALENDAR_DAY,
    SUPPORTED_RANGE_TEXT,
)

#: Plans nest tasks at most this deep; deeper nesting is refused (it is an attack or damage,
#: and the outline could not be shown anyway).
MAX_OUTLINE_LEVELS = 100
#: A value quoted in a message is cut to this many characters (a 5,000-digit number...).
MAX_QUOTED = 40


def parse_number(text: str | None) -> float | None:
    """The number written in ``text`` (``inf`` and ``nan`` included: the checks refuse them);
    ``None`` when it is not a number at all."""
    if text is None:
        return None
    try:
        return float(text.strip())
    except (ValueError, OverflowError):
        return None


def duration_problem(minutes: float) -> str | None:
    """Why ``minutes`` of working time cannot be a task's duration, or ``None``."""
    if not math.isfinite(minutes):
        return "is not a finite number"
    if minutes < 0:
        return "is negative"
    if minutes > MAX_MINUTES:
        return "is longer than 100 years of working time"
    return None


def lag_problem(minutes: float) -> str | None:
    """Why ``minutes`` cannot be a link's lag (negative lags are leads, allowed), or ``None``."""
    if not math.isfinite(minutes):
        return "is not a finite number"
    if abs(minutes) > MAX_MINUTES:
        return "is longer than 100 years of working time"
    return None


def percent_problem(percent: float) -> str | None:
    """Why ``percent`` cannot be a % complete (0..100, as in the task dialog), or ``None``."""
    if not math.isfinite(percent):
        return "is not a finite number"
    if percent < 0:
        return "is below 0%"
    if percent > 100:
        return "is more than 100%"
    return None


def day_problem(value: date | datetime) -> str | None:
    """Why a plan cannot hold this date (the calendar schedules 1900..2199), or ``None``."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY:
        return f"is outside the dates InfraDesk can schedule ({SUPPORTED_RANGE_TEXT})"
    return None


def minutes_per_day_problem(minutes: float) -> str | None:
    """Why ``minutes`` cannot be the working minutes of a day (1..1440), or ``None``."""
    if not math.isfinite(minutes) or not 1 <= minutes <= MINUTES_PER_CALENDAR_DAY:
        return f"is not between 1 and {MINUTES_PER_CALENDAR_DAY} minutes (a day has 24 hours)"
    return None


def quoted(raw: str) -> str:
    """``raw`` as a message shows it: stripped and cut when very long."""
    raw = raw.strip()
    return raw if len(raw) <= MAX_QUOTED else raw[: MAX_QUOTED - 1] + "…"


def located(where: str, field: str, raw: str, why: str) -> str:
    """``Task UID 7 'Design' <Duration>: -PT8H0M0S is negative``."""
    return f"{where} {field}: {quoted(raw)} {why}"
