"""The resource pool and the assignments of an interchange document <-> the workspace.

Resources belong to the workspace, shared by every project, so an import never duplicates one:
a document's resource is matched with the pool by name (trimmed, case ignored) and only the
missing ones are created, with their days and the named base calendars they work. A pool
resource keeps its own rates and details (an import does not change what other projects use).

A task's assignments are written with the task (the import's transaction); the primary
assignee (the first) is the task's owner, spelled as the pool spells it. A task that brings an
owner text but no assignments (older files, a plain spreadsheet) gets that owner as its primary
assignee at 100%, as migration 0011 did with the workspace's own owner texts.

Work and cost an assignment does not state are computed here as the pool's rules say
(``model/resource.py``): work = duration x units for a person or crew, the quantity for a
material; cost = work x rate + cost per use. This is a private copy of that arithmetic for the
importer (the assignment services own it for edits).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange.document import DocumentError, resource_key
from infradesk.interchange.document_schedule import DocumentPool
from infradesk.model import (
    Assignment,
    BaseCalendar,
    Resource,
    ResourceDay,
    Runbook,
    RunbookStep,
    Task,
    Vendor,
)
from infradesk.model.resource import RESOURCE_KINDS
from infradesk.schedule.calendar import CalendarError
from infradesk.services.plan.calendar_text import (
    hours_from_text,
    hours_to_text,
    weekdays_from_text,
    weekdays_to_text,
)

_ASSIGNMENTS = cast(Table, Assignment.__table__)
_CENT = Decimal("0.01")
MAX_UNITS = 1000.0  # a crew of a thousand, or a quantity of a million for a material
MAX_QUANTITY = 1_000_000.0
MAX_MONEY = Decimal("999999999999.99")
MAX_WORK_MINUTES = 52_560_000  # 100 years of working minutes


# ---------------------------------------------------------------- export


def assignments_by_task(session: Session, project_id: int) -> dict[int, tuple[d.Assignment, ...]]:
    """Database task id -> its assignments as document records, primary assignee first."""
    rows = session.execute(
        select(
            Assignment.task_id,
            Resource.name,
            Assignment.units,
            Assignment.work_minutes,
            Assignment.cost,
        )
        .join(Resource, Resource.id == Assignment.resource_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.project_id == project_id)
        .order_by(Assignment.task_id, Assignment.position, Assignment.id)
    ).all()
    found: dict[int, list[d.Assignment]] = {}
    for task_id, name, units, work, cost in rows:
        found.setdefault(task_id, []).append(
            d.Assignment(
                resource=name,
                units=float(units),
                work_minutes=int(work or 0),
                cost=cost if cost is not None else d.ZERO,
            )
        )
    return {task_id: tuple(items) for task_id, items in found.items()}


def export_pool(
    session: Session, project_ids: Iterable[int]
) -> tuple[tuple[d.Resource, ...], tuple[d.BaseCalendar, ...]]:
    """The resources the projects' tasks are assigned to (by name) and their runbooks' step
    owners, with their days, and the base calendars those resources and tasks work: what a
    document of these projects carries."""
    ids = list(project_ids)
    if not ids:
        return (), ()
    used = (
        select(Assignment.resource_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.project_id.in_(ids))
    )
    steps = select(RunbookStep).join(Runbook).where(Runbook.project_id.in_(ids)).subquery()
    owning = select(steps.c.owner_id).union(select(steps.c.backup_owner_id))
    resources = list(
        session.scalars(
            select(Resource)
            .where(or_(Resource.id.in_(used), Resource.id.in_(owning)))
            .order_by(Resource.name)
        )
    )
    calendar_ids = {r.calendar_id for r in resources if r.calendar_id is not None}
    calendar_ids.update(
        session.scalars(
            select(Task.calendar_id).where(Task.project_id.in_(ids), Task.calendar_id.is_not(None))
        )
    )
    calendars = {
        c.id: c
        for c in session.scalars(select(BaseCalendar).where(BaseCalendar.id.in_(calendar_ids)))
    }
    vendor_ids = {r.vendor_id for r in resources if r.vendor_id is not None}
    vendors: dict[int, str] = {
        row[0]: row[1]
        for row in session.execute(select(Vendor.id, Vendor.name).where(Vendor.id.in_(vendor_ids)))
    }
    records = []
    for resource in resources:
        calendar = calendars.get(resource.calendar_id) if resource.calendar_id else None
        records.append(
            d.Resource(
                name=resource.name,
                kind=resource.kind,
                role=resource.role,
                email=resource.email,
                team=resource.team,
                vendor=vendors.get(resource.vendor_id, "") if resource.vendor_id else "",
                max_units=float(resource.max_units),
                rate_per_hour=resource.rate_per_hour or d.ZERO,
                cost_per_use=resource.cost_per_use or d.ZERO,
                material_label=resource.material_label,
                calendar=calendar.name if calendar is not None else "",
                notes=resource.notes,
                days=tuple(_day_record(day) for day in resource.days),
            )
        )
    base = tuple(
        d.BaseCalendar(
            name=c.name,
            working_weekdays=weekdays_from_text(c.working_weekdays),
            working_hours=hours_from_text(c.working_hours),
        )
        for c in sorted(calendars.values(), key=lambda c: c.name)
    )
    return tuple(records), base


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class PoolEntry:
    """What an import needs of one pool resource: its id, its name as the pool spells it,
    and its rates for the work and cost an assignment does not state."""

    id: int
    name: str
    kind: str
    rate_per_hour: Decimal
    cost_per_use: Decimal


@dataclass
class ImportedPool:
    """The pool as an import sees it (name key -> entry) and what this import created, so
    that undoing the import removes exactly those rows."""

    entries: dict[str, PoolEntry] = field(default_factory=dict)
    calendars: dict[str, int] = field(default_factory=dict)  # base calendar name key -> id
    created_resources: set[int] = field(default_factory=set)
    created_calendars: set[int] = field(default_factory=set)
    # the workspace-wide governance rows it added (shared change windows, template lines)
    created_windows: set[int] = field(default_factory=set)
    created_template_items: set[int] = field(default_factory=set)
    # created resources still to be linked to their vendor (after the projects' vendors exist)
    vendor_names: dict[int, str] = field(default_factory=dict)
    # the document's own pool, which the engine's run over a document uses
    document: DocumentPool | None = None

    def entry(self, name: str) -> PoolEntry | None:
        return self.entries.get(resource_key(name))


def _text(value: str, limit: int) -> str:
    return value.strip()[:limit]


def _money(value: Decimal, where: str) -> Decimal:
    if not value.is_finite() or value < 0 or value > MAX_MONEY:
        raise DocumentError(f"{where}: '{value}' is not an amount between 0 and {MAX_MONEY}")
    return value.quantize(_CENT)


def _check_resource(item: d.Resource, where: str) -> None:
    if not resource_key(item.name):
        raise DocumentError(f"{where}.name: a resource needs a name")
    if len(resource_key(item.name)) > 200:
        raise DocumentError(f"{where}.name: '{item.name[:40]}...' is longer than 200 characters")
    if item.kind not in RESOURCE_KINDS:
        raise DocumentError(
            f"{where}.kind: '{item.kind}' is not one of {', '.join(RESOURCE_KINDS)}"
        )
    if not (math.isfinite(item.max_units) and 0 < item.max_units <= MAX_UNITS):
        raise DocumentError(
            f"{where}.max_units: {item.max_units} is not between 0 and {MAX_UNITS:g} "
            "(1.0 is one full-time person)"
        )
    _money(item.rate_per_hour, f"{where}.rate_per_hour")
    _money(item.cost_per_use, f"{where}.cost_per_use")


def _calendars(
    session: Session, document: d.Document, pool: ImportedPool
) -> dict[str, int]:
    """Base calendar name key -> id: the workspace's, plus the document's missing ones."""
    known = {resource_key(c.name): c.id for c in session.scalars(select(BaseCalendar))}
    for index, item in enumerate(document.base_calendars):
        where = f"base_calendars[{index}]"
        key = resource_key(item.name)
        if not key:
            raise DocumentError(f"{where}.name: a base calendar needs a name")
        if key in known:
            continue
        if not item.working_weekdays or any(not 0 <= day <= 6 for day in item.working_weekdays):
            raise DocumentError(f"{where}.working_weekdays: weekdays are 0 (Monday) to 6")
        try:
            hours = hours_to_text(item.working_hours)
        except CalendarError as error:
            raise DocumentError(f"{where}.working_hours: {error}") from error
        calendar = BaseCalendar(
            name=_text(item.name, 100),
            working_weekdays=weekdays_to_text(item.working_weekdays),
            working_hours=hours,
        )
        session.add(calendar)
        session.flush()
        known[key] = calendar.id
        pool.created_calendars.add(calendar.id)
    return known


def _wanted(
    document: d.Document, owners_too: bool = True
) -> list[tuple[d.Resource, str, bool]]:
    """Every resource the document needs, first mention first: (record, where, listed).
    ``listed``: the document describes it; otherwise only an assignment or (``owners_too``)
    an owner names it and it becomes a plain work resource."""
    wanted: dict[str, tuple[d.Resource, str, bool]] = {}
    for index, item in enumerate(document.resources):
        where = f"resources[{index}]"
        _check_resource(item, where)
        wanted.setdefault(resource_key(item.name), (item, where, True))
    for number, project in enumerate(document.projects):
        for index, task in enumerate(project.tasks):
            here = f"projects[{number}].tasks[{index}]"
            names = [(a.resource, f"{here}.assignments[{i}].resource")
                     for i, a in enumerate(task.assignments)]  # fmt: skip
            if not task.assignments and owners_too and 0 < len(resource_key(task.owner)) <= 200:
                names = [(task.owner, f"{here}.owner")]  # a longer text stays an owner only
            for name, where in names:
                key = resource_key(name)
                if not key:
                    raise DocumentError(f"{where}: an assignment needs a resource name")
                if len(key) > 200:
                    raise DocumentError(f"{where}: '{name[:40]}...' is longer than 200 "
                                        "characters")  # fmt: skip
                if key not in wanted:
                    plain = d.Resource(name=" ".join(name.split()))
                    wanted[key] = (plain, where, False)
        for name, where in _runbook_owners(project, f"projects[{number}]"):
            key = resource_key(name)
            if len(key) > 200:
                raise DocumentError(f"{where}: '{name[:40]}...' is longer than 200 characters")
            if key not in wanted:
                wanted[key] = (d.Resource(name=" ".join(name.split())), where, False)
    # a resource only assignments name, with more units than a crew of a thousand, is
    # counted in quantities: a material (a document that left out its resource records)
    quantities = {
        resource_key(a.resource)
        for project in document.projects
        for task in project.tasks
        for a in task.assignments
        if a.units > MAX_UNITS
    }
    for key in quantities:
        item, where, listed = wanted[key]
        if not listed:
            wanted[key] = (dataclasses.replace(item, kind="material"), where, False)
    return list(wanted.values())


def _runbook_owners(project: d.Project, where: str) -> Iterator[tuple[str, str]]:
    """The owner and backup owner names of the project's runbook steps, with their paths:
    like a task's owner text, a name the pool does not know becomes a plain work resource."""
    for index, runbook in enumerate(project.runbooks):
        for number, step in enumerate(runbook.steps):
            here = f"{where}.runbooks[{index}].steps[{number}]"
            for key in ("owner", "backup_owner"):
                name = getattr(step, key)
                if resource_key(name):
                    yield name, f"{here}.{key}"


