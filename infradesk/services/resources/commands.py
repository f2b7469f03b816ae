"""Undoable edits of the resource pool: resources, their leave and other-hours days, and the
workspace's base calendars.

The pool belongs to the workspace, not to a project: the commands carry no project and
announce "resources" (and "tasks" when task rows change: a renamed primary assignee is the
task's owner; a deleted resource takes its assignments). An edit that changes when someone
can work (max units, calendar, days, a base calendar's week) reschedules the projects that
use the resource through :func:`reschedule_projects_of`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from infradesk.model import Assignment, BaseCalendar, Resource, ResourceDay, Task
from infradesk.model.resource import ALL_HOURS_CALENDAR
from infradesk.services.commands import Command
from infradesk.services.plan import scheduling
from infradesk.services.resources.fields import (
    RESOURCE_FIELDS,
    parse_calendar_hours,
    parse_day,
    parse_day_hours,
    parse_day_kind,
    parse_resource_value,
    parse_weekdays_text,
)
from infradesk.services.resources.pool import (
    MAX_NAME,
    ResourceEditError,
    check_resource_name,
    next_resource_name,
    projects_of_resources,
)
from infradesk.services.snapshot import (
    RowSnapshot,
    delete_rows,
    restore_snapshot,
    table_of,
    take_snapshot,
)

POOL = frozenset({"resources"})
POOL_AND_TASKS = frozenset({"resources", "tasks"})
#: resource fields whose change moves work: the projects using the resource are rescheduled
RESCHEDULING_FIELDS = frozenset({"max_units", "calendar_id", "kind"})
MAX_LEAVE_DAYS = 366


def reschedule_projects_of(session: Session, resource_ids: set[int]) -> None:
    """Reschedule the projects whose tasks use ``resource_ids`` after their working time or
    units changed.

    The hook for the scheduling engine (issue 18's ENGINE slice adds
    ``scheduling.reschedule_projects_of``, which reads resource calendars); until it exists
    the engine ignores resources, so there is nothing to move and this does nothing.
    """
    engine = getattr(scheduling, "reschedule_projects_of", None)
    if engine is not None and resource_ids:
        engine(session, set(resource_ids))


def _get_resource(session: Session, resource_id: int) -> Resource:
    resource = session.get(Resource, resource_id)
    if resource is None:
        raise ResourceEditError("That resource no longer exists.")
    return resource


def _sync_owners(session: Session, task_ids: set[int]) -> None:
    """Renumber the remaining assignments of ``task_ids`` from 0 and make each task's owner
    its primary assignee's name (empty when none is left)."""
    for task_id in task_ids:
        task = session.get(Task, task_id)
        if task is None:
            continue
        rows = session.execute(
            select(Assignment, Resource.name)
            .join(Resource, Resource.id == Assignment.resource_id)
            .where(Assignment.task_id == task_id)
            .order_by(Assignment.position, Assignment.id)
        ).all()
        for position, (assignment, _name) in enumerate(rows):
            if assignment.position != position:
                assignment.position = position
        task.owner = rows[0][1] if rows else ""
    session.flush()


class PoolCommand(Command):
    """An edit of the workspace's pool (no project of its own)."""

    affects = POOL
    project_id = None


# --------------------------------------------------------------------------- resources


class AddResource(PoolCommand):
    """Add a resource ("Resource N" when no name is given) with ``values`` (field -> typed
    text) set. Redo brings back the same row (same id), so later commands still find it."""

    def __init__(
        self, name: str | None = None, kind: str = "work", values: dict[str, Any] | None = None
    ) -> None:
        self.name = name
        self.kind = kind
        self.values = dict(values or {})
        self.resource_id: int | None = None
        self._row: dict[str, Any] | None = None
        self.text = f"Add resource '{name}'" if name else "Add resource"

    def do(self, session: Session) -> None:
        table = table_of(Resource)
        if self._row is not None:
            session.execute(insert(table), [self._row])
            session.expire_all()
            return
        name = self.name if self.name is not None else next_resource_name(session)
        resource = Resource(name=check_resource_name(session, name), kind="work")
        resource.kind = parse_resource_value(session, resource, "kind", self.kind)
        for field, value in self.values.items():
            setattr(resource, field, parse_resource_value(session, resource, field, value))
        session.add(resource)
        session.flush()
        self.resource_id = resource.id
        self._row = {c.name: getattr(resource, c.key) for c in table.columns}

    def undo(self, session: Session) -> None:
        assert self.resource_id is not None
        delete_rows(session, table_of(Resource), {self.resource_id})


