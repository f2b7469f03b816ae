"""MSPDI units and codes: xsd:durations, date-times, duration/lag format families, link and
constraint types.

* ``Duration`` is an xsd:duration of *working* time (``PT16H0M0S``); it becomes working minutes.
* ``LinkLag`` is in tenths of a minute of working time, except when ``LagFormat`` says the lag is
  *elapsed* (then tenths of elapsed minutes, converted with the calendar's share of working
  time in a week) or *percent* (then the number is a percentage of the predecessor's duration,
  converted to minutes of that duration). Every such conversion is reported.
* Link ``Type``: 0 = FF, 1 = FS, 2 = SF, 3 = SS.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from infradesk.interchange.document import ConstraintType, LinkType
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY

KIND = "MS Project XML"

LINK_TYPES: dict[int, LinkType] = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}

# Duration/lag format codes (the "estimated" variants add 32; 53 is "days?" as written by
# Project 2010+). Only the family matters here.
WORKING_FORMATS = {3, 5, 7, 9, 11, 35, 37, 39, 41, 43, 53}
ELAPSED_FORMATS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
PERCENT_FORMATS = {19, 51}
ELAPSED_PERCENT_FORMATS = {20, 52}
# MS Project's PjFormatUnit: a working unit + 1 is its elapsed unit, + 32 its estimated one
ESTIMATED_FORMATS = {35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 51, 52, 53}

#: MSPDI ConstraintType codes -> readable names.
CONSTRAINT_NAMES = {
    0: "As soon as possible",
    1: "As late as possible",
    2: "Must start on",
    3: "Must finish on",
    4: "Start no earlier than",
    5: "Start no later than",
    6: "Finish no earlier than",
    7: "Finish no later than",
}
#: The document's constraint type of each MS Project ``ConstraintType`` number, and back.
CONSTRAINT_TYPES: dict[int, ConstraintType] = {
    0: "ASAP", 1: "ALAP", 2: "MSO", 3: "MFO", 4: "SNET", 5: "SNLT", 6: "FNET", 7: "FNLT",
}  # fmt: skip
CONSTRAINT_CODES: dict[str, int] = {kind: code for code, kind in CONSTRAINT_TYPES.items()}

#: The custom field alias under which the writer stores InfraDesk's production-change flag.
PRODUCTION_CHANGE_ALIAS = "Production change"
TRUE_TEXTS = {"1", "yes", "true", "ja", "oui", "sí", "si"}
ELAPSED_MINUTES_PER_WEEK = 7 * 24 * 60

_DURATION_RE = re.compile(
    r"^(?P<sign>-)?P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


@lru_cache(maxsize=4096)  # a plan repeats a few durations (PT8H0M0S) thousands of times
def parse_xsd_duration(
    value: str, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY, days_per_month: int = 20
) -> float | None:
    """Minutes in an MSPDI xsd:duration (``PT8H30M0S``); ``None`` when it is not one.

    MS Project writes hours; days and months (written by other tools) count as working days
    of ``minutes_per_day`` and months of ``days_per_month`` such days.
    """
    match = _DURATION_RE.match(value.strip())
    if not match or value.strip() in {"P", "PT", "-P"}:
        return None
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items() if k != "sign"}
    minutes = (
        parts["y"] * 12 * days_per_month * minutes_per_day
        + parts["mo"] * days_per_month * minutes_per_day
        + parts["d"] * minutes_per_day
        + parts["h"] * 60
        + parts["mi"]
        + parts["s"] / 60
    )
    return -minutes if match.group("sign") else minutes


def parse_datetime(value: str) -> datetime | None:
    """An MSPDI date-time to the minute, without time zone; ``None`` when empty or unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None, second=0, microsecond=0)


def elapsed_text(minutes: float) -> str:
    """``2880`` -> ``2 elapsed day(s)``: how an elapsed lag is named in a warning."""
    if minutes % 1440 == 0:
        return f"{minutes / 1440:g} elapsed day(s)"
    if minutes % 60 == 0:
        return f"{minutes / 60:g} elapsed hour(s)"
    return f"{minutes:g} elapsed minute(s)"