def import_pool(
    session: Session, document: d.Document, owners_too: bool = True
) -> ImportedPool:
    """Match the document's resources with the pool and create the missing (with their days
    and base calendars); raises DocumentError naming the place of a value it cannot store.
    ``owners_too``: an owner text without assignments names a resource too (a new project;
    an update leaves such tasks' assignments alone)."""
    pool = ImportedPool(document=DocumentPool.of(document))
    wanted = _wanted(document, owners_too)
    named = document.base_calendars or any(
        task.calendar for project in document.projects for task in project.tasks
    )
    calendars = _calendars(session, document, pool) if named or document.resources else {}
    pool.calendars = calendars
    if not wanted:
        if named:
            pool.document = stored_pool(session, {}, set())
        return pool
    existing = {resource_key(r.name): r for r in session.scalars(select(Resource))}
    created: list[tuple[Resource, d.Resource, bool]] = []
    for item, where, listed in wanted:
        key = resource_key(item.name)
        if key not in existing:
            resource = _create(session, item, where, calendars if listed else {})
            created.append((resource, item, listed))
            existing[key] = resource
    session.flush()  # once for all: the ids of the created resources
    for resource, item, listed in created:
        pool.created_resources.add(resource.id)
        if listed and item.vendor.strip():
            pool.vendor_names[resource.id] = item.vendor
    for item, _where, _listed in wanted:
        key = resource_key(item.name)
        resource = existing[key]
        pool.entries[key] = PoolEntry(
            resource.id,
            resource.name,
            resource.kind,
            resource.rate_per_hour or d.ZERO,
            resource.cost_per_use or d.ZERO,
        )
    used = {resource_key(item.name) for item, _where, _listed in wanted}
    pool.document = stored_pool(
        session, {key: existing[key] for key in used}, {r.id for r, _i, _l in created}
    )
    return pool


