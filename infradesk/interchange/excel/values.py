"""Tolerant readers for the values planners type into spreadsheets.

Each reader takes one cell value and returns a plain Python value or raises ``ValueError`` with a
message meant for the user ("'abc' is not a duration"). Column-wide decisions (the unit of a bare
number, fractions versus percentages, the 3- or 5-level scale) are made by the callers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from infradesk.interchange.duration_marks import ELAPSED_UNITS
from infradesk.schedule.calendar import (
    FIRST_SUPPORTED_DAY,
    LAST_SUPPORTED_DAY,
    MINUTES_PER_CALENDAR_DAY,
    SUPPORTED_RANGE_TEXT,
)
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY, unit_minutes

# --------------------------------------------------------------------------------------------
# Durations


@dataclass(frozen=True)
class Duration:
    """A duration cell read: working minutes plus what the text said about itself."""

    minutes: int  # working minutes; wall-clock minutes when ``elapsed``
    has_unit: bool  # False for a bare number: the column decides its unit
    estimated: bool = False  # MS Project's ``5d?``
    elapsed: bool = False  # MS Project's ``5ed`` (calendar time: a day is 24 h, a week 7 d)
    amount: float = 0.0  # the number as written, for unit inference




#: No duration or lag can be longer than the calendar's whole range, even working round the
#: clock: anything longer (``1e300``, 301 digits) is refused at its cell.
MAX_DURATION_MINUTES = (
    (LAST_SUPPORTED_DAY - FIRST_SUPPORTED_DAY).days + 1
) * MINUTES_PER_CALENDAR_DAY


def bounded_minutes(minutes: float, shown: str, what: str = "duration") -> int:
    """``minutes`` as an integer, or ``ValueError`` when it is not finite or longer than
    :data:`MAX_DURATION_MINUTES` (no ``OverflowError``, no integer SQLite cannot store)."""
    if not math.isfinite(minutes) or abs(minutes) > MAX_DURATION_MINUTES:
        quoted = f"'{shown}'"
        if len(shown) > 24:  # 301 digits say nothing more than their length
            quoted = f"'{shown[:12]}…' ({len(shown)} characters)"
        raise ValueError(
            f"{quoted} is not a {what} InfraDesk can schedule: it is longer than the "
            f"calendar's whole range ({SUPPORTED_RANGE_TEXT})"
        )
    return round(minutes)


_DURATION_UNITS: dict[str, str] = {}
for _unit, _words in {
    "m": "m min mins minute minutes minuten minuto minutos mn",
    "h": "h hr hrs hour hours std stunde stunden heure heures hora horas",
    "d": "d dy dys day days t tg tag tage tagen j jour jours día dia días dias",
    "w": "w wk wks week weeks wo woche wochen sem semaine semaines semana semanas",
    "mo": "mo mon mons month months mt monat monate mois mes meses",
}.items():
    for _word in _words.split():
        _DURATION_UNITS[_word] = _unit

_DURATION_TEXT_RE = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*(e?)\s*([^\W\d_]*)\.?\s*(\?)?\s*$", re.U
)


def read_duration(value: object, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY) -> Duration | None:
    """``5``, ``5d``, ``5 days``, ``2w``, ``1.5 wks``, ``6h``, ``0.75d``, ``451d?``, ``5ed``,
    ``3 Tage``, ``2 semanas``. ``None`` for an empty cell. A bare number is read as days."""
    if value is None or value == "":
        return None
    if isinstance(value, (bool, date | datetime)):
        raise ValueError(f"'{value}' is not a duration")
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"'{value}' is not a duration")
        shown = _number_text(float(value)) if value < 1e15 else f"{value:g}"
        minutes = bounded_minutes(value * minutes_per_day, shown)
        return Duration(minutes, False, amount=float(value))
    return _duration_text(str(value), minutes_per_day)


@lru_cache(maxsize=4096)
def _duration_text(raw: str, minutes_per_day: int) -> Duration | None:
    """Text durations repeat a lot in a plan ("5 days"): each distinct text is read once."""
    value = raw
    text = raw.strip().lower()
    if text in {"-", "–", "n/a", "na", "tbd"}:
        return None
    match = _DURATION_TEXT_RE.match(text)
    if not match:
        raise ValueError(f"'{str(value).strip()}' is not a duration (try 5d, 2w, 6h)")
    number, elapsed, unit_text, question = match.groups()
    amount = float(number.replace(",", "."))
    if not unit_text:
        if elapsed:  # "5e" is not a thing
            raise ValueError(f"'{str(value).strip()}' is not a duration (try 5d, 2w, 6h)")
        minutes = bounded_minutes(amount * minutes_per_day, raw.strip())
        return Duration(minutes, False, bool(question), amount=amount)
    unit = _DURATION_UNITS.get(unit_text)
    if unit is None and elapsed == "" and unit_text.startswith("e"):
        unit = _DURATION_UNITS.get(unit_text[1:])
        elapsed = "e" if unit else ""
    if unit is None:
        raise ValueError(f"'{str(value).strip()}': unknown unit '{unit_text}' (use h, d, w or mo)")
    per_unit = ELAPSED_UNITS[unit] if elapsed else unit_minutes(unit, minutes_per_day)
    minutes = bounded_minutes(amount * per_unit, raw.strip())
    return Duration(minutes, True, bool(question), bool(elapsed), amount)


# --------------------------------------------------------------------------------------------
# Percentages


def read_percent(value: object) -> tuple[float, bool] | None:
    """A completion value and whether it was explicit (``50%``) rather than a bare number.

    ``0.5`` and ``50`` are both returned as written (0.5 / 50.0); the caller decides per column
    whether bare numbers are fractions. ``None`` for empty cells.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a percentage")
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"'{value}' is not a percentage")
        return float(value), False
    text = str(value).strip().replace("\u00a0", "")
    if text in {"-", "–"}:
        return None
    explicit = text.endswith("%")
    number = text.rstrip("%").strip().replace(",", ".")
    try:
        amount = float(number)
    except ValueError:
        words = {"done": 100.0, "complete": 100.0, "completed": 100.0, "not started": 0.0}
        if text.lower() in words:
            return words[text.lower()], True
        raise ValueError(f"'{text}' is not a percentage") from None
    if amount < 0 or not math.isfinite(amount):
        raise ValueError(f"'{text}' is not a percentage")
    return amount, explicit


