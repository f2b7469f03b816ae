"""The calendar's stored text forms (``0,1,2,3,4`` and ``08:00-12:00,13:00-17:00``)."""

from __future__ import annotations

DEFAULT_WEEKDAYS = "0,1,2,3,4"
DEFAULT_HOURS = "08:00-12:00,13:00-17:00"


def weekdays_from_text(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def weekdays_to_text(days: list[int]) -> str:
    return ",".join(str(day) for day in sorted(set(days)))


def hours_from_text(text: str) -> list[list[str]]:
    """``"08:00-12:00,13:00-17:00"`` -> ``[["08:00", "12:00"], ["13:00", "17:00"]]``."""
    pairs = []
    for part in text.split(","):
        if part.strip():
            start, finish = part.strip().split("-")
            pairs.append([start.strip(), finish.strip()])
    return pairs


def hours_to_text(pairs: list[list[str]] | list[tuple[str, str]]) -> str:
    return ",".join(f"{start}-{finish}" for start, finish in pairs)


def _clock_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def minutes_per_day_of(hours_text: str) -> int:
    """Working minutes in a normal day of this calendar (480 for 8 h)."""
    total = sum(
        _clock_minutes(finish) - _clock_minutes(start)
        for start, finish in hours_from_text(hours_text)
    )
    return total or 480