def stored_pool(
    session: Session, resources: dict[str, Resource], created: set[int]
) -> DocumentPool:
    """The pool as the import stores it, for the importer's engine run: the workspace's base
    calendars (a name the workspace already has keeps the workspace's hours) and, per name
    key, the resource the tasks will be assigned to, matched ones with their stored calendar
    and days. The run then places every task as a reschedule of the stored rows does."""
    calendar_rows = list(session.scalars(select(BaseCalendar)))
    names = {c.id: c.name for c in calendar_rows}
    calendars = {
        resource_key(c.name): d.BaseCalendar(
            name=c.name,
            working_weekdays=weekdays_from_text(c.working_weekdays),
            working_hours=hours_from_text(c.working_hours),
        )
        for c in calendar_rows
    }
    matched = [r.id for r in resources.values() if r.id not in created and r.kind == "work"]
    days: dict[int, list[d.ResourceDay]] = {}
    for chunk in range(0, len(matched), 500):
        for day in session.scalars(
            select(ResourceDay)
            .where(ResourceDay.resource_id.in_(matched[chunk : chunk + 500]))
            .order_by(ResourceDay.resource_id, ResourceDay.day)
        ):
            days.setdefault(day.resource_id, []).append(_day_record(day))
    records = {}
    for key, resource in resources.items():
        if resource.id in created:
            own = tuple(_day_record(day) for day in resource.days)
        else:
            own = tuple(days.get(resource.id, ()))
        records[key] = d.Resource(
            name=resource.name,
            kind=resource.kind,
            calendar=names.get(resource.calendar_id, "") if resource.calendar_id else "",
            days=own,
        )
    return DocumentPool(records, calendars)


