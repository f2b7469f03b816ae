"""Zoom levels of the chart and the two tiers of its time scale (pure date arithmetic).

The chart maps calendar time linearly to x: ``x = minutes since origin * px_per_day / 1440``.
Each zoom level names the unit of its upper and lower tier and how a tick is labelled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Zoom:
    name: str
    px_per_day: float
    top: str  # unit of the upper tier
    bottom: str  # unit of the lower tier
    snap: str  # unit a dragged bar snaps to: "hour", "day" or "week"


ZOOMS: tuple[Zoom, ...] = (
    Zoom("hour", 26 * 24, "day", "hour", "hour"),
    Zoom("day", 36.0, "week", "day", "day"),
    Zoom("week", 15.0, "month", "week", "day"),
    Zoom("month", 4.2, "quarter", "month", "day"),
    Zoom("quarter", 1.4, "year", "quarter", "week"),
    Zoom("year", 0.45, "year", "half", "week"),
)
ZOOM_NAMES = tuple(z.name for z in ZOOMS)


def zoom_named(name: str) -> Zoom:
    for zoom in ZOOMS:
        if zoom.name == name:
            return zoom
    raise ValueError(f"Unknown zoom '{name}' (use {', '.join(ZOOM_NAMES)})")


# The scales a fitted zoom may use: the hour level's at most, and a 20-year plan still fits.
MIN_PX_PER_DAY = 0.02
MAX_PX_PER_DAY = ZOOMS[0].px_per_day
FIT_CROWDING = 1.5  # a fitted scale may use a level's tiers down to 1/1.5 of its scale


def is_level(zoom: Zoom) -> bool:
    """True for one of the named levels at its own scale (not a fitted scale)."""
    return zoom in ZOOMS


def fitted(px_per_day: float) -> Zoom:
    """A continuous scale of ``px_per_day`` (clamped to the supported range) drawn with the
    tiers of the most detailed level whose units still get two thirds of their width at
    their own scale.

    The tiers label themselves from the width a unit gets (see :func:`label`); at two thirds
    of its own scale every level's lower tier still shows a short label (``Q1``, ``Jan``,
    ``12 Jan``, ``12``, ``08``), so 4.0 px/day is drawn in months, not quarters.
    """
    px = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, px_per_day))
    level = next((z for z in ZOOMS if z.px_per_day <= px * FIT_CROWDING), ZOOMS[-1])
    return level if level.px_per_day == px else replace(level, px_per_day=px)


def scale_named(name: str, px_per_day: float) -> Zoom:
    """The zoom ``name`` at ``px_per_day`` (a fitted scale kept between sessions)."""
    level = zoom_named(name)
    if level.px_per_day == px_per_day:
        return level
    return replace(level, px_per_day=min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, px_per_day)))


def stepped(zoom: Zoom, step: int) -> Zoom:
    """The next level in (``step`` -1, towards hours) or out (+1, towards years) from any
    scale, a fitted one included; past the first or last level the zoom stays as it is."""
    if step < 0:
        finer = [z for z in ZOOMS if z.px_per_day > zoom.px_per_day * 1.0001]
        return finer[-1] if finer else zoom
    coarser = [z for z in ZOOMS if z.px_per_day < zoom.px_per_day / 1.0001]
    return coarser[0] if coarser else zoom


def unit_start(moment: datetime, unit: str) -> datetime:
    """The start of the ``unit`` that contains ``moment``."""
    day = datetime(moment.year, moment.month, moment.day)
    if unit == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if unit == "half":
        return day.replace(month=1 if day.month <= 6 else 7, day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown unit {unit}")


def next_unit(moment: datetime, unit: str) -> datetime:
    """The start of the unit after the one starting at ``moment``."""
    if unit == "hour":
        return moment + timedelta(hours=1)
    if unit == "day":
        return moment + timedelta(days=1)
    if unit == "week":
        return moment + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[unit]
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1, day=1)


def units(first: datetime, last: datetime, unit: str) -> Iterator[tuple[datetime, datetime]]:
    """``(start, end)`` of every ``unit`` overlapping ``[first, last]``."""
    current = unit_start(first, unit)
    while current <= last:
        following = next_unit(current, unit)
        yield current, following
        current = following


def label(moment: datetime, unit: str, width: float, tier: str) -> str:
    """A tick's text, as long as ``width`` pixels allow."""
    if unit == "hour":
        return f"{moment.hour:02d}" if width < 34 else f"{moment.hour:02d}:00"
    if unit == "day":
        if tier == "top" or width > 150:
            return moment.strftime("%a %d %b %Y")
        if width >= 44:
            return moment.strftime("%a %d").replace(" 0", " ")
        if width >= 28:
            return f"{moment:%a}"[:2] + f" {moment.day}"
        return moment.strftime("%d")
    if unit == "week":
        week = moment.isocalendar()[1]
        if tier == "top":
            return f"Week {week} · {moment:%d %b %Y}"
        if width >= 80:
            return f"W{week} · {moment:%d %b}"
        return f"{moment:%d}" if width < 30 else f"{moment:%d %b}"
    if unit == "month":
        if tier == "top" or width > 110:
            return moment.strftime("%B %Y")
        return moment.strftime("%b") if width >= 28 else moment.strftime("%b")[0]
    if unit == "quarter":
        quarter = (moment.month - 1) // 3 + 1
        return f"Q{quarter} {moment.year}" if tier == "top" or width > 70 else f"Q{quarter}"
    if unit == "half":
        return f"H{1 if moment.month <= 6 else 2}"
    return str(moment.year)


def snap(moment: datetime, unit: str) -> datetime:
    """Round ``moment`` to the nearest ``unit`` boundary (hour, day or Monday)."""
    start = unit_start(moment, unit)
    following = next_unit(start, unit)
    return following if moment - start >= following - moment else start


def monday_before(day: date) -> datetime:
    return datetime.combine(day - timedelta(days=day.weekday()), datetime.min.time())
