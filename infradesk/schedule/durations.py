"""Durations and lags as the user types and reads them.

The engine holds every duration and lag as *working minutes* of the project calendar. People
think in ``5d``, ``1.5w``, ``6h`` or ``30m``; one week is five working days and one day is the
calendar's working hours per day (8 h by default). These two functions are the only place that
converts between the two forms.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from infradesk.errors import UserError

DEFAULT_MINUTES_PER_DAY = 480
DAYS_PER_WEEK = 5
DAYS_PER_MONTH = 20

_UNIT_WORDS: dict[str, str] = {
    "m": "m",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "d": "d",
    "dy": "d",
    "dys": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "wk": "w",
    "wks": "w",
    "week": "w",
    "weeks": "w",
    "mo": "mo",
    "mon": "mo",
    "mons": "mo",
    "month": "mo",
    "months": "mo",
}

_DURATION_RE = re.compile(r"^\s*([+-]?)\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*([a-z]*)\s*\??\s*$")


class DurationError(UserError, ValueError):
    """Raised when a text cannot be read as a duration; the message is meant for the user."""


def unit_minutes(unit: str, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY) -> int:
    """Working minutes in one ``unit`` (one of ``m h d w mo``)."""
    return {
        "m": 1,
        "h": 60,
        "d": minutes_per_day,
        "w": minutes_per_day * DAYS_PER_WEEK,
        "mo": minutes_per_day * DAYS_PER_MONTH,
    }[unit]


def parse_duration(
    text: str | int | float,
    minutes_per_day: int = DEFAULT_MINUTES_PER_DAY,
    *,
    default_unit: str = "d",
    allow_negative: bool = False,
) -> int:
    """Read ``5d``, ``1.5w``, ``6h``, ``30m``, ``5 days`` or a bare number (in ``default_unit``).

    Returns whole working minutes (rounded to the nearest minute).
    """
    if isinstance(text, bool):
        raise DurationError(f"'{text}' is not a duration")
    if isinstance(text, int | float):
        amount = Decimal(str(text))
        unit = default_unit
        sign = -1 if amount < 0 else 1
        amount = abs(amount)
    else:
        match = _DURATION_RE.match(text.lower())
        if not match:
            raise DurationError(f"'{text}' is not a duration (try 5d, 1.5w, 6h or 30m)")
        sign_text, number, unit_text = match.groups()
        unit = _UNIT_WORDS.get(unit_text or default_unit, "")
        if not unit:
            raise DurationError(f"'{text}': unknown unit '{unit_text}' (use m, h, d, w or mo)")
        try:
            amount = Decimal(number.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the regex only lets numbers in
            raise DurationError(f"'{text}' is not a duration") from error
        sign = -1 if sign_text == "-" else 1
    minutes = int((amount * unit_minutes(unit, minutes_per_day)).to_integral_value()) * sign
    if minutes < 0 and not allow_negative:
        raise DurationError(f"'{text}': a duration cannot be negative")
    return minutes


def format_duration(minutes: int, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY) -> str:
    """Show working minutes the way a planner writes them: ``5d``, ``1.5d``, ``6h``, ``30m``."""
    if minutes == 0:
        return "0d"
    sign = "-" if minutes < 0 else ""
    value = abs(minutes)
    if value % minutes_per_day == 0:
        return f"{sign}{value // minutes_per_day}d"
    if value >= minutes_per_day and (value * 4) % minutes_per_day == 0:
        return f"{sign}{_trim(Decimal(value) / Decimal(minutes_per_day))}d"
    if value % 30 == 0:
        return f"{sign}{_trim(Decimal(value) / Decimal(60))}h"
    return f"{sign}{value}m"


def format_days(minutes: int, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY) -> str:
    """Working minutes as days with up to two decimals (``2.5d``), as floats are shown."""
    days = Decimal(minutes) / Decimal(minutes_per_day)
    return f"{_trim(days.quantize(Decimal('0.01')))}d"


def _trim(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