def _day_record(day: ResourceDay) -> d.ResourceDay:
    return d.ResourceDay(
        date=day.day,
        kind="exception" if day.kind == "exception" else "leave",
        name=day.name,
        working_hours=hours_from_text(day.working_hours or ""),
    )


def _create(
    session: Session, item: d.Resource, where: str, calendars: dict[str, int]
) -> Resource:
    calendar_id = None
    if item.calendar.strip():
        calendar_id = calendars.get(resource_key(item.calendar))
        if calendar_id is None:
            raise DocumentError(
                f"{where}.calendar: there is no base calendar named '{item.calendar}'"
            )
    resource = Resource(
        name=" ".join(item.name.split())[:200],
        kind=item.kind,
        role=_text(item.role, 200),
        email=_text(item.email, 200),
        team=_text(item.team, 200),
        max_units=float(item.max_units),
        rate_per_hour=_money(item.rate_per_hour, f"{where}.rate_per_hour"),
        cost_per_use=_money(item.cost_per_use, f"{where}.cost_per_use"),
        material_label=_text(item.material_label, 40),
        calendar_id=calendar_id,
        notes=item.notes,
    )
    seen = set()
    for index, day in enumerate(item.days):
        if day.date in seen:
            continue
        seen.add(day.date)
        try:
            hours = hours_to_text(day.working_hours) if day.kind == "exception" else ""
        except CalendarError as error:
            raise DocumentError(f"{where}.days[{index}].working_hours: {error}") from error
        resource.days.append(
            ResourceDay(day=day.date, kind=day.kind, name=_text(day.name, 200), working_hours=hours)
        )
    session.add(resource)
    return resource


