"""The calendars a project's schedule needs beyond its own (issue 18), read as engine data.

A task's own base calendar (``Task.calendar_id``), its leveling delay, and the calendars of
the work resources assigned to it (their base calendar, their leave and exception days) turn
into :class:`~infradesk.schedule.task_calendars.ClockSpec` values on the tasks' engine input
(see that module for the rules). Four small queries whatever the plan's size: the tasks with
a calendar or a delay, the assignments of resources that differ from the project calendar,
those resources' days, and the base calendars used. A plan whose resources all follow the
project calendar gets no clocks and keeps the engine's fast path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from infradesk.model import Task
from infradesk.model.resource import Assignment, BaseCalendar, Resource, ResourceDay
from infradesk.schedule.calendar import Interval, WorkingCalendar, parse_hours
from infradesk.schedule.plan import PlanInput, TaskInput
from infradesk.schedule.task_calendars import ClockSpec, ResourceClock, clocks_for


@dataclass(frozen=True)
class TaskClocks:
    """What a project's tasks need beyond the project calendar: task id -> clock, and task
    id -> leveling delay in working minutes."""

    clocks: dict[int, ClockSpec]
    delays: dict[int, int]

    def apply(self, tasks: Sequence[TaskInput]) -> list[TaskInput]:
        """``tasks`` with their clocks and delays (unchanged inputs kept as they are)."""
        clocks, delays = self.clocks, self.delays
        if not clocks and not delays:
            return list(tasks)
        result = []
        for task in tasks:
            clock, delay = clocks.get(task.id), delays.get(task.id, 0)
            if clock is not None or delay:
                task = replace(task, clock=clock, leveling_delay_minutes=delay)
            result.append(task)
        return result


def base_calendar(weekdays: str, hours: str) -> WorkingCalendar:
    """A base calendar as the engine's calendar (no holidays: it replaces the project's)."""
    return WorkingCalendar.from_spec(weekdays=weekdays, hours=hours)


def _day_hours(day: date, kind: str, hours: str) -> tuple[Interval, ...]:
    if kind == "leave":
        return ()
    return parse_hours(hours or "", f"resource day {day.isoformat()}")


def task_clocks(
    session: Session, project_id: int, task_ids: Iterable[int] | None = None
) -> TaskClocks:
    """The clocks and delays of the project's tasks (only ``task_ids`` when given)."""
    task_filter = [Task.project_id == project_id]
    if task_ids is not None:
        task_filter.append(Task.id.in_(list(task_ids)))
    own = session.execute(
        select(Task.id, Task.calendar_id, Task.leveling_delay_minutes).where(
            *task_filter,
            or_(Task.calendar_id.is_not(None), Task.leveling_delay_minutes != 0),
        )
    ).all()
    differs = or_(
        Resource.calendar_id.is_not(None),
        exists().where(ResourceDay.resource_id == Resource.id),
    )
    assigned = session.execute(
        select(Assignment.task_id, Resource.id, Resource.name, Resource.calendar_id)
        .join(Resource, Resource.id == Assignment.resource_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(
            *task_filter,
            Resource.kind == "work",
            Assignment.units > 0,
            differs,
        )
    ).all()
    calendar_ids = {c for _t, c, _d in own if c is not None}
    calendar_ids.update(c for _t, _r, _n, c in assigned if c is not None)
    calendars: dict[int, tuple[str, WorkingCalendar]] = {}
    if calendar_ids:
        for cid, name, weekdays, hours in session.execute(
            select(
                BaseCalendar.id,
                BaseCalendar.name,
                BaseCalendar.working_weekdays,
                BaseCalendar.working_hours,
            ).where(BaseCalendar.id.in_(calendar_ids))
        ):
            calendars[cid] = (name, base_calendar(weekdays, hours))
    days: dict[int, list[tuple[date, tuple[Interval, ...]]]] = {}
    resource_ids = {r for _t, r, _n, _c in assigned}
    if resource_ids:
        for rid, day, kind, hours in session.execute(
            select(
                ResourceDay.resource_id, ResourceDay.day, ResourceDay.kind,
                ResourceDay.working_hours,
            )
            .where(ResourceDay.resource_id.in_(resource_ids))
            .order_by(ResourceDay.resource_id, ResourceDay.day)
        ):  # fmt: skip
            days.setdefault(rid, []).append((day, _day_hours(day, kind, hours)))
    resource_clocks: dict[int, ResourceClock] = {}
    task_resources: dict[int, list[ResourceClock]] = {}
    for task_id, rid, name, resource_calendar in assigned:
        clock = resource_clocks.get(rid)
        if clock is None:
            found = calendars.get(resource_calendar) if resource_calendar is not None else None
            calendar = found[1] if found is not None else None
            clock = resource_clocks[rid] = ResourceClock(name, calendar, tuple(days.get(rid, ())))
        task_resources.setdefault(task_id, []).append(clock)
    task_calendars = {t: calendars[c] for t, c, _d in own if c in calendars}
    delays = {t: int(d) for t, _c, d in own if d and d > 0}
    return TaskClocks(clocks_for(task_calendars, task_resources), delays)


def with_clocks(session: Session, project_id: int, plan: PlanInput) -> PlanInput:
    """``plan`` with its tasks' clocks and leveling delays."""
    found = task_clocks(session, project_id)
    if not found.clocks and not found.delays:
        return plan
    return replace(plan, tasks=found.apply(plan.tasks))
