"""Who is loaded when, across every project of the workspace (issue 18's resource usage).

:func:`read_usage` reads the pool's work resources and every assignment whose task overlaps
the window, turns them into the plain input of :mod:`infradesk.schedule.usage` and returns a
:class:`Usage`: the grid resource x day plus the names the view and the report print.
:func:`overloads` merges each resource's overloaded days into ranges.

Working time, as the engine schedules it: a task works on its own base calendar if it has one,
else on its project's calendar, and only when each of its resources that keeps its own time
works too (a resource with a base calendar, or with leave or exception days). A resource's
capacity on a day is its base calendar's working minutes that day (the standard Mon-Fri
08-12/13-17 week when it has none) x its maximum units; leave makes it 0 and an exception
day gives that day's hours. Material and cost resources have no usage.

The queries are private to this module: the pool's and the assignments' services answer other
questions (a sheet, a cell's text), these read exactly what the grid needs, in three queries.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import repeat
from operator import mul

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infradesk.model import (
    Assignment,
    BaseCalendar,
    Calendar,
    CalendarDay,
    FreezeWindow,
    Project,
    Resource,
    ResourceDay,
    Task,
)
from infradesk.schedule.calendar import CalendarError, WorkingCalendar, parse_hours
from infradesk.schedule.usage import (
    DayTable,
    Interval,
    Load,
    TaskRun,
    UsageGrid,
    day_run,
    intersect,
    minutes_of,
    spread,
)
from infradesk.store.workspace import Workspace

_FULL_DAY: tuple[Interval, ...] = ((0, 1440),)
# the longest window read_usage accepts: a view of a 30-year plan by day is not a view
MAX_DAYS = 366 * 10
# a calendar's table of minutes per day reaches this far beyond the window: a task that
# starts or ends further out is walked day by day (the same result, slower)
TABLE_MARGIN_DAYS = 92


@dataclass(frozen=True, slots=True)
class UsageResource:
    """A row of the usage grid: a work resource of the pool."""

    id: int
    name: str
    max_units: float
    calendar_name: str  # "" = the standard week


@dataclass(frozen=True, slots=True)
class UsageTask:
    """A task that loads some resource in the window."""

    id: int
    name: str
    project_id: int
    project_name: str


@dataclass(frozen=True, slots=True)
class CellLoad:
    """One task's load in a cell (minutes), for a tooltip."""

    task: UsageTask
    minutes: float
    focus: bool


@dataclass(frozen=True)
class Usage:
    """The usage of every work resource from ``first`` for ``days`` days; ``focus_project``
    is the project the user looks at (None: no project is set apart)."""

    first: date
    days: int
    focus_project: int | None
    resources: tuple[UsageResource, ...]
    tasks: dict[int, UsageTask]
    grid: UsageGrid

    def day(self, index: int) -> date:
        return self.first + timedelta(days=index)

    def index_of(self, day: date) -> int:
        return (day - self.first).days

    def cell(self, row: int, low: int, high: int) -> list[CellLoad]:
        """The tasks loading resource row ``row`` on day indexes ``low`` .. ``high - 1``."""
        return [
            CellLoad(self.tasks[c.task], c.minutes, c.focus)
            for c in self.grid.cell_tasks(row, low, high)
        ]


@dataclass(frozen=True, slots=True)
class Overload:
    """A resource loaded beyond its capacity from ``first`` to ``last`` (days off in between
    without load do not break it). ``peak_percent``: the highest load as a percentage of the
    capacity (None when all its overloaded days are days off: leave, a weekend); ``days_off``:
    overloaded days where the resource has no working time."""

    resource_id: int
    resource: str
    first: date
    last: date
    peak_percent: float | None
    days_off: int
    tasks: tuple[UsageTask, ...]
    projects: tuple[str, ...]


# --------------------------------------------------------------------------- reading


def read_usage(
    source: Workspace | Session, start: date, end: date, project_id: int | None = None
) -> Usage:
    """The usage of every work resource from ``start`` to ``end`` (both included), across all
    projects; ``project_id``'s tasks are the grid's *focus* (the rest shown greyed)."""
    if isinstance(source, Workspace):
        with source.read_session() as session:
            return _read(session, start, end, project_id)
    return _read(source, start, end, project_id)


