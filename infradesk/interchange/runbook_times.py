"""The messy times, durations and predecessors of a cutover checklist (issue 19).

What PMs type in a "Start" column, and how each is placed (``zone``: the cell's own zone
abbreviation or name when it ends with one, else the runbook's):

- a date and time: ``2026-10-24 18:00``, ``24/10/2026 18:00`` (day first), ``24.10.2026 6pm``;
- a bare clock time: ``18:00``, ``18.00``, ``18h30``, ``6pm``, ``6:30 pm``: its first
  occurrence at or after 12 hours before the window start (a night's checklist starting at
  22:00 puts ``18:00`` on the same evening and ``02:30`` on the next morning);
- a weekday and time: ``Sat 18:00``, ``Sunday 02:30 CET``: the first such day and time at or
  after the same moment;
- an offset from the window start: ``T+45`` (minutes), ``T+1:30``, ``T+2h``, ``T-30``: elapsed
  time, exact across a daylight-saving change;
- a workbook's date-time, time or duration cell.

A clock time the autumn change repeats is its first occurrence (:func:`runbook_zones.localize`,
as the runbook clock reads it); a skipped one is an error. The result is a :class:`FixedTime`:
the wall clock and zone text to store (a step's ``fixed_time`` and ``fixed_time_zone``) and the
instant they mean. An offset that lands in the second occurrence of a repeated hour
(``T+300`` from 22:00 on the night the clocks go back: 02:00 winter time) cannot be written as
that zone's wall clock, which means the first occurrence; it is stored in UTC (``01:00``
``UTC``), so it means the same instant when scheduled.

Durations: ``30``, ``30m``, ``1h``, ``1:30``, ``1h30``, ``1.5 h``, ``90 min``, ``1d`` (24 h).
Predecessors: ``1.01``, ``1.01, 1.02``, ``1.01SS+10``, ``1.01 FS-5``, ``1.01FF+1h``.
Every function raises :class:`TimeTextError` with a message for the cell it read.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from infradesk.interchange import runbook_document as rb
from infradesk.interchange.json_schema import MAX_MINUTES
from infradesk.interchange.runbook_zones import (
    NonexistentTime,
    UnknownZone,
    is_zone,
    localize,
    shift,
    to_utc,
    zone,
)


class TimeTextError(ValueError):
    """A cell that is not a time, a duration or a predecessor list we can read."""


@dataclass(frozen=True, slots=True)
class FixedTime:
    """A placed time: ``wall`` (naive) in ``zone_text`` ("" = the runbook's zone) is
    ``instant``."""

    wall: datetime
    zone_text: str
    instant: datetime


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s*m\.?)?|(?P<hh>\d{1,2})\s*h",
    re.IGNORECASE,
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(.+))?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T]+(.+))?")
_WEEKDAY = re.compile(r"([a-z]{3})[a-z]*\.?,?\s+(.+)", re.IGNORECASE)
_OFFSET = re.compile(r"T\s*([+-])\s*(.+)|T\s*0?", re.IGNORECASE)
_ZONE_TAIL = re.compile(r"(.*?\S)\s+([A-Za-z][A-Za-z_/+\-0-9]*)")
_BEFORE_WINDOW = timedelta(hours=12)


# ---------------------------------------------------------------------------- durations

_UNITS = {"d": 1440, "h": 60, "m": 1}
_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|')", re.IGNORECASE
)


def read_minutes(value: object) -> int:
    """Elapsed minutes of a duration or lag cell (not negative; see the module)."""
    minutes = _minutes(value)
    if minutes < 0:
        raise TimeTextError(f"{_shown(value)} is negative")
    return minutes


def _minutes(value: object) -> int:
    if isinstance(value, bool):
        raise TimeTextError(f"{_shown(value)} is not a duration")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise TimeTextError(f"{_shown(value)} is not a duration")
        return _bounded(round(value), value)
    if isinstance(value, timedelta):
        return _bounded(round(value.total_seconds() / 60), value)
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    if not isinstance(value, str):
        raise TimeTextError(f"{_shown(value)} is not a duration")
    text = value.strip().lower()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-").strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return sign * _bounded(round(float(text.replace(",", "."))), value)
    match = re.fullmatch(r"(\d+):(\d{2})", text)
    if match:
        return sign * _bounded(int(match[1]) * 60 + int(match[2]), value)
    match = re.fullmatch(r"(\d+)\s*h\s*(\d{1,2})", text)  # 1h30
    if match:
        return sign * _bounded(int(match[1]) * 60 + int(match[2]), value)
    total, rest = 0.0, text
    for part in _PART.finditer(text):
        unit = part[2].lower()
        total += float(part[1].replace(",", ".")) * _UNITS.get(unit[0], 1)
        rest = rest.replace(part[0], "", 1)
    if rest.strip() or rest == text:
        raise TimeTextError(
            f"{_shown(value)} is not a duration (30, 30m, 1h, 1:30, 90 min)"
        )
    return sign * _bounded(round(total), value)


def _bounded(minutes: int, value: object) -> int:
    if abs(minutes) > MAX_MINUTES:
        raise TimeTextError(f"{_shown(value)} is more than 100 years")
    return minutes


def _shown(value: object) -> str:
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


# ---------------------------------------------------------------------------- predecessors

_LINK = re.compile(r"(?P<code>.+?)\s*(?:(?P<type>FS|SS|FF|SF)\s*(?P<lag>[+-].*)?)?", re.I)


def read_predecessors(value: object) -> tuple[rb.RunbookLink, ...]:
    """The links of a Predecessors cell (codes not checked here)."""
    if value is None or value == "":
        return ()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (rb.RunbookLink(number_code(value)),)
    if not isinstance(value, str):
        raise TimeTextError(f"{_shown(value)} is not a list of step IDs")
    links: list[rb.RunbookLink] = []
    for item in re.split(r"[,;\n]+", value):
        item = item.strip()
        if not item:
            continue
        match = _LINK.fullmatch(item)
        if match is None or " " in match["code"].strip():
            raise TimeTextError(
                f"'{item}' is not a predecessor (1.01, 1.01SS+10, 1.01FS-5)"
            )
        lag = _minutes(match["lag"]) if match["lag"] else 0
        kind = (match["type"] or "FS").upper()
        link_type: rb.RunbookLinkType = (
            "SS" if kind == "SS" else "FF" if kind == "FF" else "SF" if kind == "SF" else "FS"
        )
        links.append(rb.RunbookLink(match["code"].strip(), link_type, lag))
    return tuple(links)


def number_code(value: float) -> str:
    """A step ID a workbook stored as a number: ``3.0`` is ``3``, ``1.01`` stays ``1.01``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# ---------------------------------------------------------------------------- times


def read_time(
    value: object,
    zone_name: str,
    window_start: datetime | None,
    cell_zone: str = "",
) -> FixedTime | None:
    """Place a Start cell (see the module); None when empty. ``zone_name``: the runbook's
    zone; ``window_start``: aware, needed by bare times and offsets; ``cell_zone``: the
    step's Zone column, used when the cell names no zone."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _placed(value.replace(tzinfo=None, microsecond=0), cell_zone, zone_name)
    if isinstance(value, date):
        raise TimeTextError(f"{_shown(value)} is a date without a time")
    if isinstance(value, time):
        return _next(value.replace(tzinfo=None), None, cell_zone, zone_name, window_start)
    if isinstance(value, timedelta):
        return _clock_delta(value, cell_zone, zone_name, window_start)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1:  # a time of day stored as a fraction of a day
            return _clock_delta(timedelta(days=value), cell_zone, zone_name, window_start)
        raise TimeTextError(f"{_shown(value)} is not a time")
    if not isinstance(value, str):
        raise TimeTextError(f"{_shown(value)} is not a time")
    return _read_text(value.strip(), zone_name, window_start, cell_zone)


def _clock_delta(
    value: timedelta, cell_zone: str, zone_name: str, window_start: datetime | None
) -> FixedTime:
    if not timedelta(0) <= value < timedelta(days=1):
        raise TimeTextError(f"{_shown(value)} is not a time of day")
    minutes = round(value.total_seconds() / 60) % 1440
    return _next(time(minutes // 60, minutes % 60), None, cell_zone, zone_name, window_start)


def _read_text(
    text: str, zone_name: str, window_start: datetime | None, cell_zone: str
) -> FixedTime:
    offset = _OFFSET.fullmatch(text)
    if offset:
        if window_start is None:
            raise TimeTextError(f"'{text}' counts from the window start, which is not given")
        try:
            minutes = _minutes(offset[2]) if offset[2] else 0
        except TimeTextError:
            raise TimeTextError(
                f"'{text}' is not an offset from the window start (T+45, T+1:30, T+2h, T-30): "
                f"{_shown(offset[2])} is not a duration"
            ) from None
        instant = shift(window_start, minutes if offset[1] != "-" else -minutes)
        return _as_wall(instant, zone_name)
    body, written_zone = _zone_tail(text)
    used_zone = written_zone or cell_zone
    for pattern, day_first in ((_ISO, False), (_DAY_FIRST, True)):
        match = pattern.fullmatch(body)
        if match:
            parts = [int(match[i]) for i in (1, 2, 3)]
            year, month, day = (parts[2], parts[1], parts[0]) if day_first else parts
            try:
                when = date(year, month, day)
            except ValueError:
                raise TimeTextError(f"'{text}' is not a real date") from None
            clock = _clock(match[4], text) if match[4] else time(0, 0)
            return _placed(datetime.combine(when, clock), used_zone, zone_name)
    weekday = _WEEKDAY.fullmatch(body)
    if weekday and weekday[1].lower() in _WEEKDAYS:
        day = _WEEKDAYS.index(weekday[1].lower())
        return _next(_clock(weekday[2], text), day, used_zone, zone_name, window_start)
    return _next(_clock(body, text), None, used_zone, zone_name, window_start)


def _zone_tail(text: str) -> tuple[str, str]:
    """``Sun 02:30 CET`` -> (``Sun 02:30``, ``CET``) when the last word is a zone."""
    match = _ZONE_TAIL.fullmatch(text)
    if match and not re.fullmatch(r"[ap]\.?m\.?", match[2], re.I) and is_zone(match[2]):
        return match[1], match[2]
    return text, ""


def _clock(text: str, whole: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise TimeTextError(
            f"'{whole}' is not a time (18:00, 6pm, Sat 18:00, T+45, 2026-10-24 18:00)"
        )
    if match["hh"]:
        hour, minute = int(match["hh"]), 0
    else:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        if match["m"] is None and not match["ampm"]:
            raise TimeTextError(f"'{whole}' is a number, not a time (write 18:00 or 6pm)")
        if match["ampm"]:
            if not 1 <= hour <= 12:
                raise TimeTextError(f"'{whole}' is not a time")
            hour = hour % 12 + (12 if match["ampm"].lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise TimeTextError(f"'{whole}' is not a time of day")
    return time(hour, minute)


def _next(
    clock: time,
    weekday: int | None,
    cell_zone: str,
    zone_name: str,
    window_start: datetime | None,
) -> FixedTime:
    """The first ``clock`` (on ``weekday``) at or after 12 hours before the window start,
    on the wall clock of the zone the time is written in."""
    if window_start is None:
        raise TimeTextError(
            f"{clock:%H:%M} has no date and the window start is not given"
        )
    used = cell_zone or zone_name
    try:
        reference = (window_start - _BEFORE_WINDOW).astimezone(zone(used)).replace(tzinfo=None)
    except UnknownZone as error:
        raise TimeTextError(str(error)) from None
    candidate = datetime.combine(reference.date(), clock)
    while candidate < reference or (weekday is not None and candidate.weekday() != weekday):
        candidate += timedelta(days=1)
    return _placed(candidate, cell_zone, zone_name)


def _placed(wall: datetime, cell_zone: str, zone_name: str) -> FixedTime:
    try:
        instant = localize(wall, cell_zone or zone_name)
    except (NonexistentTime, UnknownZone) as error:
        raise TimeTextError(str(error)) from None
    return FixedTime(wall, cell_zone, instant)


def _as_wall(instant: datetime, zone_name: str) -> FixedTime:
    """An instant as the wall clock of the runbook's zone, or in UTC when that wall clock
    would mean another instant (the second occurrence of a repeated hour)."""
    wall = instant.astimezone(zone(zone_name)).replace(tzinfo=None, fold=0)
    if to_utc(localize(wall, zone_name)) == to_utc(instant):  # aware == ignores the fold
        return FixedTime(wall, "", instant)
    return FixedTime(to_utc(instant), "UTC", instant)
