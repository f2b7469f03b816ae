"""The usage view's columns (a day, a week or a month each) and what one cell shows.

No Qt here: the chart paints what :func:`cell_of` says, and the tests read the same data.
A week or month cell adds up its days (two lookups in the grid's running sums), so every zoom
costs the same per visible cell.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from infradesk.services.resources.usage import Usage
from infradesk.ui.gantt.timescale import label, next_unit, unit_start

ZOOMS = ("day", "week", "month")  # finest first
COLUMN_WIDTH = {"day": 36, "week": 56, "month": 68}
ZOOM_TITLES = {"day": "Day", "week": "Week", "month": "Month"}


@dataclass(frozen=True, slots=True)
class Column:
    """Days ``low`` .. ``high - 1`` of the usage, starting on ``first``."""

    low: int
    high: int
    first: date
    label: str  # under the header's band
    band: str  # the header's upper band: the month (day and week zoom) or the year


def columns(first: date, days: int, zoom: str) -> list[Column]:
    """The columns covering ``days`` days from ``first`` at ``zoom`` (the first and last
    week or month may be partial: they hold the grid's days only)."""
    width = COLUMN_WIDTH[zoom]
    found: list[Column] = []
    start = datetime.combine(first, datetime.min.time())
    moment = unit_start(start, zoom)
    last = start + timedelta(days=days)
    while moment < last:
        following = next_unit(moment, zoom)
        low = max(0, (moment.date() - first).days)
        high = min(days, (following.date() - first).days)
        band = str(moment.year) if zoom == "month" else f"{moment:%B %Y}"
        found.append(Column(low, high, moment.date(), label(moment, zoom, width, "bottom"), band))
        moment = following
    return found


def column_at(found: list[Column], day: int) -> int:
    """The index of the column holding day index ``day`` (clamped to the columns)."""
    index = bisect_right([c.low for c in found], day) - 1
    return min(max(index, 0), len(found) - 1)


@dataclass(frozen=True, slots=True)
class UsageCell:
    """One resource in one column: loaded minutes (all projects), the shown project's share,
    the capacity and how many of its days are overloaded."""

    load: float
    focus: float
    capacity: float
    overloaded_days: int

    @property
    def other(self) -> float:
        """Minutes of the other projects (shown greyed, counted in the load)."""
        return max(0.0, self.load - self.focus)

    @property
    def overloaded(self) -> bool:
        return self.overloaded_days > 0

    @property
    def percent(self) -> float | None:
        """Load as a percentage of the capacity (None without capacity)."""
        return self.load / self.capacity * 100.0 if self.capacity > 0 else None

    def text(self, percent: bool) -> str:
        """``7.5`` (hours) or ``150%``; empty without load."""
        return cell_text(self.load, self.capacity, percent)


def cell_text(load: float, capacity: float, percent: bool) -> str:
    """A cell's text: hours (``7.5``) or the load's % of the capacity (``150%``; ``off``
    when the resource has no working time then); empty without load."""
    if load < 0.5:
        return ""
    if percent:
        return "off" if capacity <= 0 else f"{load / capacity * 100.0:.0f}%"
    return hours_text(load)


def hours_text(minutes: float) -> str:
    """``7.5``, ``8``, ``120``: hours to at most one decimal."""
    hours = round(minutes / 60.0, 1)
    return f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}"


def cell_of(usage: Usage, row: int, column: Column) -> UsageCell:
    load, focus, capacity, over = usage.grid.bucket(row, column.low, column.high)
    if usage.focus_project is None:
        focus = load
    return UsageCell(load, focus, capacity, over)
