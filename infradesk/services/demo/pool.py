"""The demo's resource pool: the people, crews, a material and a cost the data-center
migration uses, with hourly rates, and their assignments on the demo plan's tasks.

It is made to show what the Resources tab, the usage view and leveling are for: a network
engineer booked at 150% in the coming days (cabling and carrier tests at once), the vendor
crew over its 300% when racking and storage overlap, the system engineer at 200% when two
builds start together, one person on leave over the holidays, and a part-time author on a
"Part time Mon-Wed" calendar. The cutover weekend's tasks run on the "24 Hours" calendar.
Each task's owner is its primary assignee's name.

Running it twice in one workspace (the demo opened again) reuses the pool's rows by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from infradesk.model import Assignment, BaseCalendar, Resource, ResourceDay, Task, Vendor
from infradesk.model.resource import ALL_HOURS_CALENDAR
from infradesk.services.resources.costs import assignment_cost
from infradesk.services.resources.pool import find_resource

PART_TIME = "Part time Mon-Wed"


@dataclass(frozen=True)
class Member:
    """One resource of the demo pool."""

    name: str
    role: str = ""
    team: str = ""
    rate: str = "0"
    kind: str = "work"
    max_units: float = 1.0
    vendor: str = ""  # the demo vendor a crew belongs to
    per_use: str = "0"
    label: str = ""
    email: str = ""
    part_time: bool = False


def _person(name: str, role: str, team: str, rate: str, part_time: bool = False) -> Member:
    first, _, last = name.partition(" ")
    email = f"{first.lower()}.{last.lower()}@example.com"
    return Member(name, role, team, rate, email=email, part_time=part_time)


POOL = [
    _person("Alex Morgan", "Project manager", "PMO", "95"),
    _person("Priya Shah", "Application analyst", "Applications", "85"),
    _person("Tom Becker", "Network engineer", "Network", "90"),
    _person("Jonas Weber", "Network engineer", "Network", "80"),
    _person("Lena Vogel", "Security engineer", "Security", "95"),
    _person("Marco Rossi", "System engineer", "Infrastructure", "88"),
    _person("Nadia Okafor", "Storage admin", "Infrastructure", "90"),
    _person("Chen Wei", "Database administrator", "Applications", "92"),
    _person("Ravi Kumar", "Backup administrator", "Infrastructure", "80"),
    _person("Lukas Brandt", "Field technician", "Data center", "65"),
    _person("Sofia Marin", "Change manager", "Service management", "75"),
    _person("Eva Novak", "Runbook author (part time)", "PMO", "70", part_time=True),
    Member("Steering committee", "Decision board", "Governance"),
    Member("Business owners", "Application owners", "Business", "0", max_units=3.0),
    Member("Service desk", "First-line support", "Service management", "60", max_units=2.0),
    Member("Stackline Integration", "Integrator crew", rate="110", max_units=3.0,
           vendor="Stackline Integration"),
    Member("CableWorks BV", "Cabling crew", rate="75", max_units=3.0, vendor="CableWorks BV"),
    Member("Equinor Colo site team", "Colocation site team", rate="95", max_units=2.0,
           vendor="Equinor Colo"),
    Member("NordLink Carrier", "Carrier field team", vendor="NordLink Carrier"),
    Member("SecureErase GmbH", "Data wiping crew", max_units=2.0, vendor="SecureErase GmbH"),
    Member("Fibre", "Single-mode fibre", kind="material", rate="3.20", label="m"),
    Member("Travel", "Travel Frankfurt-Amsterdam", kind="cost", per_use="450"),
]

# task WBS -> (resource, units) with the primary assignee (the task's owner) first; a
# material's units are its quantity
ASSIGNMENTS: dict[str, list[tuple[str, float]]] = {
    "1.1": [("Alex Morgan", 1)],
    "1.2": [("Priya Shah", 1)],
    "1.3": [("Priya Shah", 1)],
    "1.4": [("Alex Morgan", 1)],
    "1.5": [("Tom Becker", 1), ("Jonas Weber", 0.5)],
    "1.6": [("Steering committee", 1)],
    "2.1": [("Alex Morgan", 1)],
    "2.2": [("Equinor Colo site team", 2)],
    "2.3": [("Equinor Colo site team", 1), ("Lukas Brandt", 0.5)],
    "2.4": [("CableWorks BV", 2), ("Jonas Weber", 1), ("Fibre", 2400)],
    "2.5": [("Equinor Colo site team", 1)],
    "2.6": [("NordLink Carrier", 1), ("Jonas Weber", 0.5)],
    "2.7": [("Alex Morgan", 1)],
    "3.1": [("Tom Becker", 1), ("Lukas Brandt", 1)],
    "3.2": [("Tom Becker", 1)],
    "3.3": [("Lena Vogel", 1), ("Tom Becker", 0.5)],
    "3.4": [("Lena Vogel", 1)],
    "3.5": [("Tom Becker", 1), ("Jonas Weber", 1)],
    "3.6": [("Stackline Integration", 2), ("Lukas Brandt", 1)],
    "3.7": [("Stackline Integration", 2), ("Nadia Okafor", 1)],
    "3.8": [("Marco Rossi", 1)],
    "3.9": [("Marco Rossi", 1), ("Ravi Kumar", 1)],
    "3.10": [("Marco Rossi", 1)],
    "3.11": [("Lena Vogel", 1)],
    "3.12": [("Alex Morgan", 1)],
    "4.1.1": [("Marco Rossi", 1)],
    "4.1.2": [("Marco Rossi", 1)],
    "4.1.3": [("Priya Shah", 1)],
    "4.2.1": [("Marco Rossi", 1), ("Chen Wei", 1)],
    "4.2.2": [("Marco Rossi", 1)],
    "4.2.3": [("Marco Rossi", 1)],
    "4.2.4": [("Priya Shah", 1)],
    "4.3": [("Alex Morgan", 1), ("Eva Novak", 0.5), ("Travel", 1)],
    "5.1": [("Steering committee", 1)],
    "5.2": [("Alex Morgan", 1), ("Sofia Marin", 1)],
    "5.3": [("Marco Rossi", 1), ("Chen Wei", 1)],
    "5.4": [("Marco Rossi", 1)],
    "5.5": [("Stackline Integration", 1), ("Nadia Okafor", 1)],
    "5.6": [("Tom Becker", 1), ("Jonas Weber", 1)],
    "5.7": [("Marco Rossi", 1), ("Chen Wei", 1)],
    "5.8": [("Priya Shah", 1)],
    "5.9": [("Business owners", 1)],
    "5.10": [("Alex Morgan", 1)],
    "6.1": [("Service desk", 2)],
    "6.2": [("Marco Rossi", 1)],
    "6.3": [("Stackline Integration", 1), ("Travel", 1)],
    "6.4": [("SecureErase GmbH", 1)],
    "6.5": [("Alex Morgan", 1)],
    "6.6": [("Alex Morgan", 1)],
    "6.7": [("Steering committee", 1)],
}
# the cutover weekend's work runs round the clock (the go/no-go meeting does not)
CUTOVER = ("5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10")
# who is on leave, a week from the Monday this many days after the status date's week
ON_LEAVE = ("Priya Shah", 21)


def _calendar(session: Session, name: str, weekdays: str, hours: str) -> BaseCalendar:
    found = session.scalars(select(BaseCalendar).where(BaseCalendar.name == name)).first()
    if found is None:
        found = BaseCalendar(name=name, working_weekdays=weekdays, working_hours=hours)
        session.add(found)
        session.flush()
    return found


def set_cutover_calendar(session: Session, tasks: dict[str, Task]) -> None:
    """Put the cutover weekend's tasks on the round-the-clock calendar."""
    all_hours = _calendar(session, ALL_HOURS_CALENDAR, "0,1,2,3,4,5,6", "00:00-24:00")
    for wbs in CUTOVER:
        tasks[wbs].calendar_id = all_hours.id
    session.flush()


