"""How text typed into the resource sheet, the leave dialog and the base calendars dialog
becomes a stored value, or a :class:`ResourceEditError` saying what and where.

Max units are typed as MS Project shows them (``50%``, ``300%``) or as a multiple (``0.5``,
``3``: a crew of three); money reuses the Vendors tab's reading (``1,250.50``, ``€ 85``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import BaseCalendar, Resource, Vendor
from infradesk.model.resource import RESOURCE_KINDS
from infradesk.schedule.calendar import format_hours, parse_hours
from infradesk.services.resources.pool import ResourceEditError, check_resource_name
from infradesk.services.vendors.fields import parse_date, parse_money

#: editable resource columns -> their label (what a refusal names)
RESOURCE_FIELDS = {
    "name": "Name",
    "kind": "Type",
    "role": "Role",
    "email": "E-mail",
    "team": "Team",
    "vendor_id": "Vendor",
    "max_units": "Max units",
    "rate_per_hour": "Rate per hour",
    "cost_per_use": "Cost per use",
    "material_label": "Material label",
    "calendar_id": "Calendar",
    "notes": "Notes",
}
#: the resource types, for the views (which never import the model)
KINDS = RESOURCE_KINDS
_TEXT_LIMITS = {"role": 200, "team": 200, "email": 200, "material_label": 40}
#: a bare number up to this is a multiple (0.5 = 50%, 3 = a crew of three); above, a percent
_MULTIPLE_UP_TO = 10.0
MAX_UNITS_LIMIT = 100.0  # 10,000%: a crew of a hundred
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DAY_KINDS = ("leave", "exception")
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_KEYS = {
    **{name.lower(): n for n, name in enumerate(WEEKDAY_NAMES)},
    **{
        full: n
        for n, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{short: n for n, short in enumerate(("mo", "tu", "we", "th", "fr", "sa", "su"))},
}


def parse_max_units(value: Any) -> float:
    """``50%`` -> 0.5; ``300%`` -> 3.0; ``0.5`` -> 0.5; ``3`` -> 3.0; ``150`` -> 1.5."""
    raw = str(value if value is not None else "").strip()
    text = raw.replace(" ", "").replace(",", ".")
    percent = text.endswith("%")
    text = text.rstrip("%")
    try:
        number = float(text)
    except ValueError:
        raise ResourceEditError(
            f"Max units: '{raw}' is not a number; write 100% for one full-time person, 50% "
            "for half time, 300% for a crew of three."
        ) from None
    if number != number or number in (float("inf"), float("-inf")):  # NaN, infinity
        raise ResourceEditError(f"Max units: '{raw}' is not a number.")
    units = number / 100.0 if percent or number > _MULTIPLE_UP_TO else number
    if units <= 0:
        raise ResourceEditError("Max units must be more than 0% (100% is one full-time person).")
    if units > MAX_UNITS_LIMIT:
        raise ResourceEditError(f"Max units can be at most {MAX_UNITS_LIMIT * 100:,.0f}%.")
    return round(units, 4)


def format_max_units(units: float) -> str:
    """0.5 -> ``50%``; 3.0 -> ``300%``; 0.125 -> ``12.5%``."""
    return f"{units * 100:.2f}".rstrip("0").rstrip(".") + "%"


def format_work(minutes: int) -> str:
    """Work in hours, as MS Project's Work column: 2400 -> ``40 h``; 90 -> ``1.5 h``; none
    -> empty."""
    if not minutes:
        return ""
    return f"{minutes / 60:,.2f}".rstrip("0").rstrip(".") + " h"


def _money(value: Any, label: str) -> Decimal:
    text = str(value if value is not None else "").strip()
    text = re.sub(r"\s*/\s*(h|hr|hour|use)\s*$", "", text, flags=re.IGNORECASE)
    try:
        return parse_money(text if not isinstance(value, (Decimal, int)) else value, label)
    except UserError as error:
        raise ResourceEditError(str(error)) from None


def _text(value: Any, label: str, limit: int | None) -> str:
    text = str(value if value is not None else "").strip()
    if limit is not None and len(text) > limit:
        raise ResourceEditError(f"{label} has at most {limit} characters.")
    return text


def _reference(
    session: Session, table: type[Vendor] | type[BaseCalendar], value: Any, label: str, what: str
) -> int | None:
    """A vendor or base calendar given by id or by name (trimmed, ignoring case)."""
    if value in (None, "", 0):
        return None
    if isinstance(value, int):
        if session.get(table, value) is None:
            raise ResourceEditError(f"{label}: that {what} no longer exists.")
        return value
    name = str(value).strip().casefold()
    for row_id, row_name in session.execute(select(table.id, table.name)):
        if row_name.strip().casefold() == name:
            return int(row_id)
    raise ResourceEditError(f"{label}: there is no {what} named '{value}'.")


def _vendor(session: Session, value: Any) -> int | None:
    return _reference(session, Vendor, value, "Vendor", "vendor")


def _calendar(session: Session, value: Any) -> int | None:
    if str(value or "").strip().casefold() in ("project", "project calendar", "(project calendar)"):
        return None
    return _reference(session, BaseCalendar, value, "Calendar", "base calendar")


def parse_resource_value(session: Session, resource: Resource, field: str, value: Any) -> Any:
    """The stored value for ``value`` typed into ``field`` of ``resource``."""
    label = RESOURCE_FIELDS.get(field)
    if label is None:
        raise ResourceEditError(f"'{field}' of a resource cannot be edited.")
    if field == "name":
        return check_resource_name(session, str(value or ""), except_id=resource.id)
    if field == "kind":
        kind = str(value or "").strip().lower()
        if kind not in RESOURCE_KINDS:
            raise ResourceEditError(f"Type must be one of: {', '.join(RESOURCE_KINDS)}.")
        return kind
    if field == "email":
        text = _text(value, label, _TEXT_LIMITS["email"])
        if text and not _EMAIL.match(text):
            raise ResourceEditError(f"'{text}' is not an e-mail address (name@example.com).")
        return text
    if field == "max_units":
        return parse_max_units(value)
    if field in ("rate_per_hour", "cost_per_use"):
        return _money(value, label)
    if field == "vendor_id":
        return _vendor(session, value)
    if field == "calendar_id":
        return _calendar(session, value)
    return _text(value, label, _TEXT_LIMITS.get(field))


# --------------------------------------------------------------------------- days


def parse_day(value: Any, label: str = "Date") -> date:
    """A required date (``2026-03-31``, ``31.03.2026``, ``31/03/2026``)."""
    try:
        day = parse_date(value, label)
    except UserError as error:
        raise ResourceEditError(str(error)) from None
    if day is None:
        raise ResourceEditError(f"{label} cannot be empty.")
    return day


def parse_day_kind(value: Any) -> str:
    kind = str(value or "").strip().lower()
    if kind in ("holiday", "vacation", "off", "absence"):
        kind = "leave"
    if kind in ("other hours", "working", "work", "hours"):
        kind = "exception"
    if kind not in DAY_KINDS:
        raise ResourceEditError("A day is either leave or other working hours.")
    return kind


def parse_day_hours(value: Any) -> str:
    """A day's working hours (``08:00-12:00``), normalised; empty is refused (that is leave)."""
    text = str(value or "").strip()
    try:
        hours = parse_hours(text, "Working hours")
    except UserError as error:
        raise ResourceEditError(str(error)) from None
    if not hours:
        raise ResourceEditError(
            "Working hours cannot be empty on a day with other hours (make it leave instead)."
        )
    return format_hours(hours)


