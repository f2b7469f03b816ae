"""The workspace's resource pool read as plain rows, and the few writes other services share.

Everything here takes a session (the caller owns the transaction); :mod:`.view` wraps the
reads in one read transaction each for the Resources tab. ``find_resource`` and
``create_resource`` are the shared door for the assignment services and the importers, so a
name typed in the Gantt's Assigned cell and one read from a file meet the same resource.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Assignment, BaseCalendar, Project, Resource, ResourceDay, Task, Vendor
from infradesk.model.resource import ALL_HOURS_CALENDAR, RESOURCE_KINDS

MAX_NAME = 200
# the Assigned cell separates names with ";" or "," and puts units in brackets
_FORBIDDEN = re.compile(r"[;,\[\]]")


class ResourceEditError(UserError, ValueError):
    """An edit of the pool was refused; the message is for the user."""


@dataclass(frozen=True)
class ResourceRow:
    """One resource as the sheet and the other views show it."""

    id: int
    name: str
    kind: str
    role: str
    email: str
    team: str
    vendor_id: int | None
    vendor_name: str
    max_units: float
    rate_per_hour: Decimal
    cost_per_use: Decimal
    material_label: str
    calendar_id: int | None
    calendar_name: str
    notes: str


@dataclass(frozen=True)
class CalendarRow:
    """A base calendar with how many resources and tasks use it."""

    id: int
    name: str
    working_weekdays: str
    working_hours: str
    resources: int
    tasks: int

    @property
    def built_in(self) -> bool:
        """The round-the-clock calendar every workspace has: it cannot be changed or deleted."""
        return self.name == ALL_HOURS_CALENDAR


@dataclass(frozen=True)
class DayRow:
    """A dated deviation of one resource's time (leave, or other hours that day)."""

    id: int
    resource_id: int
    day: date
    kind: str
    name: str
    working_hours: str


def _key(name: str) -> str:
    return name.strip().casefold()


def resource_rows(session: Session) -> list[ResourceRow]:
    """Every resource of the workspace, by name (case-insensitive)."""
    vendors = dict(session.execute(select(Vendor.id, Vendor.name)).all())
    calendars = dict(session.execute(select(BaseCalendar.id, BaseCalendar.name)).all())
    rows = [
        ResourceRow(
            id=r.id,
            name=r.name,
            kind=r.kind,
            role=r.role,
            email=r.email,
            team=r.team,
            vendor_id=r.vendor_id,
            vendor_name=vendors.get(r.vendor_id, "") if r.vendor_id is not None else "",
            max_units=r.max_units,
            rate_per_hour=r.rate_per_hour,
            cost_per_use=r.cost_per_use,
            material_label=r.material_label,
            calendar_id=r.calendar_id,
            calendar_name=calendars.get(r.calendar_id, "") if r.calendar_id is not None else "",
            notes=r.notes,
        )
        for r in session.scalars(select(Resource))
    ]
    return sorted(rows, key=lambda row: (row.name.casefold(), row.id))


def find_resource(session: Session, name: str) -> Resource | None:
    """The resource called ``name``, ignoring case and surrounding blanks."""
    key = _key(name)
    if not key:
        return None
    # SQLite's lower() folds ASCII only: compare in Python for the rest (a pool is small)
    for resource in session.scalars(
        select(Resource).where(func.lower(func.trim(Resource.name)) == key)
    ):
        return resource
    for resource in session.scalars(select(Resource)):
        if _key(resource.name) == key:
            return resource
    return None


def check_resource_name(session: Session, name: str, except_id: int | None = None) -> str:
    """``name`` trimmed, or :class:`ResourceEditError` saying why it cannot name a resource."""
    text = " ".join(str(name if name is not None else "").split())
    if not text:
        raise ResourceEditError("A resource needs a name.")
    if len(text) > MAX_NAME:
        raise ResourceEditError(f"A resource name has at most {MAX_NAME} characters.")
    if _FORBIDDEN.search(text):
        raise ResourceEditError(
            f"'{text}': a resource name cannot hold ; , [ or ] (the Assigned column "
            "separates names with them)."
        )
    clash = find_resource(session, text)
    if clash is not None and clash.id != except_id:
        raise ResourceEditError(f"There is already a resource named '{clash.name}'.")
    return text