# --------------------------------------------------------------------------------------------
# Predecessors


@dataclass(frozen=True)
class LinkRef:
    """One predecessor as written: a row id or WBS code, a type and a lag."""

    ref: str
    type: str = "FS"
    lag_minutes: int = 0
    lag_text: str = ""
    #: MS Project's ``5SS+50%``: the lag is this share (in %) of the predecessor's duration,
    #: which the caller knows; ``lag_minutes`` is 0 then.
    lag_percent: float | None = None


_LINK_RE = re.compile(
    r"^\s*(\d+(?:\.\d+)*)\s*(fs|ss|ff|sf|ea|ad|aa|af|dd|fd|dc|fc|cc|cf|ia|ai|ii|if)?"
    r"\s*(?:([+-])\s*(\d+(?:[.,]\d+)?)\s*(e?)([^\W\d_]*|%)\s*\??)?\s*$",
    re.I | re.U,
)
# German (EA, AA, EE, AE), French (FD, DD, FF, DF), Spanish/Portuguese (FC/CC/FF/CF, TI/II ...)
_TYPE_WORDS = {
    "fs": "FS", "ss": "SS", "ff": "FF", "sf": "SF",
    "ea": "FS", "aa": "SS", "ee": "FF", "ae": "SF",
    "fd": "FS", "dd": "SS", "df": "SF",
    "fc": "FS", "cc": "SS", "cf": "SF",
}  # fmt: skip
_RANGE_RE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")


