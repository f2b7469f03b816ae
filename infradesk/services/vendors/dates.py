"""Contract date arithmetic: notice periods in days or months, and their deadlines.

A notice period counted in months follows the calendar, not 30-day blocks: three months
before 15 June is 15 March. Two rules make month arithmetic total and predictable:

* the day is clamped to the target month's length (31 May - 3 months = 28/29 February);
* an end date on the last day of its month maps to the last day of the target month
  (30 June - 3 months = 31 March, "three months' notice to the end of a quarter"), which is
  how notice clauses "to the end of the month" are read.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from infradesk.errors import UserError


class NoticeError(UserError, ValueError):
    """A notice period the user typed could not be read; the message says why."""


def is_last_day_of_month(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative goes back), with the two rules
    of the module docstring."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    length = calendar.monthrange(year, month)[1]
    if is_last_day_of_month(day):
        return date(year, month, length)
    return date(year, month, min(day.day, length))


def notice_deadline(end: date | None, months: int = 0, days: int = 0) -> date | None:
    """The last day on which notice can be given for a contract ending on ``end``.

    Notice of ``months`` months and ``days`` days must have reached the vendor on or before the
    returned date. ``None`` when the contract has no end or no notice period.
    """
    if end is None or (months <= 0 and days <= 0):
        return None
    deadline = add_months(end, -months) if months > 0 else end
    return deadline - timedelta(days=max(0, days))


_NOTICE = re.compile(
    r"^\s*(\d+)\s*(d|day|days|m|mo|month|months|w|wk|week|weeks)?\s*$", re.IGNORECASE
)


def parse_notice(text: str) -> tuple[int, int]:
    """Read ``90d``, ``90 days``, ``3m``, ``3 months``, ``6w`` or a bare number of days into
    ``(months, days)``. Empty text or ``none`` means no notice period."""
    cleaned = str(text).strip()
    if cleaned.lower() in ("", "none", "-", "0"):
        return 0, 0
    match = _NOTICE.match(cleaned)
    if not match:
        raise NoticeError(f"'{text}' is not a notice period; write e.g. 90d, 3 months or 6w.")
    amount = int(match.group(1))
    unit = (match.group(2) or "d").lower()
    if amount > 3650:
        raise NoticeError(f"A notice period of {amount} {unit} is longer than ten years.")
    if unit.startswith("m"):
        return amount, 0
    if unit.startswith("w"):
        return 0, amount * 7
    return 0, amount


def format_notice(months: int, days: int) -> str:
    """``3 months``, ``90 days``, ``1 month + 14 days`` or an empty string."""
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " + ".join(parts)
