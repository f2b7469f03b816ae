"""MS Project's marks on a duration text, for the interchange formats: ``5d?`` (estimated) and
``3ed`` / ``4eh`` / ``30em`` / ``2ew`` / ``1emo`` (elapsed: wall-clock time, a day of 24 hours,
a week of 7 days, a month of 30 days, nights and weekends included).

:mod:`infradesk.schedule.durations` reads and writes plain working time; this module adds the
two marks around it. An elapsed duration is wall-clock minutes, whatever the calendar's
working day, so ``3ed`` is 4,320 minutes. The Gantt's Duration cell reads and shows them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from infradesk.schedule.durations import DurationError, format_duration, parse_duration

MINUTES_PER_ELAPSED_DAY = 1440
#: Wall-clock minutes in one elapsed unit (after the ``e``).
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
    "mon": 30 * 1440,
}

_ELAPSED_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*e\s*([a-z]+)\s*(\?)?\s*$")
_ESTIMATED_RE = re.compile(r"\?\s*$")


@dataclass(frozen=True, slots=True)
class MarkedDuration:
    """A duration text read: minutes (wall-clock minutes when ``elapsed``) and its marks."""

    minutes: int
    estimated: bool = False
    elapsed: bool = False


def marked_text(
    minutes: int, minutes_per_day: int, *, estimated: bool = False, elapsed: bool = False
) -> str:
    """``5d``, ``5d?``, ``3ed``, ``4eh?``: the duration text of a task with its marks."""
    if elapsed:
        plain = format_duration(minutes, MINUTES_PER_ELAPSED_DAY)
        text = plain[:-1] + "e" + plain[-1]  # format_duration's units are one letter: d h m
    else:
        text = format_duration(minutes, minutes_per_day)
    return text + "?" if estimated else text


def read_marked(text: str, minutes_per_day: int) -> MarkedDuration:
    """Read a duration with its marks (``5d?``, ``3ed``, ``4eh``, ``2ew?``); a plain ``5d``
    is neither estimated nor elapsed. Raises :class:`DurationError` for the user."""
    value = text.strip().lower()
    match = _ELAPSED_RE.match(value)
    if match is None:
        estimated = _ESTIMATED_RE.search(value) is not None
        return MarkedDuration(parse_duration(value, minutes_per_day), estimated, False)
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
    return MarkedDuration(int((amount * size).to_integral_value()), question is not None, True)