def usage_span(source: Workspace | Session) -> tuple[date, date] | None:
    """The first and last day any work resource is assigned to a dated task (None: none)."""
    if isinstance(source, Workspace):
        with source.read_session() as session:
            return usage_span(session)
    first, last = source.execute(
        select(func.min(Task.start), func.max(Task.finish))
        .join(Assignment, Assignment.task_id == Task.id)
        .join(Resource, Resource.id == Assignment.resource_id)
        .where(Resource.kind == "work", Task.start.is_not(None), Task.finish.is_not(None))
    ).one()
    if first is None or last is None:
        return None
    return _as_day(first), _as_day(last)


def has_assigned_work(session: Session) -> bool:
    """Whether any work resource is assigned to any task (without it nobody is loaded; the
    answer reads neither the tasks nor the calendars)."""
    return (
        session.scalar(
            select(Assignment.id)
            .join(Resource, Resource.id == Assignment.resource_id)
            .where(Resource.kind == "work")
            .limit(1)
        )
        is not None
    )


def overloads(session: Session, start: date, end: date) -> list[Overload]:
    """Every resource's overloaded days from ``start`` to ``end``, merged into ranges, in
    resource then date order, with the tasks and projects loading it then."""
    if not has_assigned_work(session):
        return []
    usage = _read(session, start, end, None)
    found: list[Overload] = []
    for row, resource in enumerate(usage.resources):
        for span in usage.grid.overload_ranges(row):
            cells = usage.cell(row, span.first, span.last + 1)
            tasks = tuple(sorted((c.task for c in cells), key=lambda t: (t.project_name, t.name)))
            found.append(
                Overload(
                    resource.id,
                    resource.name,
                    usage.day(span.first),
                    usage.day(span.last),
                    None if span.peak is None else span.peak * 100.0,
                    span.days_off,
                    tasks,
                    tuple(sorted({t.project_name for t in tasks})),
                )
            )
    return found


def _as_day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _read(session: Session, start: date, end: date, project_id: int | None) -> Usage:
    if end < start:
        start, end = end, start
    days = min((end - start).days + 1, MAX_DAYS)
    end = start + timedelta(days=days - 1)
    calendars = _Calendars(session, (start, end))
    resources = session.execute(
        select(Resource.id, Resource.name, Resource.max_units, Resource.calendar_id)
        .where(Resource.kind == "work")
        .order_by(func.lower(Resource.name), Resource.id)
    ).all()
    rows = {rid: index for index, (rid, *_rest) in enumerate(resources)}
    capacity = array("d")
    for rid, _name, units, calendar_id in resources:
        capacity.extend(calendars.capacity(rid, calendar_id, float(units or 0.0), start, days))
    own_time = {
        rid: calendars.constraint(rid, calendar_id)
        for rid, _name, _units, calendar_id in resources
        if calendar_id is not None or rid in calendars.days
    }

    assignments = session.execute(
        select(
            Assignment.task_id,
            Assignment.resource_id,
            Assignment.units,
            Assignment.work_minutes,
            Task.project_id,
            Task.name,
            Task.start,
            Task.finish,
            Task.calendar_id,
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Resource, Resource.id == Assignment.resource_id)
        .where(
            Resource.kind == "work",
            Task.start.is_not(None),
            Task.finish.is_not(None),
            Task.finish >= datetime.combine(start, time()),
            Task.start < datetime.combine(end + timedelta(days=1), time()),
        )
        .order_by(Assignment.task_id, Assignment.position)
    ).all()
    project_names: dict[int, str] = {
        pid: name for pid, name in session.execute(select(Project.id, Project.name))
    }

    by_task: dict[int, list[tuple[int, float, int]]] = {}
    task_rows: dict[int, tuple[int, str, datetime | None, datetime | None, int | None]] = {}
    for task_id, rid, units, work, pid, name, t_start, t_finish, t_calendar in assignments:
        by_task.setdefault(task_id, []).append((rid, float(units or 0.0), int(work or 0)))
        task_rows[task_id] = (pid, name or "", t_start, t_finish, t_calendar)

    calendars.read_projects({row[0] for row in task_rows.values()})
    runs: dict[int, TaskRun] = {}
    loads: list[Load] = []
    tasks: dict[int, UsageTask] = {}
    for task_id, assigned in by_task.items():
        pid, name, t_start, t_finish, t_calendar = task_rows[task_id]
        tasks[task_id] = UsageTask(task_id, name, pid, project_names.get(pid, ""))
        assert t_start is not None and t_finish is not None  # the query's condition
        task_time = calendars.task_time(pid, t_calendar)
        constraints = tuple(own_time[rid] for rid, _u, _w in assigned if rid in own_time)
        run = _run(t_start, t_finish, task_time, constraints, start)
        runs[task_id] = run
        for rid, units, work in assigned:
            if work <= 0:
                work = round(run.total * units)  # not computed yet (an older import)
            loads.append(Load(task_id, rows[rid], float(work), pid == project_id))

    grid = spread(len(resources), days, capacity, runs, loads)
    return Usage(
        start,
        days,
        project_id,
        tuple(
            UsageResource(rid, name, float(units or 0.0), calendars.name_of(calendar_id))
            for rid, name, units, calendar_id in resources
        ),
        tasks,
        grid,
    )


