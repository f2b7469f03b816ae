"""Schedule a stored project: rows -> plain engine input -> engine -> changed rows written back.

The caller owns the transaction (``with workspace.session() as s: reschedule(s, pid)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import (
    Assignment,
    Calendar,
    CalendarDay,
    ChangeWindow,
    Dependency,
    FreezeWindow,
    Project,
    Task,
)
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
from infradesk.services.bulk import update_by_id
from infradesk.services.plan.cross_links import (
    external_gates,
    has_cross_successors,
    merge_gates,
)
from infradesk.services.plan.task_calendars import task_clocks
from infradesk.services.vendors.gates import delivery_gates


class ProjectNotFound(UserError, LookupError):
    """The project is not (or no longer) in the workspace. A user can meet it: another window
    or program may delete the project a view or a report is about."""


#: the change-window kinds that freeze production changes like a calendar freeze
FREEZING_WINDOW_KINDS = ("freeze", "blackout")


def window_freezes(session: Session, project_id: int) -> list[tuple[str, date, date]]:
    """The shared (workspace) and the project's own freeze and blackout change windows as
    calendar freezes ``(name, first day, last day)``: a window's exclusive finish instant
    becomes the last day it touches (freezes are whole days in the engine)."""
    rows = session.execute(
        select(ChangeWindow.name, ChangeWindow.start, ChangeWindow.finish)
        .where(
            ChangeWindow.kind.in_(FREEZING_WINDOW_KINDS),
            (ChangeWindow.project_id.is_(None)) | (ChangeWindow.project_id == project_id),
        )
        .order_by(ChangeWindow.start, ChangeWindow.id)
    ).all()
    freezes: list[tuple[str, date, date]] = []
    for name, start, finish in rows:
        last = (finish - timedelta(minutes=1)).date() if finish > start else start.date()
        freezes.append((name, start.date(), max(last, start.date())))
    return freezes


def calendar_of(session: Session, project_id: int) -> WorkingCalendar:
    """The project's working calendar (the default Mon-Fri 08-12/13-17 when it has none),
    with the workspace's and the project's freeze/blackout change windows as freezes."""
    row = session.scalars(select(Calendar).where(Calendar.project_id == project_id)).one_or_none()
    windows = window_freezes(session, project_id)
    if row is None:
        return WorkingCalendar.from_spec(freezes=windows) if windows else WorkingCalendar()
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
        freezes=[*((name, start, finish) for name, start, finish in freezes), *windows],
    )


def plan_input_for(session: Session, project_id: int) -> PlanInput:
    """Load one project's tasks, links and calendar as engine input (plain data only)."""
    return plan_input_from(
        session,
        project_id,
        lambda gates: task_inputs(session, Task.project_id == project_id, gates),
        lambda: link_inputs(session, project_id),
    )


def plan_input_from(
    session: Session,
    project_id: int,
    tasks_of: Callable[[Mapping[int, datetime]], list[TaskInput]],
    links_of: Callable[[], list[LinkInput]],
) -> PlanInput:
    """:func:`plan_input_for` with the tasks and links given by the caller (the export has
    read the task rows already): ``tasks_of(gates)`` gives the tasks' engine input in
    outline order (``ORDER BY position, id``) as :func:`task_inputs` does, ``links_of()``
    the links as :func:`link_inputs` does. The calendar, gates, clocks and status date are
    read here."""
    project_start = session.scalar(select(Project.start).where(Project.id == project_id))
    if project_start is None:
        raise ProjectNotFound(f"There is no project with id {project_id}")
    calendar = calendar_of(session, project_id)
    # a delivery gates its linked task; an external predecessor gates its successor
    gates = merge_gates(
        delivery_gates(session, project_id, calendar),
        external_gates(session, project_id, calendar, project_start),
    )
    tasks = task_clocks(session, project_id).apply(tasks_of(gates))
    status_date, after_status = session.execute(
        select(Project.status_date, Project.reschedule_after_status).where(Project.id == project_id)
    ).one()
    return PlanInput(
        project_start,
        calendar,
        tasks,
        links_of(),
        status_date=status_date,
        reschedule_after_status=bool(after_status),
    )


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
    Task.constraint_type,
    Task.constraint_date,
    Task.actual_start,
    Task.actual_finish,
    Task.manual,
    Task.start.label("manual_start"),  # labelled: callers select Task.start beside these
    Task.elapsed,
    Task.leveling_delay_minutes,
)