def task_calendars(data: d.Project, pool: ImportedPool, where: str) -> dict[int, int]:
    """Document task id -> the id of the base calendar it runs on; DocumentError naming the
    task when the calendar is neither in the document nor in the workspace."""
    found: dict[int, int] = {}
    for index, task in enumerate(data.tasks):
        if not task.calendar.strip():
            continue
        calendar_id = pool.calendars.get(resource_key(task.calendar))
        if calendar_id is None:
            raise DocumentError(
                f"{where}.tasks[{index}].calendar: there is no base calendar named "
                f"'{task.calendar}'"
            )
        found[task.id] = calendar_id
    return found


def link_vendors(session: Session, pool: ImportedPool) -> None:
    """Link the created resources to the vendor they name (the newest of that name: the one
    the same import brought, when it brought one)."""
    if not pool.vendor_names:
        return
    vendors: dict[str, int] = {}
    for found, name in session.execute(select(Vendor.id, Vendor.name).order_by(Vendor.id)):
        vendors[resource_key(name)] = found
    for resource_id, name in pool.vendor_names.items():
        vendor_id = vendors.get(resource_key(name))
        resource = session.get(Resource, resource_id)
        if vendor_id is not None and resource is not None:
            resource.vendor_id = vendor_id
    session.flush()


def owners(data: d.Project, pool: ImportedPool) -> dict[int, str]:
    """Document task id -> its owner when that is not the document's own text: the primary
    assignee's pool name (the owner text itself names the primary assignee of a task without
    assignments). A map, not new tasks: a 10,000-task plan is not copied for it."""
    found: dict[int, str] = {}
    if not pool.entries:
        return found
    for task in data.tasks:
        primary = task.assignments[0].resource if task.assignments else task.owner
        if primary.strip():
            entry = pool.entry(primary)
            if entry is not None and entry.name != task.owner:
                found[task.id] = entry.name
    return found


def _units(assignment: d.Assignment, kind: str, where: str) -> float:
    units = assignment.units
    high = MAX_QUANTITY if kind == "material" else MAX_UNITS
    if not (math.isfinite(units) and 0 < units <= high):
        raise DocumentError(f"{where}.units: {units} is not between 0 and {high:g}")
    return float(units)


def work_and_cost(
    entry: PoolEntry, units: float, duration_minutes: int, milestone: bool
) -> tuple[int, Decimal]:
    """The work and cost of an assignment the source left to the workspace."""
    if entry.kind == "cost":
        return 0, d.ZERO
    if entry.kind == "material":
        work = round(units)
        cost = Decimal(repr(units)) * entry.rate_per_hour + entry.cost_per_use
        return work, min(cost, MAX_MONEY).quantize(_CENT)
    work = 0 if milestone else round(max(0, duration_minutes) * units)
    cost = Decimal(work) / 60 * entry.rate_per_hour + entry.cost_per_use
    return work, min(cost, MAX_MONEY).quantize(_CENT)