class EditResourceField(PoolCommand):
    """Set one field of one resource from typed text (parsed and checked on apply)."""

    def __init__(self, resource_id: int, field: str, value: Any) -> None:
        label = RESOURCE_FIELDS.get(field)
        if label is None:
            raise ResourceEditError(f"'{field}' of a resource cannot be edited.")
        self.resource_id = resource_id
        self.field = field
        self.value = value
        self.old_value: Any = None
        self.new_value: Any = None
        self._parsed = False
        self._owners: dict[int, str] = {}
        self.text = f"Edit resource {label.lower()}"

    @property
    def affects(self) -> frozenset[str]:  # type: ignore[override]  # depends on the field
        moves = self.field == "name" or self.field in RESCHEDULING_FIELDS
        return POOL_AND_TASKS if moves else POOL

    def do(self, session: Session) -> None:
        resource = _get_resource(session, self.resource_id)
        if not self._parsed:
            self.new_value = parse_resource_value(session, resource, self.field, self.value)
            self._parsed = True
        self.old_value = getattr(resource, self.field)
        setattr(resource, self.field, self.new_value)
        if self.field == "name":
            self._rename_owners(session, self.new_value)
        session.flush()
        if self.field in RESCHEDULING_FIELDS:
            reschedule_projects_of(session, {self.resource_id})

    def _rename_owners(self, session: Session, name: str) -> None:
        """The resource's tasks where it is the primary assignee show its new name as owner."""
        tasks = session.scalars(
            select(Task)
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Assignment.resource_id == self.resource_id, Assignment.position == 0)
        ).all()
        self._owners = {task.id: task.owner for task in tasks}
        for task in tasks:
            task.owner = name

    def undo(self, session: Session) -> None:
        resource = _get_resource(session, self.resource_id)
        setattr(resource, self.field, self.old_value)
        for task_id, owner in self._owners.items():
            task = session.get(Task, task_id)
            if task is not None:
                task.owner = owner
        session.flush()
        if self.field in RESCHEDULING_FIELDS:
            reschedule_projects_of(session, {self.resource_id})


def deletion_summary(session: Session, resource_ids: set[int]) -> tuple[int, int, int]:
    """(resources, their assignments, tasks those are on) that deleting ``resource_ids``
    removes: what the confirmation tells the user."""
    rows = session.execute(
        select(Assignment.id, Assignment.task_id).where(Assignment.resource_id.in_(resource_ids))
    ).all()
    found = session.scalars(select(Resource.id).where(Resource.id.in_(resource_ids))).all()
    return len(found), len(rows), len({task_id for _id, task_id in rows})


class DeleteResources(PoolCommand):
    """Delete resources with their days and assignments; the tasks they were primary on get
    the next assignee as owner. Undo brings all of it back exactly (same ids)."""

    affects = POOL_AND_TASKS

    def __init__(self, resource_ids: list[int] | set[int], names: list[str] | None = None):
        if not resource_ids:
            raise ResourceEditError("No resource is selected.")
        self.resource_ids = set(resource_ids)
        self.snapshot: RowSnapshot | None = None
        self._tasks: set[int] = set()
        self._projects: set[int] = set()
        count = len(self.resource_ids)
        if names and count == 1:
            self.text = f"Delete resource '{names[0]}'"
        else:
            self.text = "Delete resource" if count == 1 else f"Delete {count} resources"

    def do(self, session: Session) -> None:
        for resource_id in self.resource_ids:
            _get_resource(session, resource_id)
        table = table_of(Resource)
        self._tasks = set(
            session.scalars(
                select(Assignment.task_id).where(Assignment.resource_id.in_(self.resource_ids))
            )
        )
        self._projects = projects_of_resources(session, self.resource_ids)
        self.snapshot = take_snapshot(session, table, self.resource_ids)
        delete_rows(session, table, self.resource_ids)
        _sync_owners(session, self._tasks)
        self._reschedule(session)

    def undo(self, session: Session) -> None:
        assert self.snapshot is not None
        restore_snapshot(session, self.snapshot)
        _sync_owners(session, self._tasks)
        self._reschedule(session)

    def _reschedule(self, session: Session) -> None:
        """The deleted resources no longer hold their tasks back (once the engine reads
        resource calendars): reschedule the projects they worked on."""
        if getattr(scheduling, "reschedule_projects_of", None) is None:
            return  # the engine ignores resources yet: nothing moves
        for project_id in self._projects:
            scheduling.reschedule(session, project_id)


