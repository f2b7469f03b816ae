"""Durations and lags as the user types and reads them.

The engine holds every duration and lag as *working minutes* of the project calendar. People
think in ``5d``, ``1.5w``, ``6h`` or ``30m``; one week is five working days and one day is the
calendar's working hours per day (8 h by default). :func:`parse_duration` and
:func:`format_duration` are the only place that converts between the two forms;
:func:`display_duration` shows a duration in the unit the user chose in Settings (the Duration
columns), while :func:`format_duration` stays the form the exports write.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from infradesk.errors import UserError

DEFAULT_MINUTES_PER_DAY = 480
DAYS_PER_WEEK = 5
DAYS_PER_MONTH = 20
#: No duration or lag is longer than the calendar's whole range (1900-01-01 to 2199-12-31, see
#: :mod:`infradesk.schedule.calendar`) even on the 24-hour clock: a longer one is refused as
#: typed, before it reaches SQLite (an integer too large) or the calendar.
MAX_DURATION_MINUTES = 109_573 * 1440
#: What the Duration columns can show (Settings > Durations): the largest fitting unit, or one.
DISPLAY_UNITS = ("best", "m", "h", "d", "w", "mo")
DURATION_HINT = (
    "type a number and a unit, e.g. 5d, 3w, 4h, 30m, 2mo, 3ed (elapsed) or 5d? (estimate)"
)

#: Every unit word MS Project takes, to its unit (``3 wks``, ``2 months``, ``4 hrs``).
UNIT_WORDS: dict[str, str] = {
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
        if not amount.is_finite():
            raise DurationError(f"'{text}' is not a duration")
        unit = default_unit
        sign = -1 if amount < 0 else 1
        amount = abs(amount)
    else:
        if not text.strip():
            raise DurationError(f"A duration is needed: {DURATION_HINT}")
        match = _DURATION_RE.match(text.lower())
        if not match:
            raise DurationError(f"'{text.strip()}' is not a duration: {DURATION_HINT}")
        sign_text, number, unit_text = match.groups()
        unit = UNIT_WORDS.get(unit_text or default_unit, "")
        if not unit:
            raise DurationError(
                f"'{text.strip()}': unknown unit '{unit_text}' (use m, h, d, w or mo)"
            )
        try:
            amount = Decimal(number.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the regex only lets numbers in
            raise DurationError(f"'{text}' is not a duration") from error
        sign = -1 if sign_text == "-" else 1
    minutes = bounded_minutes(amount * unit_minutes(unit, minutes_per_day), str(text)) * sign
    if minutes < 0 and not allow_negative:
        raise DurationError(f"'{text}': a duration cannot be negative")
    return minutes


def bounded_minutes(minutes: Decimal, shown: str) -> int:
    """``minutes`` rounded to whole minutes, or :class:`DurationError` when longer than
    :data:`MAX_DURATION_MINUTES` (or not a finite number)."""
    if not minutes.is_finite() or abs(minutes) > MAX_DURATION_MINUTES:
        quoted = f"'{shown.strip()}'" if len(shown.strip()) <= 24 else f"'{shown.strip()[:12]}…'"
        raise DurationError(
            f"{quoted} is longer than InfraDesk can schedule (its calendar runs from 1900 to 2199)"
        )
    return int(minutes.to_integral_value())


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


def display_duration(
    minutes: int, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY, unit: str = "best"
) -> str:
    """Working minutes as the Duration columns show them, in ``unit`` (one of
    :data:`DISPLAY_UNITS`) with up to two decimals: ``13.33d``, ``2w``, ``4.5h``.

    ``best`` is the largest fitting unit: whole weeks in weeks, else days from one day up, hours
    from one hour up, minutes below. Months are never chosen for you: a month of 20 working
    days reads as a calendar month, which it is not.
    """
    sizes = {unit: unit_minutes(unit, minutes_per_day) for unit in ("m", "h", "d", "w", "mo")}
    return amount_in_unit(minutes, sizes, unit)


def entry_unit(display_unit: str) -> str:
    """The unit of a bare number typed in a Duration cell: the shown unit, days for best fit."""
    return "d" if display_unit == "best" else display_unit


def amount_in_unit(minutes: int, sizes: dict[str, int], unit: str) -> str:
    """``minutes`` in ``unit`` of ``sizes`` (minutes per ``m h d w mo``), ``best`` choosing."""
    if unit not in sizes:
        unit = best_unit(abs(minutes), sizes)
    amount = (Decimal(minutes) / Decimal(sizes[unit])).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{_trim(amount)}{unit}"


def best_unit(minutes: int, sizes: dict[str, int]) -> str:
    """The largest unit that fits ``minutes``: ``w`` when whole weeks, else ``d``, ``h``, ``m``."""
    if minutes == 0:
        return "d"
    if minutes % sizes["w"] == 0:
        return "w"
    for unit in ("d", "h"):
        if minutes >= sizes[unit]:
            return unit
    return "m"


def format_days(minutes: int, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY) -> str:
    """Working minutes as days with up to two decimals (``2.5d``), as floats are shown."""
    days = Decimal(minutes) / Decimal(minutes_per_day)
    return f"{_trim(days.quantize(Decimal('0.01')))}d"


def _trim(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    if text == "-0":
        return "0"
    return text.rstrip("0").rstrip(".") if "." in text else text
