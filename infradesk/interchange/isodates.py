"""ISO text for dates and times as the interchange format writes them (to the minute)."""

from __future__ import annotations

from datetime import date, datetime


def datetime_to_iso(value: datetime | None) -> str | None:
    """``2026-01-05T08:00``. ``isoformat`` is three times faster than ``strftime`` and gives
    the same text for a naive date-time of a four-digit year (every one a plan holds)."""
    if value is None:
        return None
    if value.tzinfo is None and value.year >= 1000:
        return value.isoformat(timespec="minutes")
    return value.strftime("%Y-%m-%dT%H:%M")


def date_to_iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def iso_to_datetime(text: str | None) -> datetime | None:
    """Read ``2026-01-05T08:00`` (seconds and a bare date are accepted too)."""
    if text in (None, ""):
        return None
    assert isinstance(text, str)
    value = datetime.fromisoformat(text.strip())
    return value.replace(second=0, microsecond=0, tzinfo=None)


def iso_to_date(text: str | None) -> date | None:
    if text in (None, ""):
        return None
    assert isinstance(text, str)
    return date.fromisoformat(text.strip()[:10])