# --------------------------------------------------------------------------- resource days


def _day_row(day: ResourceDay) -> dict[str, Any]:
    return {c.name: getattr(day, c.key) for c in table_of(ResourceDay).columns}


def _span_text(start: date, end: date) -> str:
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} to {end.isoformat()}"


class AddResourceDays(PoolCommand):
    """Leave (or other working hours) for one resource on every day from ``start`` to
    ``end``, as one undoable step; days already recorded in the range are replaced."""

    affects = POOL_AND_TASKS

    def __init__(
        self,
        resource_id: int,
        start: date | str,
        end: date | str | None = None,
        kind: str = "leave",
        name: str = "",
        working_hours: str = "",
    ) -> None:
        self.resource_id = resource_id
        self.start = parse_day(start, "From")
        self.end = parse_day(end, "To") if end not in (None, "") else self.start
        self.kind = parse_day_kind(kind)
        self.name = str(name or "").strip()
        self.working_hours = parse_day_hours(working_hours) if self.kind == "exception" else ""
        if self.end < self.start:
            raise ResourceEditError(
                f"The leave cannot end ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})."
            )
        if (self.end - self.start).days + 1 > MAX_LEAVE_DAYS:
            raise ResourceEditError(f"Add at most {MAX_LEAVE_DAYS} days at once.")
        if len(self.name) > MAX_NAME:
            raise ResourceEditError(f"A day's note has at most {MAX_NAME} characters.")
        what = "leave" if self.kind == "leave" else "other hours"
        self.text = f"Add {what} {_span_text(self.start, self.end)}"
        self._added: list[dict[str, Any]] = []
        self._replaced: list[dict[str, Any]] = []

    def do(self, session: Session) -> None:
        _get_resource(session, self.resource_id)
        table = table_of(ResourceDay)
        existing = session.scalars(
            select(ResourceDay).where(
                ResourceDay.resource_id == self.resource_id,
                ResourceDay.day >= self.start,
                ResourceDay.day <= self.end,
            )
        ).all()
        self._replaced = [_day_row(d) for d in existing]
        if existing:
            delete_rows(session, table, {d["id"] for d in self._replaced})
        if self._added:  # redo: the same rows, same ids
            session.execute(insert(table), self._added)
            session.expire_all()
        else:
            days = []
            day = self.start
            while day <= self.end:
                days.append(
                    ResourceDay(
                        resource_id=self.resource_id,
                        day=day,
                        kind=self.kind,
                        name=self.name,
                        working_hours=self.working_hours,
                    )
                )
                day += timedelta(days=1)
            session.add_all(days)
            session.flush()
            self._added = [_day_row(d) for d in days]
        reschedule_projects_of(session, {self.resource_id})

    def undo(self, session: Session) -> None:
        table = table_of(ResourceDay)
        delete_rows(session, table, {row["id"] for row in self._added})
        if self._replaced:
            session.execute(insert(table), self._replaced)
            session.expire_all()
        reschedule_projects_of(session, {self.resource_id})


