"""Time zones of a runbook (issue 19): names, abbreviations, and wall clock <-> instants.

A cutover checklist says "18:00 CET" or "02:30 EDT" more often than "Europe/Paris". A zone is
an IANA name (``Europe/Paris``) or one of the abbreviations of :data:`ABBREVIATIONS`, each read
as the region that uses it, daylight saving included (``CET`` and ``CEST`` are the same
zone, as in "the CET zone"). The stored text stays what the PM wrote; it is resolved here.

Wall clock to instant (:func:`localize`): a time the fall-back repeats is its *first*
occurrence (``fold=0``, whatever abbreviation is written: ``CET`` names the zone, not the
offset), as the runbook clock (``services/runbooks/clock.py``) reads a fixed time; a time the
spring-forward skips does not exist and raises :class:`NonexistentTime` (an imported value
is refused where it is, rather than moved).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# abbreviation -> the IANA zone it is read in (its region's rules, daylight saving included)
ABBREVIATIONS: dict[str, str] = {
    "UTC": "UTC",
    "Z": "UTC",
    "GMT": "Europe/London",
    "BST": "Europe/London",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "MET": "Europe/Paris",
    "MEST": "Europe/Paris",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "MSK": "Europe/Moscow",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "IST": "Asia/Kolkata",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
}
_MAX_NAME = 64  # the store's column


class UnknownZone(ValueError):
    """A time zone name that is neither an IANA zone nor an abbreviation we read."""


class NonexistentTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change (02:30 on a spring-forward)."""


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The zone a name or abbreviation stands for; :class:`UnknownZone` otherwise.
    GMT is read as Europe/London, as a UK checklist means it (an explicit "UTC" is UTC); the
    abbreviations are the runbook clock's (``services/runbooks/clock.py``)."""
    text = name.strip()
    key = ABBREVIATIONS.get(text.upper(), text)
    if not key or len(key) > _MAX_NAME or ".." in key or key.startswith("/"):
        raise UnknownZone(f"'{name}' is not a time zone")
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    found = _names_by_case().get(key.lower())  # "europe/paris", as the runbook clock reads
    if found is not None:
        return ZoneInfo(found)
    raise UnknownZone(
        f"'{name}' is not a time zone (an IANA name such as Europe/Paris, or UTC, CET, "
        "EET, BST, EST, CST, PST...)"
    )


@lru_cache(maxsize=1)
def _names_by_case() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def is_zone(name: str) -> bool:
    try:
        zone(name)
    except UnknownZone:
        return False
    return True


def localize(wall: datetime, zone_name: str) -> datetime:
    """The aware instant of the naive ``wall`` time in ``zone_name`` (see the module's rules
    for repeated and skipped times)."""
    where = zone(zone_name)
    first = wall.replace(tzinfo=where, fold=0)
    second = wall.replace(tzinfo=where, fold=1)
    if first.utcoffset() != second.utcoffset():  # a repeated or a skipped hour
        back = first.astimezone(UTC).astimezone(where).replace(tzinfo=None, fold=0)
        if back != wall.replace(fold=0):  # a gap: neither fold is a real time
            skipped = first.astimezone(UTC).astimezone(where)
            raise NonexistentTime(
                f"{wall:%Y-%m-%d %H:%M} does not exist in {zone_name} (the clocks jump "
                f"forward that night; {skipped:%H:%M} is the same instant)"
            )
    return first


def to_utc(value: datetime) -> datetime:
    """An aware instant as the store keeps it: naive UTC."""
    return value.astimezone(UTC).replace(tzinfo=None)


def from_utc(value: datetime, zone_name: str) -> datetime:
    """A stored naive-UTC instant as an aware time in ``zone_name``."""
    return value.replace(tzinfo=UTC).astimezone(zone(zone_name))


def shift(instant: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``instant`` (exact across daylight-saving changes),
    shown in the instant's own zone."""
    where = instant.tzinfo
    moved = instant.astimezone(UTC) + timedelta(minutes=minutes)
    return moved.astimezone(where) if where is not None else moved
