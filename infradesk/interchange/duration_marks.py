"""MS Project's marks on a duration text, for the interchange formats: ``5d?`` (estimated) and
``3ed`` / ``4eh`` / ``30em`` / ``2ew`` / ``1emo`` (elapsed: wall-clock time, a day of 24 hours,
a week of 7 days, a month of 30 days, nights and weekends included), with every unit word MS
Project takes (``3 edays``, ``2 ewks``, ``3 weeks?``).

:mod:`infradesk.schedule.durations` reads and writes plain working time; this module adds the
two marks around it. An elapsed duration is wall-clock minutes, whatever the calendar's
working day, so ``3ed`` is 4,320 minutes. The Gantt's Duration cell reads and shows them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from infradesk.schedule.durations import (
    DURATION_HINT,
    UNIT_WORDS,
    DurationError,
    amount_in_unit,
    bounded_minutes,
    format_duration,
    parse_duration,
    unit_minutes,
)

MINUTES_PER_ELAPSED_DAY = 1440
#: Wall-clock minutes in one elapsed unit (after the ``e``), by unit (``m h d w mo``; the unit
#: words MS Project takes map to these through ``UNIT_WORDS``).
ELAPSED_UNITS: dict[str, int] = {
    "m": 1,
    "h": 60,
    "d": MINUTES_PER_ELAPSED_DAY,
    "w": 7 * MINUTES_PER_ELAPSED_DAY,
    "mo": 30 * MINUTES_PER_ELAPSED_DAY,
}
# a number, an optional ``e`` (elapsed), a unit word, an optional ``?`` (estimated)
_MARKED_RE = re.compile(r"^(\d+(?:[.,]\d+)?|[.,]\d+)\s*(e?)\s*([a-z]*)\s*(\?)?$")


@dataclass(frozen=True, slots=True)
class MarkedDuration:
    """A duration text read: minutes (wall-clock minutes when ``elapsed``) and its marks."""

    minutes: int
    estimated: bool = False
    elapsed: bool = False


def marked_text(
    minutes: int,
    minutes_per_day: int,
    *,
    estimated: bool = False,
    elapsed: bool = False,
    unit: str | None = None,
) -> str:
    """``5d``, ``5d?``, ``3ed``, ``4eh?``: the duration text of a task with its marks.

    Without ``unit``, the form the exports write (:func:`format_duration`); with one (see
    :data:`~infradesk.schedule.durations.DISPLAY_UNITS`), as the Duration columns show it:
    ``13.33d``, ``2w?``, ``1.5ew`` (an elapsed duration in elapsed units).
    """
    if unit is not None:
        if elapsed:
            shown = amount_in_unit(minutes, ELAPSED_UNITS, unit)
            number = shown.rstrip("dhmwo")
            text = f"{number}e{shown[len(number) :]}"
        else:
            sizes = {u: unit_minutes(u, minutes_per_day) for u in ELAPSED_UNITS}
            text = amount_in_unit(minutes, sizes, unit)
        return text + "?" if estimated else text
    if elapsed:
        plain = format_duration(minutes, MINUTES_PER_ELAPSED_DAY)
        text = plain[:-1] + "e" + plain[-1]  # format_duration's units are one letter: d h m
    else:
        text = format_duration(minutes, minutes_per_day)
    return text + "?" if estimated else text


def read_marked(text: str, minutes_per_day: int, default_unit: str = "d") -> MarkedDuration:
    """Read a duration as MS Project takes it, with its marks: ``5d``, ``3 wks``, ``2.5 days``,
    ``4h``, ``30m``, ``2mo``, ``5d?`` / ``3 weeks?`` (estimated), ``3ed`` / ``3 edays`` / ``2ew?``
    (elapsed); a bare number is in ``default_unit``. A plain ``5d`` is neither estimated nor
    elapsed. Raises :class:`DurationError` with a message for the user."""
    shown = text.strip()
    if not shown:
        raise DurationError(f"A duration is needed: {DURATION_HINT}")
    match = _MARKED_RE.match(shown.lower())
    if match is None:
        if shown.startswith("-"):
            raise DurationError(f"'{shown}': a duration cannot be negative")
        raise DurationError(f"'{shown}' is not a duration: {DURATION_HINT}")
    number, elapsed_mark, word, question = match.groups()
    estimated = question is not None
    if elapsed_mark and not word:  # "3e": MS Project wants the unit after the e
        raise DurationError(f"'{shown}': elapsed needs its unit (em, eh, ed, ew or emo)")
    if elapsed_mark:
        unit = UNIT_WORDS.get(word)
        if unit is None:
            raise DurationError(
                f"'{shown}': unknown elapsed unit 'e{word}' (use em, eh, ed, ew or emo)"
            )
        try:
            amount = Decimal(number.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern only lets numbers in
            raise DurationError(f"'{shown}' is not a duration") from error
        minutes = bounded_minutes(amount * ELAPSED_UNITS[unit], shown)
        return MarkedDuration(minutes, estimated, True)
    plain = f"{number}{word}"
    try:
        minutes = parse_duration(plain, minutes_per_day, default_unit=default_unit)
    except DurationError as error:
        raise DurationError(str(error).replace(f"'{plain}'", f"'{shown}'")) from error
    return MarkedDuration(minutes, estimated, False)
