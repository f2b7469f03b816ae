"""A task's duration as MS Project writes it, with its flags: ``5d?`` (estimated), ``3ed``
(elapsed: days of 24 hours, weekends and nights included; ``4eh`` hours, ``30em`` minutes).

:mod:`infradesk.schedule.durations` reads and writes plain working-time durations (``5d``,
``6h``); this module adds the two marks around it, for the Gantt's Duration cell. An elapsed
task stores wall-clock minutes (the engine counts them on the 24x7 clock), so ``3ed`` is
4,320 minutes whatever the calendar's working day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from infradesk.schedule.durations import DurationError, format_duration, parse_duration

MINUTES_PER_ELAPSED_DAY = 1440
#: Minutes in one elapsed unit: MS Project's ``em eh ed ew emo`` (a month of 30 days).
ELAPSED_UNITS: dict[str, int] = {
    "m": 1,
    "min": 1,
    "h": 60,
    "hr": 60,
    "d": 1440,
    "day": 1440,
    "days": 1440,
    "w": 7 * 1440,
    "wk": 7 * 1440,
    "mo": 30 * 1440,
}

_ELAPSED_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*e\s*([a-z]+)\s*(\?)?\s*$")
_ESTIMATED_RE = re.compile(r"\?\s*$")


@dataclass(frozen=True)
class TypedDuration:
    """A duration as typed: minutes (wall-clock minutes when ``elapsed``) and its flags."""

    minutes: int
    estimated: bool = False
    elapsed: bool = False


def duration_text(
    minutes: int, minutes_per_day: int, *, estimated: bool = False, elapsed: bool = False
) -> str:
    """``5d``, ``5d?``, ``3ed``, ``4eh?``: MS Project's duration text of a task."""
    if elapsed:
        plain = format_duration(minutes, MINUTES_PER_ELAPSED_DAY)
        text = plain[:-1] + "e" + plain[-1]  # format_duration's units are one letter: d h m
    else:
        text = format_duration(minutes, minutes_per_day)
    return text + "?" if estimated else text


def read_duration_text(text: str, minutes_per_day: int) -> TypedDuration:
    """Read a typed duration with its flags (``5d?``, ``3ed``, ``4eh``, ``2ew?``); a plain
    ``5d`` is neither estimated nor elapsed. Raises :class:`DurationError` for the user."""
    value = text.strip().lower()
    match = _ELAPSED_RE.match(value)
    if match is not None:
        number, unit, question = match.groups()
        size = ELAPSED_UNITS.get(unit)
        if size is None:
            raise DurationError(
                f"'{text.strip()}': unknown elapsed unit 'e{unit}' (use em, eh, ed, ew or emo)"
            )
        try:
            amount = Decimal(number.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern only lets numbers in
            raise DurationError(f"'{text.strip()}' is not a duration") from error
        minutes = int((amount * size).to_integral_value())
        return TypedDuration(minutes, question is not None, True)
    estimated = _ESTIMATED_RE.search(value) is not None
    return TypedDuration(parse_duration(value, minutes_per_day), estimated, False)
