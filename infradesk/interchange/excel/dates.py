"""Dates as spreadsheets hold them: real Excel dates, serial numbers, or text in any common form.

Text dates like ``03/04/2025`` are ambiguous. The order of day and month is decided per column
from all its values (:func:`decide_order`): one value with a first part above 12 proves
day-first, one with a second part above 12 proves month-first, a weekday name that only
matches one reading decides too. A column that stays ambiguous is reported by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal

from infradesk.errors import UserError

Order = Literal["dmy", "mdy"]

EXCEL_EPOCH = datetime(1899, 12, 30)
# Serial numbers accepted as dates: 1954-10-... to 2118-...
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000


class DateError(UserError, ValueError):
    """The text is not a date; the message is meant for the user."""


_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan januar janv janvier enero ene janeiro jänner jän",
        "february feb februar fev fevr février fevrier febrero fevereiro",
        "march mar mär märz maerz mars marzo março marco",
        "april apr avr avril abril abr",
        "may mai mayo maio",
        "june jun juni juin junio junho",
        "july jul juli juil juillet julio julho",
        "august aug août aout agosto ago",
        "september sep sept septembre septiembre setiembre setembro set",
        "october oct okt oktober octobre octubre outubro out",
        "november nov novembre noviembre novembro",
        "december dec dez dezember déc décembre decembre diciembre dic dezembro",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "monday mon mo montag lundi lun lunes segunda seg",
        "tuesday tue tues di dienstag mardi mar martes terça terca ter",
        "wednesday wed mi mittwoch mercredi mer miércoles miercoles mié mie quarta qua",
        "thursday thu thur thurs do donnerstag jeudi jeu jueves jue quinta qui",
        "friday fri fr freitag vendredi ven viernes vie sexta sex",
        "saturday sat sa samstag samedi sam sábado sabado sáb sab",
        "sunday sun so sonntag dimanche dim domingo dom",
    ]
):
    for _name in _names.split():
        _WEEKDAYS.setdefault(_name, _number)

_TIME_RE = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?)?"
_ISO_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME_RE + r"\s*$", re.I)
_NUMERIC_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})" + _TIME_RE + r"\s*$", re.I)
_WORD_RE = re.compile(r"[^\W\d_]+\.?", re.U)
_LEADING_WEEKDAY_RE = re.compile(r"^([^\W\d_]+)\.?,?\s+(?=\d)", re.U)


def from_serial(serial: float) -> datetime:
    """An Excel serial day number (1900 system) as a datetime, rounded to the minute."""
    value = EXCEL_EPOCH + timedelta(days=float(serial))
    return _round_minute(value)


def _round_minute(value: datetime) -> datetime:
    if value.second >= 30:
        value += timedelta(minutes=1)
    return value.replace(second=0, microsecond=0)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _clock(match: re.Match[str], first_group: int) -> time | None:
    hour_text = match.group(first_group)
    if hour_text is None:
        return None
    hour, minute = int(hour_text), int(match.group(first_group + 1))
    meridian = (match.group(first_group + 3) or "").lower().replace(".", "")
    if meridian == "pm" and hour < 12:
        hour += 12
    elif meridian == "am" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        hour, minute = 23, 59
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise DateError("bad time")
    return time(hour, minute)


def _split_weekday(text: str) -> tuple[int | None, str]:
    """``Mon 2/17/25`` -> (0, ``2/17/25``); a weekday prefix is removed and remembered."""
    match = _LEADING_WEEKDAY_RE.match(text)
    if match:
        word = match.group(1).lower()
        if word in _WEEKDAYS and word not in _MONTHS:
            return _WEEKDAYS[word], text[match.end() :]
    return None, text


def numeric_parts(text: str) -> tuple[int, int] | None:
    """The two leading numbers of an a/b/y text date, or None when it is not one."""
    _, rest = _split_weekday(text.strip())
    match = _NUMERIC_RE.match(rest)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def decide_order(texts: Iterable[str]) -> tuple[Order | None, bool]:
    """Day/month order that fits all the ``a/b/y`` texts of a column.

    Returns (order, conflict): order is None when nothing decides it; conflict is True when
    some values prove day-first and others month-first.
    """
    day_first = month_first = False
    for text in texts:
        weekday, rest = _split_weekday(text.strip())
        match = _NUMERIC_RE.match(rest)
        if not match:
            continue
        a, b = int(match.group(1)), int(match.group(2))
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            month_first = True
        elif weekday is not None and a != b:
            year = _year(match.group(3))
            fits_dmy = _weekday_of(year, b, a) == weekday
            fits_mdy = _weekday_of(year, a, b) == weekday
            if fits_dmy and not fits_mdy:
                day_first = True
            elif fits_mdy and not fits_dmy:
                month_first = True
    if day_first and month_first:
        return None, True
    if day_first:
        return "dmy", False
    if month_first:
        return "mdy", False
    return None, False


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def parse_date(
    value: object, order: Order = "dmy", *, default_time: time = time(0, 0)
) -> datetime | None:
    """Read one cell as a datetime; ``None`` for an empty cell; :class:`DateError` otherwise.

    ``default_time`` is used for values that carry no time of day.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # a date-time cell: its time is meant, even 00:00
        return _round_minute(value)
    if isinstance(value, date):
        return datetime.combine(value, default_time)
    if isinstance(value, bool):
        raise DateError(f"'{value}' is not a date")
    if isinstance(value, int | float):
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            result = from_serial(value)
            if result.time() == time(0, 0):
                result = datetime.combine(result.date(), default_time)
            return result
        raise DateError(f"'{_show(value)}' is not a date")
    if isinstance(value, time | timedelta):
        raise DateError(f"'{value}' is a time of day, not a date")
    text = " ".join(str(value).split())
    if not text or text in {"-", "–", "n/a", "N/A", "NA", "tbd", "TBD", "TBC"}:
        return None
    try:
        found = _parse_text(text, order)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        raise DateError(f"'{text}' is not a date")
    parsed, has_time = found
    if not has_time:
        parsed = datetime.combine(parsed.date(), default_time)
    return parsed


