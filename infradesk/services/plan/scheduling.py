"""Schedule a stored project: rows -> plain engine input -> engine -> changed rows written back.

The caller owns the transaction (``with workspace.session() as s: reschedule(s, pid)``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Calendar, CalendarDay, Dependency, FreezeWindow, Project, Task
from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.engine import (
    CycleError,
    LinkInput,
    PlanInput,
    ScheduleResult,
    TaskInput,
    find_cycle_if_linked,
    schedule,
)
from infradesk.services.vendors.gates import delivery_gates


class ProjectNotFound(UserError, LookupError):
    """The project is not (or no longer) in the workspace. A user can meet it: another window
    or program may delete the project a view or a report is about."""


def calendar_of(session: Session, project_id: int) -> WorkingCalendar:
    """The project's working calendar (the default Mon-Fri 08-12/13-17 when it has none)."""
    row = session.scalars(select(Calendar).where(Calendar.project_id == project_id)).one_or_none()
    if row is None:
        return WorkingCalendar()
    days = session.execute(
        select(CalendarDay.day, CalendarDay.kind, CalendarDay.name, CalendarDay.working_hours)
        .where(CalendarDay.calendar_id == row.id)
        .order_by(CalendarDay.day)
    ).all()
    freezes = session.execute(
        select(FreezeWindow.name, FreezeWindow.start, FreezeWindow.finish)
        .where(FreezeWindow.calendar_id == row.id)
        .order_by(FreezeWindow.start)
    ).all()
    return WorkingCalendar.from_spec(
        weekdays=row.working_weekdays,
        hours=row.working_hours,
        holiday_country=row.holiday_country,
        holiday_region=row.holiday_region,
        days=[(day, kind, name, hours) for day, kind, name, hours in days],
        freezes=[(name, start, finish) for name, start, finish in freezes],
    )


def plan_input_for(session: Session, project_id: int) -> PlanInput:
    """Load one project's tasks, links and calendar as engine input (plain data only)."""
    project_start = session.scalar(select(Project.start).where(Project.id == project_id))
    if project_start is None:
        raise ProjectNotFound(f"There is no project with id {project_id}")
    calendar = calendar_of(session, project_id)
    gates = delivery_gates(session, project_id, calendar)  # a delivery gates its linked task
    tasks = task_inputs(session, Task.project_id == project_id, gates)
    return PlanInput(project_start, calendar, tasks, link_inputs(session, project_id))


# what the engine reads of a task, in the order :func:`task_input` expects
TASK_INPUT_COLUMNS = (
    Task.id,
    Task.parent_id,
    Task.duration_minutes,
    Task.milestone,
    Task.start_no_earlier_than,
    Task.deadline,
    Task.production_change,
    Task.percent_complete,
    Task.name,
)


def task_input(row: Sequence[Any], gates: Mapping[int, datetime]) -> TaskInput:
    """The engine input of one row of ``TASK_INPUT_COLUMNS``. A vendor delivery in ``gates``
    (task id -> date) acts like a start-no-earlier-than: the later one wins."""
    return TaskInput(
        row[0],
        row[1],
        max(0, int(row[2] or 0)),
        bool(row[3]),
        max(filter(None, (row[4], gates.get(row[0]))), default=None),
        row[5],
        bool(row[6]),
        float(row[7] or 0.0),
        row[8] or "",
    )


def task_inputs(
    session: Session, where: ColumnElement[bool], gates: Mapping[int, datetime]
) -> list[TaskInput]:
    """The engine input of the tasks matching ``where``, in outline order (see
    :func:`task_input` for the gates)."""
    rows = session.execute(
        select(*TASK_INPUT_COLUMNS).where(where).order_by(Task.position, Task.id)
    ).all()
    return [task_input(r, gates) for r in rows]


def link_inputs(session: Session, project_id: int) -> list[LinkInput]:
    """The project's links as engine input (a missing type is FS, a missing lag 0)."""
    return [
        LinkInput(p, s, (t or "FS").upper(), int(lag or 0))
        for p, s, t, lag in session.execute(
            select(
                Dependency.predecessor_id,
                Dependency.successor_id,
                Dependency.type,
                Dependency.lag_minutes,
            ).where(Dependency.project_id == project_id)
        )
    ]


def reschedule(session: Session, project_id: int) -> ScheduleResult:
    """Schedule the project and store each task's new start and finish (summaries also get
    their rolled-up duration and percent complete). Only changed rows are written.

    Raises :class:`~infradesk.schedule.engine.CycleError` (a ``ValueError``) naming the tasks
    of a loop; nothing is written then.
    """
    plan = plan_input_for(session, project_id)
    result = schedule(plan)
    _write_back(session, project_id, result)
    return result


def stored_changes(
    session: Session, project_id: int, result: ScheduleResult
) -> list[dict[str, Any]]:
    """What writing ``result`` back changes: per task whose stored values differ, a dict of
    ``id`` and the new ``start``/``finish`` (summaries also ``duration_minutes`` and
    ``percent_complete``), ready for an ORM bulk UPDATE by primary key."""
    stored = session.execute(
        select(
            Task.id, Task.start, Task.finish, Task.duration_minutes, Task.percent_complete
        ).where(Task.project_id == project_id)
    ).all()
    changes: list[dict[str, Any]] = []
    dates = result.start_finish()
    for task_id, start, finish, duration, percent in stored:
        new_start, new_finish = dates[task_id]
        change: dict[str, Any] = {}
        if start != new_start:
            change["start"] = new_start
        if finish != new_finish:
            change["finish"] = new_finish
        if result.is_summary(task_id):
            computed = result[task_id]
            if duration != computed.duration_minutes:
                change["duration_minutes"] = computed.duration_minutes
            rolled = round(computed.percent_complete, 2)
            if percent is None or abs(percent - rolled) > 1e-9:
                change["percent_complete"] = rolled
        if change:
            change["id"] = task_id
            changes.append(change)
    return changes


def _write_back(session: Session, project_id: int, result: ScheduleResult) -> None:
    changes = stored_changes(session, project_id, result)
    if not changes:
        return
    # Objects the session already holds are updated in place (so callers see fresh values);
    # the rest goes out as one bulk UPDATE by primary key per set of columns.
    bulk: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in changes:
        obj = session.identity_map.get(session.identity_key(Task, change["id"]))
        if obj is not None:
            for key, value in change.items():
                if key != "id":
                    setattr(obj, key, value)
        else:
            bulk.setdefault(tuple(sorted(change)), []).append(change)
    for rows in bulk.values():
        session.execute(update(Task), rows)


def computed_fields(session: Session, project_id: int) -> dict[int, dict[str, object]]:
    """Per database task id the export's computed keys (early/late dates, floats, critical)."""
    return schedule(plan_input_for(session, project_id)).computed_fields()


def check_link(
    session: Session, project_id: int, predecessor_id: int, successor_id: int, link_type: str = "FS"
) -> None:
    """Refuse a link that would close a loop: raises ``CycleError`` naming the loop's tasks."""
    plan = plan_input_for(session, project_id)
    loop = find_cycle_if_linked(plan.tasks, plan.links, predecessor_id, successor_id, link_type)
    if loop is not None:
        raise CycleError(loop, {t.id: t.name for t in plan.tasks})