def _rows(
    task: d.Task, task_id: int, given: tuple[d.Assignment, ...], pool: ImportedPool,
    here: str, duration: int,
) -> list[dict[str, object]]:
    """The assignment rows of one task (checked, work and cost completed)."""
    rows: list[dict[str, object]] = []
    seen: set[int] = set()
    for number, assignment in enumerate(given):
        at = f"{here}.assignments[{number}]"
        entry = pool.entry(assignment.resource)
        if entry is None:  # pragma: no cover - import_pool saw every name
            raise DocumentError(f"{at}.resource: no resource '{assignment.resource}'")
        if entry.id in seen:
            raise DocumentError(f"{at}.resource: {entry.name} is assigned twice")
        seen.add(entry.id)
        units = _units(assignment, entry.kind, at)
        work, cost = work_and_cost(entry, units, duration, task.milestone)
        if assignment.work_minutes is not None:
            if not 0 <= assignment.work_minutes <= MAX_WORK_MINUTES:
                raise DocumentError(
                    f"{at}.work_minutes: {assignment.work_minutes} is not between 0 and "
                    f"{MAX_WORK_MINUTES}"
                )
            work = assignment.work_minutes
        if assignment.cost is not None:
            cost = _money(assignment.cost, f"{at}.cost")
        rows.append({"task_id": task_id, "resource_id": entry.id, "units": units,
                     "work_minutes": work, "cost": cost, "position": number})  # fmt: skip
    return rows


def import_assignments(
    session: Session,
    data: d.Project,
    task_ids: dict[int, int],
    pool: ImportedPool,
    where: str,
    durations: dict[int, int] | None = None,
) -> None:
    """Insert the project's assignments (bulk). ``durations`` (document task id -> the
    stored duration) is what work is computed from when the file does not give it; a task
    with an owner but no assignments gets its owner as primary assignee when it is a leaf."""
    parents = {task.parent for task in data.tasks if task.parent is not None}
    rows: list[dict[str, object]] = []
    for index, task in enumerate(data.tasks):
        given = task.assignments
        if not given:
            if task.id in parents or pool.entry(task.owner) is None:
                continue  # no owner, or one too long to be a resource's name
            given = (d.Assignment(task.owner),)
        duration = (durations or {}).get(task.id, task.duration_minutes)
        rows += _rows(task, task_ids[task.id], given, pool, f"{where}.tasks[{index}]", duration)
    if rows:
        session.execute(insert(_ASSIGNMENTS), rows)


def update_assignments(
    session: Session, data: d.Project, task_ids: dict[int, int], pool: ImportedPool
) -> None:
    """Replace the assignments of the tasks the document assigns (with their stored
    durations) and make their owners the primary assignees; a task the document gives no
    assignments keeps its own (a file without resources never clears them)."""
    assigned = [(index, task) for index, task in enumerate(data.tasks) if task.assignments]
    if not assigned:
        return
    db_ids = [task_ids[task.id] for _index, task in assigned]
    session.execute(delete(Assignment).where(Assignment.task_id.in_(db_ids)))
    stored = {row[0]: row[1] for row in session.execute(
        select(Task.id, Task.duration_minutes).where(Task.id.in_(db_ids))
    )}  # fmt: skip
    rows: list[dict[str, object]] = []
    for index, task in assigned:
        task_id = task_ids[task.id]
        rows += _rows(task, task_id, task.assignments, pool, f"update.tasks[{index}]",
                      stored.get(task_id, task.duration_minutes))  # fmt: skip
        entry = pool.entry(task.assignments[0].resource)
        if entry is not None:
            session.execute(update(Task).where(Task.id == task_id).values(owner=entry.name))
    if rows:
        session.execute(insert(_ASSIGNMENTS), rows)
    session.expire_all()