class EditResourceDay(PoolCommand):
    """Change one recorded day: its date, kind (leave / other hours), hours or note."""

    affects = POOL_AND_TASKS
    FIELDS = {"day": "Date", "kind": "Kind", "working_hours": "Working hours", "name": "Note"}

    def __init__(self, day_id: int, field: str, value: Any) -> None:
        if field not in self.FIELDS:
            raise ResourceEditError(f"'{field}' of a day cannot be edited.")
        self.day_id = day_id
        self.field = field
        self.value = value
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] | None = None
        self.resource_id: int | None = None
        self.text = f"Edit day {self.FIELDS[field].lower()}"

    def _parse(self, session: Session, row: ResourceDay) -> dict[str, Any]:
        if self.field == "day":
            day = parse_day(self.value)
            clash = session.scalar(
                select(ResourceDay.id).where(
                    ResourceDay.resource_id == row.resource_id,
                    ResourceDay.day == day,
                    ResourceDay.id != row.id,
                )
            )
            if clash is not None:
                raise ResourceEditError(f"{day.isoformat()} is already in this list.")
            return {"day": day}
        if self.field == "kind":
            kind = parse_day_kind(self.value)
            if kind == "leave":
                return {"kind": kind, "working_hours": ""}
            return {"kind": kind, "working_hours": row.working_hours or "08:00-12:00"}
        if self.field == "working_hours":
            text = str(self.value or "").strip()
            if not text:  # no hours that day: leave
                return {"kind": "leave", "working_hours": ""}
            return {"kind": "exception", "working_hours": parse_day_hours(text)}
        note = str(self.value or "").strip()
        if len(note) > MAX_NAME:
            raise ResourceEditError(f"A day's note has at most {MAX_NAME} characters.")
        return {"name": note}

    def do(self, session: Session) -> None:
        row = session.get(ResourceDay, self.day_id)
        if row is None:
            raise ResourceEditError("That day is no longer in the list.")
        if self._new is None:
            self._new = self._parse(session, row)
        self.resource_id = row.resource_id
        self._old = {name: getattr(row, name) for name in self._new}
        for name, value in self._new.items():
            setattr(row, name, value)
        session.flush()
        reschedule_projects_of(session, {row.resource_id})

    def undo(self, session: Session) -> None:
        row = session.get(ResourceDay, self.day_id)
        assert row is not None
        for name, value in self._old.items():
            setattr(row, name, value)
        session.flush()
        reschedule_projects_of(session, {row.resource_id})


class RemoveResourceDays(PoolCommand):
    """Take days out of resources' lists (the leave is cancelled); undo puts them back."""

    affects = POOL_AND_TASKS

    def __init__(self, day_ids: list[int] | set[int]) -> None:
        if not day_ids:
            raise ResourceEditError("No day is selected.")
        self.day_ids = set(day_ids)
        self.snapshot: RowSnapshot | None = None
        self._resources: set[int] = set()
        count = len(self.day_ids)
        self.text = "Remove day" if count == 1 else f"Remove {count} days"

    def do(self, session: Session) -> None:
        self._resources = set(
            session.scalars(
                select(ResourceDay.resource_id).where(ResourceDay.id.in_(self.day_ids))
            )
        )
        table = table_of(ResourceDay)
        self.snapshot = take_snapshot(session, table, self.day_ids)
        delete_rows(session, table, self.day_ids)
        reschedule_projects_of(session, self._resources)

    def undo(self, session: Session) -> None:
        assert self.snapshot is not None
        restore_snapshot(session, self.snapshot)
        reschedule_projects_of(session, self._resources)


# --------------------------------------------------------------------------- base calendars


def _get_calendar(session: Session, calendar_id: int) -> BaseCalendar:
    calendar = session.get(BaseCalendar, calendar_id)
    if calendar is None:
        raise ResourceEditError("That base calendar no longer exists.")
    return calendar


def _check_calendar_name(session: Session, name: Any, except_id: int | None = None) -> str:
    text = " ".join(str(name if name is not None else "").split())
    if not text:
        raise ResourceEditError("A base calendar needs a name.")
    if len(text) > 100:
        raise ResourceEditError("A base calendar's name has at most 100 characters.")
    for calendar_id, other in session.execute(select(BaseCalendar.id, BaseCalendar.name)):
        if other.casefold() == text.casefold() and calendar_id != except_id:
            raise ResourceEditError(f"There is already a base calendar named '{other}'.")
    return text


def _users_of_calendar(session: Session, calendar_id: int) -> tuple[set[int], set[int]]:
    """(resources, projects of tasks) on a base calendar."""
    resources = set(
        session.scalars(select(Resource.id).where(Resource.calendar_id == calendar_id))
    )
    projects = set(
        session.scalars(
            select(Task.project_id).where(Task.calendar_id == calendar_id).distinct()
        )
    )
    return resources, projects


def _reschedule_calendar_users(session: Session, resources: set[int], projects: set[int]) -> None:
    reschedule_projects_of(session, resources)
    if getattr(scheduling, "reschedule_projects_of", None) is None:
        return  # the engine does not read task calendars yet: nothing moves
    for project_id in projects:
        scheduling.reschedule(session, project_id)