# --------------------------------------------------------------------------- base calendars


def parse_weekdays_text(value: Any) -> str:
    """``Mon-Fri``, ``Mon,Tue,Wed``, ``Mo We Fr``, ``0,1,2,3,4`` -> ``"0,1,2,3,4"``."""
    raw = str(value if value is not None else "").strip()
    days: set[int] = set()
    for part in re.split(r"[,;\s]+", re.sub(r"\s*-\s*", "-", raw.lower())):
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            start, end = _weekday(first, raw), _weekday(last, raw)
            number = start
            days.add(number)
            while number != end:
                number = (number + 1) % 7
                days.add(number)
        else:
            days.add(_weekday(part, raw))
    if not days:
        raise ResourceEditError("Working days: a calendar needs at least one working day.")
    return ",".join(str(d) for d in sorted(days))


def _weekday(part: str, raw: str) -> int:
    part = part.strip().rstrip(".")
    if part.isdigit() and 0 <= int(part) <= 6:
        return int(part)
    found = _WEEKDAY_KEYS.get(part)
    if found is None:
        raise ResourceEditError(
            f"Working days: '{raw}' is not a list of weekdays; write Mon-Fri or Mon,Tue,Wed."
        )
    return found


def weekdays_label(stored: str) -> str:
    """``"0,1,2,3,4"`` -> ``Mon-Fri``; ``"0,2,4"`` -> ``Mon, Wed, Fri``; all -> ``Mon-Sun``."""
    try:
        days = sorted({int(p) for p in stored.split(",") if p.strip()})
    except ValueError:
        return stored
    if not days:
        return ""
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{WEEKDAY_NAMES[days[0]]}-{WEEKDAY_NAMES[days[-1]]}"
    return ", ".join(WEEKDAY_NAMES[d] for d in days)


def parse_calendar_hours(value: Any) -> str:
    """A base calendar's daily hours, normalised (``08:00-12:00,13:00-17:00``)."""
    text = str(value or "").strip()
    try:
        hours = parse_hours(text, "Working hours")
    except UserError as error:
        raise ResourceEditError(str(error)) from None
    if not hours:
        raise ResourceEditError("Working hours: a calendar needs some working hours.")
    return format_hours(hours)