@lru_cache(maxsize=8192)
def _parse_text(text: str, order: Order) -> tuple[datetime, bool] | None:
    """One text date (a plan repeats its dates: each distinct text is read once)."""
    weekday, rest = _split_weekday(text)
    match = _ISO_RE.match(rest)
    if match:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        clock = _clock(match, 4)
        return _combine(day, clock, weekday)
    match = _NUMERIC_RE.match(rest)
    if match:
        a, b, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        day_, month = (a, b) if order == "dmy" else (b, a)
        if month > 12 and day_ <= 12:  # the value itself proves the other order
            day_, month = month, day_
        clock = _clock(match, 4)
        return _combine(date(year, month, day_), clock, weekday)
    return _parse_words(rest, weekday)


def _combine(day: date, clock: time | None, weekday: int | None) -> tuple[datetime, bool]:
    if weekday is not None and day.weekday() != weekday:
        raise DateError("weekday does not match")
    return datetime.combine(day, clock or time(0, 0)), clock is not None


_TIME_ANYWHERE_RE = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?", re.I)


def _parse_words(text: str, weekday: int | None) -> tuple[datetime, bool] | None:
    """``February 17, 2025 8:00``, ``17 Feb 2025``, ``17-Feb-25``, ``17. März 2025``,
    ``17 de febrero de 2025``."""
    clock: time | None = None
    time_match = _TIME_ANYWHERE_RE.search(text)
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        meridian = (time_match.group(3) or "").lower().replace(".", "")
        if meridian == "pm" and hour < 12:
            hour += 12
        elif meridian == "am" and hour == 12:
            hour = 0
        clock = time(hour, minute)
        text = text[: time_match.start()] + text[time_match.end() :]
    month: int | None = None
    numbers: list[str] = []
    for token in re.split(r"[\s,./-]+", text.lower()):
        token = token.strip(".")
        if not token or token in {"de", "del", "the", "of", "le", "der", "den"}:
            continue
        if token.isdigit():
            numbers.append(token)
            continue
        token = re.sub(r"(st|nd|rd|th|er|º|°)$", "", token) if token[:1].isdigit() else token
        if token.isdigit():
            numbers.append(token)
        elif token in _MONTHS and month is None:
            month = _MONTHS[token]
        elif token in _WEEKDAYS and weekday is None:
            weekday = _WEEKDAYS[token]
        else:
            return None
    if month is None or len(numbers) != 2:
        return None
    first, second = numbers
    if len(first) == 4:
        year, day_ = int(first), int(second)
    else:
        day_, year = int(first), _year(second)
    return _combine(date(year, month, day_), clock, weekday)


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def iso_minute(value: datetime | None) -> str | None:
    """``2026-01-05T08:00`` as the interchange document writes date-times."""
    return value.isoformat(timespec="minutes") if value else None


# --------------------------------------------------------------------------------------------
# Times of day on a 12-hour clock without AM/PM (issue 16, point 2)

_MERIDIAN_RE = re.compile(r"\d\s*[ap]\.?\s?m\b\.?", re.I)


def day_span(hours: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """The first and last working minute of a day with these (start, end) hours; 8:00-17:00
    when there are none."""
    pairs = list(hours)
    if not pairs:
        return 8 * 60, 17 * 60
    return min(start for start, _ in pairs), max(end for _, end in pairs)


def reads_24_hour(text: str, value: datetime) -> bool:
    """Whether a text date-time proves its column writes a 24-hour clock (``13:00``,
    ``0:30`` without AM/PM)."""
    return (value.hour >= 13 or value.hour == 0) and ":" in text and not _MERIDIAN_RE.search(text)


def afternoon(text: str, value: datetime, span: tuple[int, int]) -> datetime | None:
    """The afternoon reading of a time written without AM/PM that only makes sense as PM:
    ``February 5, 2026 1:00`` is 13:00 when 01:00 is outside the working day and 13:00 inside.
    None when the time is not such a time (a morning hour, or AM/PM written)."""
    if not 1 <= value.hour <= 11:
        return None
    first, last = span
    minute = value.hour * 60 + value.minute
    if first <= minute <= last or not first <= minute + 720 <= last:
        return None
    if ":" not in text or _MERIDIAN_RE.search(text):
        return None
    return value + timedelta(hours=12)