class AddBaseCalendar(PoolCommand):
    """A new base calendar ("Calendar N", Mon-Fri 08-12/13-17 unless told otherwise)."""

    def __init__(
        self, name: str | None = None, weekdays: str | None = None, hours: str | None = None
    ) -> None:
        self.name = name
        self.weekdays = parse_weekdays_text(weekdays) if weekdays else "0,1,2,3,4"
        self.hours = parse_calendar_hours(hours) if hours else "08:00-12:00,13:00-17:00"
        self.calendar_id: int | None = None
        self._row: dict[str, Any] | None = None
        self.text = f"Add base calendar '{name}'" if name else "Add base calendar"

    def do(self, session: Session) -> None:
        table = table_of(BaseCalendar)
        if self._row is not None:
            session.execute(insert(table), [self._row])
            session.expire_all()
            return
        name = self.name
        if name is None:
            taken = {n.casefold() for n in session.scalars(select(BaseCalendar.name))}
            number = 1
            while f"calendar {number}" in taken:
                number += 1
            name = f"Calendar {number}"
        calendar = BaseCalendar(
            name=_check_calendar_name(session, name),
            working_weekdays=self.weekdays,
            working_hours=self.hours,
        )
        session.add(calendar)
        session.flush()
        self.calendar_id = calendar.id
        self._row = {c.name: getattr(calendar, c.key) for c in table.columns}

    def undo(self, session: Session) -> None:
        assert self.calendar_id is not None
        delete_rows(session, table_of(BaseCalendar), {self.calendar_id})


class EditBaseCalendar(PoolCommand):
    """Rename a base calendar or change its working days or hours ("24 Hours" is built in
    and stays as it is)."""

    FIELDS = {"name": "Name", "working_weekdays": "Working days", "working_hours": "Hours"}

    def __init__(self, calendar_id: int, field: str, value: Any) -> None:
        if field not in self.FIELDS:
            raise ResourceEditError(f"'{field}' of a base calendar cannot be edited.")
        self.calendar_id = calendar_id
        self.field = field
        self.value = value
        self.old_value: Any = None
        self.new_value: Any = None
        self._parsed = False
        self.text = f"Edit base calendar {self.FIELDS[field].lower()}"

    @property
    def affects(self) -> frozenset[str]:  # type: ignore[override]  # depends on the field
        return POOL if self.field == "name" else POOL_AND_TASKS

    def do(self, session: Session) -> None:
        calendar = _get_calendar(session, self.calendar_id)
        if calendar.name == ALL_HOURS_CALENDAR:
            raise ResourceEditError(
                f"'{ALL_HOURS_CALENDAR}' is built in and cannot be changed; add a calendar "
                "of your own instead."
            )
        if not self._parsed:
            if self.field == "name":
                self.new_value = _check_calendar_name(session, self.value, calendar.id)
            elif self.field == "working_weekdays":
                self.new_value = parse_weekdays_text(self.value)
            else:
                self.new_value = parse_calendar_hours(self.value)
            self._parsed = True
        self.old_value = getattr(calendar, self.field)
        setattr(calendar, self.field, self.new_value)
        session.flush()
        if self.field != "name":
            _reschedule_calendar_users(session, *_users_of_calendar(session, calendar.id))

    def undo(self, session: Session) -> None:
        calendar = _get_calendar(session, self.calendar_id)
        setattr(calendar, self.field, self.old_value)
        session.flush()
        if self.field != "name":
            _reschedule_calendar_users(session, *_users_of_calendar(session, calendar.id))


class DeleteBaseCalendar(PoolCommand):
    """Delete a base calendar; the resources and tasks on it go back to their project's
    calendar (the UI asks first when there are any). Undo restores the calendar and the
    references."""

    affects = POOL_AND_TASKS

    def __init__(self, calendar_id: int, name: str = "") -> None:
        self.calendar_id = calendar_id
        self.snapshot: RowSnapshot | None = None
        self._users: tuple[set[int], set[int]] = (set(), set())
        self.text = f"Delete base calendar '{name}'" if name else "Delete base calendar"

    def do(self, session: Session) -> None:
        calendar = _get_calendar(session, self.calendar_id)
        if calendar.name == ALL_HOURS_CALENDAR:
            raise ResourceEditError(f"'{ALL_HOURS_CALENDAR}' is built in and cannot be deleted.")
        self._users = _users_of_calendar(session, calendar.id)
        table = table_of(BaseCalendar)
        self.snapshot = take_snapshot(session, table, {calendar.id})
        delete_rows(session, table, {calendar.id})
        _reschedule_calendar_users(session, *self._users)

    def undo(self, session: Session) -> None:
        assert self.snapshot is not None
        restore_snapshot(session, self.snapshot)
        _reschedule_calendar_users(session, *self._users)
