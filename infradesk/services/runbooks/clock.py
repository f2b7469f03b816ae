"""Instants of a runbook: stored as naive UTC, shown in the runbook's zone, scheduled as
elapsed minutes from an origin. A step's fixed time is a wall-clock time in a named zone.

Daylight saving: an ambiguous wall-clock time (the hour that repeats on the last Sunday of
October in Europe) is its first occurrence (``fold=0``, still summer time); a time that does
not exist (the hour skipped in March) is moved forward by the gap, as ``zoneinfo`` does.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from infradesk.interchange import runbook_zones
from infradesk.services.runbooks.errors import RunbookEditError


def zone(name: str) -> ZoneInfo:
    """The zone named ``name`` (an IANA name or an abbreviation PMs write, any case; see
    :mod:`infradesk.interchange.runbook_zones`), or a :class:`RunbookEditError` saying so."""
    try:
        return runbook_zones.zone(name)
    except runbook_zones.UnknownZone:
        raise RunbookEditError(
            f"Unknown time zone '{name.strip()}': use a name such as Europe/Paris or UTC, "
            "or an abbreviation such as CET."
        ) from None


def utc_naive(moment: datetime, local: tzinfo | None = None) -> datetime:
    """``moment`` as the store keeps it: naive UTC to the second. A naive ``moment`` is read
    in ``local`` (UTC when none)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local or UTC)
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def shown(stored: datetime | None, where: tzinfo) -> datetime | None:
    """A stored naive-UTC instant as an aware time in ``where``."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone(where)


def wall_clock_utc(wall: datetime, zone_name: str, default: tzinfo) -> datetime:
    """A fixed time as written (wall clock in ``zone_name``, "" = ``default``) in naive UTC."""
    where = zone(zone_name) if zone_name.strip() else default
    return utc_naive(wall.replace(tzinfo=None, fold=0), where)


def minutes_between(origin: datetime, moment: datetime) -> int:
    """Whole elapsed minutes from ``origin`` to ``moment`` (both naive UTC), rounded down."""
    return int((moment - origin).total_seconds() // 60)


def at_minute(origin: datetime, minutes: int, where: tzinfo) -> datetime:
    """The aware time in ``where`` ``minutes`` after ``origin`` (naive UTC)."""
    return (origin + timedelta(minutes=minutes)).replace(tzinfo=UTC).astimezone(where)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