def _pool(session: Session, project_id: int) -> dict[str, Resource]:
    """The demo's resources, made or found by name."""
    vendors = {
        v.name: v.id
        for v in session.scalars(select(Vendor).where(Vendor.project_id == project_id))
    }
    part_time = _calendar(session, PART_TIME, "0,1,2", "08:00-12:00,13:00-17:00")
    pool: dict[str, Resource] = {}
    for member in POOL:
        found = find_resource(session, member.name)
        details = {
            "kind": member.kind,
            "role": member.role,
            "team": member.team,
            "email": member.email,
            "max_units": member.max_units,
            "rate_per_hour": Decimal(member.rate),
            "cost_per_use": Decimal(member.per_use),
            "material_label": member.label,
            "vendor_id": vendors.get(member.vendor),
            "calendar_id": part_time.id if member.part_time else None,
        }
        if found is None:
            found = Resource(name=member.name, **details)
            session.add(found)
        elif _blank(found):  # made from the plan's owner text by the import: fill it in
            for key, value in details.items():
                setattr(found, key, value)
        pool[member.name] = found
    session.flush()
    return pool


def _blank(resource: Resource) -> bool:
    """A plain work resource with nothing but its name, as an import makes of an owner."""
    return (
        resource.kind == "work"
        and not (resource.role or resource.team or resource.email or resource.notes)
        and not resource.rate_per_hour
        and not resource.cost_per_use
        and resource.calendar_id is None
        and resource.vendor_id is None
    )


def _leave(session: Session, resource: Resource, monday: date) -> None:
    taken = set(
        session.scalars(select(ResourceDay.day).where(ResourceDay.resource_id == resource.id))
    )
    for offset in range(5):
        day = monday + timedelta(days=offset)
        if day not in taken:
            session.add(
                ResourceDay(resource_id=resource.id, day=day, kind="leave", name="Holiday")
            )


def add_demo_pool(session: Session, project_id: int, tasks: dict[str, Task], status: date) -> None:
    """The pool, its leave and its assignments on the demo's tasks (``tasks`` by WBS;
    ``status``: the demo's status date, which the leave is placed from)."""
    pool = _pool(session, project_id)
    task_ids = [task.id for task in tasks.values()]
    # an importer may have made primary assignments of the owners already: these replace them
    session.execute(delete(Assignment).where(Assignment.task_id.in_(task_ids)))
    for wbs, assigned in ASSIGNMENTS.items():
        task = tasks[wbs]
        labour = Decimal(0)
        for position, (name, units) in enumerate(assigned):
            resource = pool[name]
            # a material's quantity is its units, a cost resource has no work (services'
            # resources.costs rules, as the Assigned cell costs them)
            work = round(task.duration_minutes * units) if resource.kind == "work" else 0
            cost = assignment_cost(
                resource.kind, units, work, resource.rate_per_hour, resource.cost_per_use
            )
            labour += cost
            session.add(
                Assignment(
                    task_id=task.id,
                    resource_id=resource.id,
                    units=float(units),
                    work_minutes=work,
                    cost=cost,
                    position=position,
                )
            )
        # the recipe's cost is the task's whole planned cost: the resources now carry part
        # of it, the fixed cost keeps the rest, so the demo's budget figures stay as they were
        task.cost = max(Decimal(0), Decimal(task.cost or 0) - labour)
        task.owner = assigned[0][0]
    name, days_after = ON_LEAVE
    monday = status - timedelta(days=status.weekday()) + timedelta(days=days_after)
    _leave(session, pool[name], monday)
    session.flush()