def read_predecessors(
    value: object, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY
) -> tuple[list[LinkRef], list[str]]:
    """``3``, ``3FS+2d``, ``49SS``, ``11FS-1d``, ``1289,1293SS``, ``2fs``, ``4;5``, ``1 - 15``.

    Returns the links read and one message per part that could not be read.
    """
    if value is None or value == "":
        return [], []
    if isinstance(value, float) and value.is_integer():  # the common case: one row id
        return [LinkRef(str(int(value)))], []
    if isinstance(value, str) and value.isdigit():
        return [LinkRef(value)], []
    if isinstance(value, float):
        text = _number_text(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = str(value)
    links: list[LinkRef] = []
    problems: list[str] = []
    for part in re.split(r"[;,\n]", text):
        if not part.strip():
            continue
        range_match = _RANGE_RE.match(part)
        if range_match and int(range_match.group(2)) > int(range_match.group(1)):
            first, last = int(range_match.group(1)), int(range_match.group(2))
            if last - first <= 1000:
                links.extend(LinkRef(str(n)) for n in range(first, last + 1))
                continue
        match = _LINK_RE.match(part)
        if not match:
            problems.append(f"'{part.strip()}' is not a predecessor (write 3, 3FS+2d or 4SS)")
            continue
        ref, type_text, sign, amount, elapsed, unit_text = match.groups()
        link_type = _TYPE_WORDS.get((type_text or "fs").lower())
        if link_type is None:
            problems.append(f"'{part.strip()}': unknown link type '{type_text}'")
            continue
        lag = 0
        lag_text = ""
        if sign and unit_text == "%":
            share = float(amount.replace(",", "."))
            if elapsed or not math.isfinite(share) or share > 100_000:
                problems.append(f"'{part.strip()}': '{sign}{amount}{elapsed}%' is not a lag")
                continue
            links.append(LinkRef(_clean_ref(ref), link_type, 0, f"{sign}{amount}%",
                                 -share if sign == "-" else share))  # fmt: skip
            continue
        if sign:
            unit = _DURATION_UNITS.get((unit_text or "d").lower())
            if unit is None:
                problems.append(f"'{part.strip()}': unknown lag unit '{unit_text}'")
                continue
            if unit_text.lower() == "" and elapsed:
                unit = "d"
            try:
                lag = bounded_minutes(
                    float(amount.replace(",", ".")) * unit_minutes(unit, minutes_per_day),
                    part.strip(),
                    "lag",
                )
            except ValueError as error:
                problems.append(str(error))
                continue
            if sign == "-":
                lag = -lag
            lag_text = f"{sign}{amount}{elapsed}{unit_text or 'd'}"
        links.append(LinkRef(_clean_ref(ref), link_type, lag, lag_text))
    return links, problems


def _clean_ref(ref: str) -> str:
    return ref.strip()


def _number_text(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    return clean_float(value)


# --------------------------------------------------------------------------------------------
# WBS / outline numbers


def clean_float(value: float) -> str:
    """``1.1000000000000001`` -> ``1.1``: the shortest text that a human typed."""
    return format(Decimal(repr(round(value, 9))).normalize(), "f")


def read_wbs(value: object) -> tuple[str, str | None]:
    """A WBS / outline number as text and a warning when Excel had mangled it.

    Floats lose their artefacts (``1.1000000000000001`` -> ``1.1``); integers keep no ``.0``;
    a date that Excel made of ``1.2`` or ``1.2.3`` (German or French locale) is turned back.
    """
    if value is None or value == "":
        return "", None
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, float):
        return (_number_text(value)), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, datetime | date):
        day = value.day
        month = value.month
        year = value.year
        text = f"{day}.{month}"
        if year != datetime.now().year and 2000 <= year <= 2099:
            text += f".{year - 2000}"
        return text, f"'{text}' had been turned into a date by Excel; read as WBS {text}"
    text = str(value).strip().rstrip(".")
    return text, None


def wbs_parts(text: str) -> list[str] | None:
    """``1.2.3`` -> [1, 2, 3] as texts; None when the text is no outline number."""
    if not text or not re.fullmatch(r"[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*", text):
        return None
    return text.split(".")


# --------------------------------------------------------------------------------------------
# Probability / impact


_LEVEL_WORDS: dict[str, int] = {}
for _level, _words in {
    1: (
        "very low|very unlikely|rare|remote|improbable|negligible|insignificant|minimal|"
        "sehr niedrig|sehr gering|unwahrscheinlich|très faible|tres faible|très bas|"
        "muy bajo|muy baja|muito baixo|muito baixa|raro|rara|vl"
    ),
    2: (
        "low|unlikely|minor|niedrig|gering|faible|bas|basse|bajo|baja|baixo|baixa|"
        "improbable|l|poco probable|pouco provável"
    ),
    3: (
        "medium|moderate|possible|mid|average|mittel|moyen|moyenne|modéré|modere|medio|media|"
        "médio|média|moderado|moderada|possível|posible|m|med"
    ),
    4: (
        "high|likely|probable|major|significant|serious|hoch|wahrscheinlich|élevé|eleve|"
        "élevée|haut|haute|alto|alta|provável|probable|grave|h|hi"
    ),
    5: (
        "very high|almost certain|certain|very likely|critical|severe|catastrophic|extreme|"
        "sehr hoch|fast sicher|kritisch|très élevé|tres eleve|très haut|critique|muy alto|"
        "muy alta|casi seguro|crítico|critico|muito alto|muito alta|quase certo|vh"
    ),
}.items():
    for _word in _words.split("|"):
        _LEVEL_WORDS.setdefault(_word, _level)