IntervalsOf = Callable[[date], Sequence[Interval]]


def _run(
    start: datetime,
    finish: datetime,
    task_time: DayTable,
    constraints: tuple[IntervalsOf, ...],
    origin: date,
) -> TaskRun:
    """The task's working minutes per day: its calendar and its own-time resources together;
    when they have nothing in common between its dates (stored dates older than a resource's
    leave), its calendar alone."""
    if constraints:

        def together(day: date) -> Sequence[Interval]:
            intervals = task_time.intervals_of(day)
            for constraint in constraints:
                if not intervals:
                    break
                intervals = intersect(intervals, constraint(day))
            return intervals

        first, minutes = day_run(start, finish, together)
        if sum(minutes) > 0:
            return TaskRun((first - origin).days, minutes)
    return task_time.task_run(start, finish, origin)


class _Calendars:
    """The workspace's base calendars, the projects' calendars and the resources' days, read
    once, with each day's intervals cached (a holiday lookup is a dict probe per day)."""

    def __init__(self, session: Session, window: tuple[date, date]) -> None:
        self.session = session
        self.standard = WorkingCalendar()
        self.bases: dict[int, tuple[str, WorkingCalendar]] = {}
        for cid, name, weekdays, hours in session.execute(
            select(
                BaseCalendar.id,
                BaseCalendar.name,
                BaseCalendar.working_weekdays,
                BaseCalendar.working_hours,
            )
        ):
            try:
                calendar = WorkingCalendar.from_spec(weekdays=weekdays, hours=hours)
            except CalendarError:  # refused on entry; an old or imported row: the standard week
                calendar = self.standard
            self.bases[cid] = (name, calendar)
        self.days: dict[int, dict[date, tuple[Interval, ...]]] = {}
        for rid, day, kind, hours in session.execute(
            select(
                ResourceDay.resource_id,
                ResourceDay.day,
                ResourceDay.kind,
                ResourceDay.working_hours,
            )
        ):
            try:
                intervals = () if kind == "leave" else parse_hours(hours or "")
            except CalendarError:
                intervals = ()
            self.days.setdefault(rid, {})[day] = intervals
        self._projects: dict[int, WorkingCalendar] = {}
        self._cached: dict[tuple[object, ...], IntervalsOf] = {}
        self._tables: dict[tuple[object, ...], DayTable] = {}
        self._capacity: dict[tuple[object, ...], list[int]] = {}
        self.window = window

    def name_of(self, calendar_id: int | None) -> str:
        return self.bases[calendar_id][0] if calendar_id in self.bases else ""

    def _base(self, calendar_id: int | None) -> WorkingCalendar:
        return self.bases[calendar_id][1] if calendar_id in self.bases else self.standard

    def _memo(self, key: tuple[object, ...], intervals_of: IntervalsOf) -> IntervalsOf:
        found = self._cached.get(key)
        if found is None:
            cache: dict[date, Sequence[Interval]] = {}

            def found(day: date) -> Sequence[Interval]:
                intervals = cache.get(day)
                if intervals is None:
                    intervals = cache[day] = intervals_of(day)
                return intervals

            self._cached[key] = found
        return found

    def task_time(self, project_id: int, calendar_id: int | None) -> DayTable:
        """When a task works: its base calendar, else its project's calendar, as a table of
        the days around the window (runs are slices of it)."""
        if calendar_id in self.bases:
            key: tuple[object, ...] = ("base", calendar_id)
            calendar = self._base(calendar_id)
        else:
            key = ("project", project_id)
            calendar = self._projects.get(project_id, self.standard)
        table = self._tables.get(key)
        if table is None:
            first, last = self.window
            table = self._tables[key] = DayTable(
                self._memo(key, calendar.day_intervals),
                first - timedelta(days=TABLE_MARGIN_DAYS),
                last + timedelta(days=TABLE_MARGIN_DAYS),
            )
        return table

    def read_projects(self, project_ids: set[int]) -> None:
        """The calendars of ``project_ids``, three queries for all of them (``calendar_of``
        reads one project's; a project without a calendar works the standard week)."""
        if not project_ids:
            return
        rows = self.session.execute(
            select(
                Calendar.id,
                Calendar.project_id,
                Calendar.working_weekdays,
                Calendar.working_hours,
                Calendar.holiday_country,
                Calendar.holiday_region,
            ).where(Calendar.project_id.in_(project_ids))
        ).all()
        owner = {cid: pid for cid, pid, *_rest in rows}
        days: dict[int, list[tuple[date, str, str, str]]] = {}
        for cid, day, kind, name, hours in self.session.execute(
            select(
                CalendarDay.calendar_id,
                CalendarDay.day,
                CalendarDay.kind,
                CalendarDay.name,
                CalendarDay.working_hours,
            ).where(CalendarDay.calendar_id.in_(owner))
        ):
            days.setdefault(cid, []).append((day, kind, name, hours))
        freezes: dict[int, list[tuple[str, date, date]]] = {}
        for cid, name, first, last in self.session.execute(
            select(
                FreezeWindow.calendar_id, FreezeWindow.name, FreezeWindow.start, FreezeWindow.finish
            ).where(FreezeWindow.calendar_id.in_(owner))
        ):
            freezes.setdefault(cid, []).append((name, first, last))
        for cid, pid, weekdays, hours, country, region in rows:
            try:
                self._projects[pid] = WorkingCalendar.from_spec(
                    weekdays=weekdays,
                    hours=hours,
                    holiday_country=country,
                    holiday_region=region,
                    days=days.get(cid, []),
                    freezes=freezes.get(cid, []),
                )
            except CalendarError:  # the Gantt says what is wrong with it; usage goes on
                self._projects[pid] = self.standard

    def constraint(self, resource_id: int, calendar_id: int | None) -> IntervalsOf:
        """When a resource that keeps its own time can work: its base calendar (any time if
        it has none: it follows the task's) with its leave and exception days on top."""
        own = self.days.get(resource_id, {})
        base = self._base(calendar_id).day_intervals if calendar_id in self.bases else None

        def intervals_of(day: date) -> Sequence[Interval]:
            if day in own:
                return own[day]
            return base(day) if base is not None else _FULL_DAY

        return self._memo(("resource", resource_id), intervals_of)

    def capacity(
        self, resource_id: int, calendar_id: int | None, units: float, first: date, days: int
    ) -> array[float]:
        """Minutes the resource can give on each of ``days`` days from ``first``: its base
        calendar's day (computed once per calendar) x units, its own days on top."""
        key = ("capacity", calendar_id, first, days)
        week = self._capacity.get(key)
        if week is None:
            intervals_of = self._base(calendar_id).day_intervals
            week = self._capacity[key] = [
                minutes_of(intervals_of(first + timedelta(days=i))) for i in range(days)
            ]
        result = array("d", map(mul, week, repeat(units)))
        for day, intervals in self.days.get(resource_id, {}).items():
            index = (day - first).days
            if 0 <= index < days:
                result[index] = minutes_of(intervals) * units
        return result


__all__ = [
    "MAX_DAYS",
    "CellLoad",
    "Overload",
    "Usage",
    "UsageResource",
    "UsageTask",
    "has_assigned_work",
    "overloads",
    "read_usage",
    "usage_span",
]
