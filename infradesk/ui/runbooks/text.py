"""How the runbook views write minutes and instants (no Qt: tests and the bench read it).

Instants arrive aware, in the runbook's zone (:mod:`infradesk.services.runbooks.rows`); a
runbook crosses midnight, so a time carries its weekday and day when it is not on the day
of the reference (the window's start).
"""

from __future__ import annotations

import re
from datetime import datetime


def minutes_text(minutes: int | None) -> str:
    """``45m``, ``1h30``, ``2h``, ``26h05`` (what :class:`UpdateStep` reads back too)."""
    if minutes is None:
        return ""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    if minutes < 60:
        return f"{sign}{minutes}m"
    hours, rest = divmod(minutes, 60)
    return f"{sign}{hours}h{rest:02d}" if rest else f"{sign}{hours}h"


def delta_text(minutes: int | None) -> str:
    """A signed difference: ``+12m``, ``-1h05``, ``±0``."""
    if minutes is None:
        return ""
    if minutes == 0:
        return "±0"
    return ("+" if minutes > 0 else "") + minutes_text(minutes)


def offset_text(minutes: int | None) -> str:
    """Minutes from the runbook's start as the bridge says them: ``T+45m``, ``T+2h10``."""
    if minutes is None:
        return ""
    return "T" + ("+" if minutes >= 0 else "") + minutes_text(minutes)


def clock_text(moment: datetime | None, reference: datetime | None = None) -> str:
    """``18:05``, or ``Sun 00:32`` when ``moment`` is another day than ``reference``."""
    if moment is None:
        return ""
    if reference is not None and moment.date() != reference.date():
        return moment.strftime("%a %H:%M")
    return moment.strftime("%H:%M")


def day_time_text(moment: datetime | None) -> str:
    """``Sat 24 Oct 18:05``: a time with its day, always."""
    return "" if moment is None else moment.strftime("%a %d %b %H:%M")


def fixed_time_text(moment: datetime | None) -> str:
    """A step's fixed clock time as typed back: ``18:00`` or ``2026-10-24 18:00``."""
    if moment is None:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M")


def zone_abbreviation(moment: datetime | None) -> str:
    """``CEST``, ``CET``, ``UTC`` (the zone's name at ``moment``)."""
    return "" if moment is None else (moment.tzname() or "")


def parse_minutes(text: str) -> int | None:
    """``90``, ``90m``, ``1h30``, ``1h 30m``, ``2h`` -> minutes; "" -> None; ValueError else."""
    cleaned = text.strip().lower().replace(" ", "")
    if not cleaned:
        return None
    if cleaned.isdigit():
        return int(cleaned)
    match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)(?:m|min)?)?", cleaned)
    if match is None or not any(match.groups()):
        raise ValueError(f"'{text}' is not a duration: write 90, 1h30 or 2h")
    days, hours, minutes = (int(part) if part else 0 for part in match.groups())
    return days * 1440 + hours * 60 + minutes