def create_resource(session: Session, name: str, kind: str = "work") -> Resource:
    """Add a resource called ``name`` (checked: not empty, unique ignoring case) to the pool."""
    if kind not in RESOURCE_KINDS:
        raise ResourceEditError(f"Type must be one of: {', '.join(RESOURCE_KINDS)}.")
    resource = Resource(name=check_resource_name(session, name), kind=kind)
    session.add(resource)
    session.flush()
    return resource


def next_resource_name(session: Session, stem: str = "Resource") -> str:
    """``Resource 1``, ``Resource 2``...: the first such name not in the pool."""
    taken = {_key(n) for n in session.scalars(select(Resource.name))}
    number = 1
    while _key(f"{stem} {number}") in taken:
        number += 1
    return f"{stem} {number}"


def vendor_choices(session: Session) -> list[tuple[int, str]]:
    """(vendor id, label) for a crew's Vendor column: every project's vendors, the project
    named when two projects have a vendor of the same name."""
    rows = session.execute(
        select(Vendor.id, Vendor.name, Project.name)
        .join(Project, Project.id == Vendor.project_id)
        .order_by(Vendor.name, Project.name)
    ).all()
    counts: dict[str, int] = {}
    for _id, name, _project in rows:
        counts[_key(name)] = counts.get(_key(name), 0) + 1
    return [
        (vendor_id, f"{name} ({project})" if counts[_key(name)] > 1 else name)
        for vendor_id, name, project in rows
    ]


def calendar_rows(session: Session) -> list[CalendarRow]:
    """The workspace's base calendars, "24 Hours" first, then by name."""
    resources = dict(
        session.execute(
            select(Resource.calendar_id, func.count())
            .where(Resource.calendar_id.is_not(None))
            .group_by(Resource.calendar_id)
        )
        .all()
    )
    tasks = dict(
        session.execute(
            select(Task.calendar_id, func.count())
            .where(Task.calendar_id.is_not(None))
            .group_by(Task.calendar_id)
        )
        .all()
    )
    rows = [
        CalendarRow(
            c.id,
            c.name,
            c.working_weekdays,
            c.working_hours,
            resources.get(c.id, 0),
            tasks.get(c.id, 0),
        )
        for c in session.scalars(select(BaseCalendar))
    ]
    return sorted(rows, key=lambda row: (not row.built_in, row.name.casefold()))


def calendar_choices(session: Session) -> list[tuple[int, str]]:
    """(calendar id, name) for a resource's Calendar column."""
    return [(row.id, row.name) for row in calendar_rows(session)]


def day_rows(session: Session, resource_id: int) -> list[DayRow]:
    """One resource's leave and other-hours days, by date."""
    return [
        DayRow(d.id, d.resource_id, d.day, d.kind, d.name, d.working_hours)
        for d in session.scalars(
            select(ResourceDay)
            .where(ResourceDay.resource_id == resource_id)
            .order_by(ResourceDay.day)
        )
    ]


def assignment_counts(session: Session, resource_ids: set[int] | None = None) -> dict[int, int]:
    """Resource id -> how many task assignments it has (all projects)."""
    query = select(Assignment.resource_id, func.count()).group_by(Assignment.resource_id)
    if resource_ids is not None:
        query = query.where(Assignment.resource_id.in_(resource_ids))
    return dict(session.execute(query).all())


def projects_of_resources(session: Session, resource_ids: set[int]) -> set[int]:
    """The projects with a task assigned to one of ``resource_ids``."""
    if not resource_ids:
        return set()
    return set(
        session.scalars(
            select(Task.project_id)
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Assignment.resource_id.in_(resource_ids))
            .distinct()
        )
    )
