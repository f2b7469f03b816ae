"""Recurring MSPDI calendar exceptions (Project 2007+) written out as dated days."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from xml.etree.ElementTree import Element

from infradesk.interchange.xml_common import to_int
from infradesk.interchange.xml_safety import text


def _weekday_of_month_item(item: int) -> int | None:
    """MSPDI MonthItem 3..9 = Sunday..Saturday -> 0 = Monday .. 6 = Sunday."""
    return (item - 4) % 7 if 3 <= item <= 9 else None


def _nth_weekday(year: int, month: int, weekday: int, position: int) -> date | None:
    """The ``position``-th (0-based; 4 = last) ``weekday`` of a month."""
    if position >= 4:
        last = date(year, month, monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * position)
    return day if day.month == month else None


def recurrence_dates(exception: Element, first: date, last: date) -> list[date] | None:
    """Dates of a recurring MSPDI calendar exception between ``first`` and ``last``.

    ``Type``: 1/7 daily, 2 yearly on a date, 3 yearly on the n-th weekday, 4 monthly on a
    date, 5 monthly on the n-th weekday, 6 weekly on ``DaysOfWeek`` (bit 0 = Sunday).
    ``Month`` and ``MonthPosition`` count from 0. Returns ``None`` for patterns it cannot read.
    """
    pattern = to_int(text(exception, "Type"), 1)
    period = max(1, to_int(text(exception, "Period"), 1))
    limit = to_int(text(exception, "Occurrences"), 0)
    found: list[date] = []
    if pattern in (1, 7):
        found = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, period)]
    elif pattern == 6:
        mask = to_int(text(exception, "DaysOfWeek"), 0)
        week_start = first - timedelta(days=(first.weekday() + 1) % 7)  # the Sunday before
        for offset in range((last - first).days + 1):
            weekly = first + timedelta(days=offset)
            in_period = ((weekly - week_start).days // 7) % period == 0
            if in_period and mask & (1 << ((weekly.weekday() + 1) % 7)):
                found.append(weekly)
    elif pattern in (2, 3, 4, 5):
        relative = pattern in (3, 5)
        weekday = _weekday_of_month_item(to_int(text(exception, "MonthItem"), -1))
        if relative and weekday is None:
            return None  # "day", "weekday", "weekend day" items
        position = to_int(text(exception, "MonthPosition"), 0)
        month_day = to_int(text(exception, "MonthDay"), 1)
        if pattern in (2, 3):
            month = to_int(text(exception, "Month"), first.month - 1) + 1
            months = [(year, month) for year in range(first.year, last.year + 1)]
        else:
            months = []
            year, month = first.year, first.month
            while (year, month) <= (last.year, last.month):
                months.append((year, month))
                month += period
                year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        for year, month in months:
            if not 1 <= month <= 12:
                return None
            if relative:
                day = _nth_weekday(year, month, weekday or 0, position)
            else:
                day = (
                    date(year, month, month_day)
                    if 1 <= month_day <= monthrange(year, month)[1]
                    else None
                )
            if day is not None:
                found.append(day)
    else:
        return None
    found = [d for d in found if first <= d <= last]
    return found[:limit] if limit > 0 else found