def read_level(value: object) -> int | None:
    """Probability or impact on the 1..5 scale from ``4``, ``H``, ``High``, ``70%``,
    ``0.7``, ``Almost certain``, ``High (3)`` or ``Very Low``. ``None`` for empty cells."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a level")
    if isinstance(value, int | float):
        return _level_from_number(float(value), str(value))
    text = " ".join(str(value).strip().lower().split())
    if not text or text in {"-", "n/a", "tbd"}:
        return None
    if text.endswith("%"):
        try:
            return _level_from_percent(float(text[:-1].replace(",", ".")))
        except ValueError:
            pass
    try:
        return _level_from_number(float(text.replace(",", ".")), text)
    except ValueError:
        pass
    words = re.sub(r"\(.*?\)|[-–:]\s*\d+$|^\d+\s*[-–:.]\s*", "", text).strip()
    for candidate in (text, words, words.replace("-", " ")):
        if candidate in _LEVEL_WORDS:
            return _LEVEL_WORDS[candidate]
    raise ValueError(f"'{value}' is not a level (use 1-5, L/M/H or words like 'likely')")


def _level_from_number(number: float, shown: str) -> int:
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"'{shown}' is not a level")
    if 0 < number < 1:
        return _level_from_percent(number * 100)
    if number <= 5 and number.is_integer() and number >= 1:
        return int(number)
    if 10 < number <= 100:
        return _level_from_percent(number)
    raise ValueError(f"'{shown}' is not a level (use 1-5, L/M/H or a percentage like 70%)")


def _level_from_percent(percent: float) -> int:
    """Bands 0-10, 10-30, 30-50, 50-70, 70-100 % -> 1..5 (a common PMO convention)."""
    if percent < 0 or percent > 100:
        raise ValueError(f"'{percent}%' is not a probability")
    for limit, level in ((10, 1), (30, 2), (50, 3), (70, 4)):
        if percent <= limit:
            return level
    return 5


# --------------------------------------------------------------------------------------------
# Plain values


def read_text(value: object) -> str:
    """Any cell as clean text: floats without ``.0``, dates as ISO, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return _number_text(value) if math.isfinite(value) else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_TRUE = {
    "yes",
    "y",
    "true",
    "x",
    "1",
    "ja",
    "j",
    "oui",
    "sí",
    "si",
    "sim",
    "✓",
    "✔",
    "wahr",
    "vrai",
}
_FALSE = {"no", "n", "false", "0", "nein", "non", "não", "nao", "falsch", "faux", "-", ""}


def read_bool(value: object) -> bool | None:
    """``yes/no``, ``x``, ``TRUE``, ``1``, ``ja``... None when the value is not a yes/no."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value) if value in (0, 1) else None
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


MAX_MONEY = Decimal("999999999999.99")


def read_money(value: object) -> str | None:
    """A money amount as a decimal string with two places (``12345.00``); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not an amount")
    if isinstance(value, int | float):
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = re.sub(r"[^\d,.\-]", "", str(value))
        if not text:
            raise ValueError(f"'{value}' is not an amount")
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif "," in text:
            _head, _, tail = text.rpartition(",")
            text = text.replace(",", ".") if len(tail) != 3 else text.replace(",", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"'{value}' is not an amount") from None
    if not amount.is_finite() or abs(amount) > MAX_MONEY:
        raise ValueError(f"'{value}' is not an amount InfraDesk keeps (at most 999 billion)")
    return str(amount.quantize(Decimal("0.01")))


def read_int(value: object) -> int | None:
    """A whole number from ``30``, ``30.0``, ``30 days``; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"'{value}' is not a number")
        if isinstance(value, float) and not value.is_integer():
            return round(value)
        return int(value)
    match = re.match(r"^\s*(-?\d+(?:[.,]\d+)?)", str(value))
    if not match:
        raise ValueError(f"'{value}' is not a number")
    number = float(match.group(1).replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not a number InfraDesk keeps")
    return round(number)
