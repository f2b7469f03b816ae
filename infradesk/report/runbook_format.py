"""How the runbook PDFs write times and minutes.

A runbook runs by the clock of its time zone: every instant is shown there (``23:30``), with
the day when the night spans days (``Sat 23:30``) and with the zone's abbreviation when the
night crosses a daylight-saving change (``02:30 CEST`` then ``02:30 CET``: the same clock time
twice, an hour apart).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_of(name: str) -> ZoneInfo:
    """The runbook's zone; an unknown name falls back to UTC (the PDF still prints)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class Clock:
    """Formats instants in one zone, deciding once whether days and zone names are needed."""

    def __init__(self, time_zone: str, instants: Iterable[datetime | None]) -> None:
        self.zone = zone_of(time_zone)
        local = [self.local(at) for at in instants if at is not None]
        self.with_day = len({at.date() for at in local}) > 1
        self.with_zone = len({at.utcoffset() for at in local}) > 1

    def local(self, at: datetime) -> datetime:
        if at.tzinfo is None:  # hand-built data: take a naive instant as the zone's own
            return at.replace(tzinfo=self.zone)
        return at.astimezone(self.zone)

    def time(self, at: datetime | None, *, empty: str = "–") -> str:
        """``23:30``, ``Sat 23:30``, ``Sun 02:30 CET`` as the night needs."""
        if at is None:
            return empty
        local = self.local(at)
        text = local.strftime("%a %H:%M" if self.with_day else "%H:%M")
        if self.with_zone:
            text += " " + (local.tzname() or "")
        return text

    def moment(self, at: datetime | None) -> str:
        """A full date and time: ``Sat 24 Oct 2026 22:00 CEST``."""
        if at is None:
            return "–"
        local = self.local(at)
        return f"{local.strftime('%a %d %b %Y %H:%M')} {local.tzname() or ''}".rstrip()

    def span(self, start: datetime | None, end: datetime | None) -> str:
        """``Sat 24 Oct 2026 22:00 CEST – Sun 25 Oct 06:00 CET`` (the year once)."""
        if start is None and end is None:
            return "not set"
        if start is None or end is None:
            return f"{self.moment(start)} – {self.moment(end)}"
        first, last = self.local(start), self.local(end)
        if first.date() == last.date():
            tail = last.strftime("%H:%M")
        elif first.year == last.year:
            tail = last.strftime("%a %d %b %H:%M")
        else:
            tail = last.strftime("%a %d %b %Y %H:%M")
        if first.tzname() != last.tzname() or first.date() != last.date():
            tail += f" {last.tzname() or ''}".rstrip()
        return f"{self.moment(start)} – {tail}"


def minutes_text(minutes: int | None) -> str:
    """``45 min``, ``2 h``, ``13 h 30``; ``–`` when unknown."""
    if minutes is None:
        return "–"
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    if minutes < 60:
        return f"{sign}{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{sign}{hours} h" + (f" {rest:02d}" if rest else "")


def delta_text(minutes: int | None) -> str:
    """A variance: ``+35 min``, ``-1 h 05``, ``on time``; ``–`` when unknown."""
    if minutes is None:
        return "–"
    if minutes == 0:
        return "on time"
    return ("+" if minutes > 0 else "-") + minutes_text(abs(minutes))


def utc(at: datetime) -> datetime:
    """``at`` in UTC (a naive ``at`` is left as it is).

    Aware instants are compared and subtracted in UTC only: Python subtracts two datetimes
    of the *same* zone by their wall clocks, so across the October change 22:00 CEST to
    06:00 CET would be 8 hours, not the 9 that elapse."""
    return at.astimezone(UTC) if at.tzinfo is not None else at


def minutes_between(start: datetime | None, end: datetime | None) -> int | None:
    """Whole elapsed minutes from ``start`` to ``end`` (rounded down, as the runbook's clock
    does); None when either is unknown."""
    if start is None or end is None:
        return None
    return int((utc(end) - utc(start)).total_seconds() // 60)


def add_minutes(at: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``at``, shown in ``at``'s zone."""
    if at.tzinfo is None:
        return at + timedelta(minutes=minutes)
    return (utc(at) + timedelta(minutes=minutes)).astimezone(at.tzinfo)