def constraint_of(
    constraint_type: str | None, constraint_date: datetime | None, old_snet: datetime | None
) -> tuple[str, datetime | None]:
    """A stored task's constraint. ``old_snet`` is the old start-no-earlier-than column, read
    only while an importer still writes it (transition of issue 15: drop with the column)."""
    kind = (constraint_type or "ASAP").upper()
    if kind == "ASAP" and old_snet is not None:
        return "SNET", old_snet
    return kind, constraint_date


def gated_constraint(
    kind: str, moment: datetime | None, gate: datetime | None
) -> tuple[str, datetime | None]:
    """The constraint with a vendor delivery ``gate`` applied: the delivery acts as a
    start-no-earlier-than (the later date wins) on an ASAP or SNET task. A task with another
    constraint keeps it (the PM pinned or capped it by hand; the delivery shows as a marker)."""
    if gate is None:
        return kind, moment
    if kind == "ASAP":
        return "SNET", gate
    if kind == "SNET":
        return "SNET", gate if moment is None else max(moment, gate)
    return kind, moment


def task_input(row: Sequence[Any], gates: Mapping[int, datetime]) -> TaskInput:
    """The engine input of one row of ``TASK_INPUT_COLUMNS``. A vendor delivery in ``gates``
    (task id -> date) acts like a start-no-earlier-than: see :func:`gated_constraint`."""
    kind, moment = gated_constraint(*constraint_of(row[9], row[10], row[4]), gates.get(row[0]))
    return TaskInput(
        row[0],
        row[1],
        max(0, int(row[2] or 0)),
        bool(row[3]),
        None,
        row[5],
        bool(row[6]),
        float(row[7] or 0.0),
        row[8] or "",
        constraint_type=kind,
        constraint_date=moment,
        actual_start=row[11],
        actual_finish=row[12],
        manual=bool(row[13]),
        manual_start=row[14] if row[13] else None,  # a manual task's stored start is the user's
        elapsed=bool(row[15]),
        leveling_delay_minutes=max(0, int(row[16] or 0)),
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
    if has_cross_successors(session, project_id):
        # lazy: the propagation reschedules incrementally, which builds on this module
        from infradesk.services.plan.propagation import reschedule_downstream

        reschedule_downstream(session, project_id)
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
        update_by_id(session, Task, rows)


def projects_using(session: Session, resource_ids: Iterable[int]) -> list[int]:
    """The projects with tasks assigned to any of ``resource_ids``, by id."""
    ids = list(resource_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(Task.project_id)
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Assignment.resource_id.in_(ids))
            .distinct()
            .order_by(Task.project_id)
        )
    )


def reschedule_projects_of(session: Session, resource_ids: Iterable[int]) -> list[int]:
    """Reschedule every project with tasks assigned to ``resource_ids`` (after an edit of
    those resources' calendars, leave or assignments); returns the projects' ids. The
    incremental rescheduler notices the change through its fingerprint."""
    project_ids = projects_using(session, resource_ids)
    for project_id in project_ids:
        reschedule(session, project_id)
    return project_ids


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


class PlannedDates:
    """Where the plan has each task *as planned*: the schedule without the status-date rule.

    Once uncompleted work is rescheduled after the status date, a task that should have run
    last week shows after the status date; "done as planned", "mark on track" and "update work
    as complete through" record the dates it was planned for, not those. The engine runs (in
    memory, nothing written) only when the project has a status date that pushes work, and at
    most once per instance; otherwise the stored dates are the planned ones."""

    def __init__(self, session: Session, project_id: int) -> None:
        self.session = session
        self.project_id = project_id
        self._dates: dict[int, tuple[datetime, datetime]] | None = None

    def of(
        self, task_id: int, stored: tuple[datetime | None, datetime | None]
    ) -> tuple[datetime | None, datetime | None]:
        """``task_id``'s planned start and finish; ``stored``: its stored dates."""
        if self._dates is None:
            status_date, after_status = self.session.execute(
                select(Project.status_date, Project.reschedule_after_status).where(
                    Project.id == self.project_id
                )
            ).one()
            if status_date is None or not after_status:
                self._dates = {}
            else:
                plan = plan_input_for(self.session, self.project_id)
                self._dates = schedule(replace(plan, status_date=None)).start_finish()
        return self._dates.get(task_id, stored)
