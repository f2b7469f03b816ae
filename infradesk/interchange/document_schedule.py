"""Schedule a typed project document without a workspace: the engine input it stands for.

A reader that checks imported dates against the schedule (Excel) and the storing side that
writes the computed dates share one engine run: the reader keeps the :class:`DocumentSchedule`
it computed in ``ImportResult.schedules`` and the storing side uses it when the project it
writes gives the same engine input (it always does unless the document was changed in
between); otherwise it runs the engine itself. Either way an import runs the engine once.

The input is the one ``services.plan.scheduling.plan_input_for`` builds from the stored rows,
keyed by document task ids: same calendar (through the same text forms), same tasks in the
same order (sibling position, then document order), same links, and vendor deliveries gating
their tasks (the actual date once delivered, else the promised one, at the start of that
working day; cancelled deliveries gate nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import attrgetter, itemgetter

from infradesk.interchange import document as d
from infradesk.schedule.calendar import (
    WorkingCalendar,
    format_hours,
    format_weekdays,
    normalize_hours,
)
from infradesk.schedule.engine import LinkInput, PlanInput, ScheduleResult, TaskInput, schedule
from infradesk.schedule.input_columns import task_inputs_of_columns
from infradesk.schedule.task_calendars import ClockSpec, ResourceClock, clocks_for

DELIVERY_STATUSES = ("planned", "ordered", "in progress", "shipped", "delivered", "cancelled")
DEFAULT_DELIVERY_STATUS = "ordered"

#: The document task's fields an engine input is made of, read at once (``task_inputs``).
_INPUT_FIELDS = attrgetter(
    "id", "parent", "duration_minutes", "milestone", "deadline", "production_change",
    "percent_complete", "name", "constraint_type", "constraint_date", "actual_start",
    "actual_finish", "manual", "start", "elapsed", "leveling_delay_minutes",
)  # fmt: skip
_ID = attrgetter("id")
_POSITION = itemgetter(0)
#: Engine inputs filled at a time (see ``xml_common._CHUNK``).
_CHUNK = 1024


def hours_text(hours: Iterable[tuple[int, int]], what: str = "working hours") -> str:
    """The stored text of working hours (``08:00-12:00,13:00-17:00``), sorted and merged;
    raises CalendarError when an interval is impossible or two overlap."""
    return format_hours(normalize_hours(hours, what))


def weekdays_text(days: Iterable[int]) -> str:
    return format_weekdays(set(days))


def working_calendar(calendar: d.Calendar | None) -> WorkingCalendar:
    """The engine's calendar of a document calendar (the default one for None); raises
    CalendarError naming what cannot be used."""
    if calendar is None:
        return WorkingCalendar()
    return WorkingCalendar.from_spec(
        weekdays=weekdays_text(calendar.working_weekdays),
        hours=hours_text(calendar.working_hours),
        holiday_country=calendar.holiday_country,
        holiday_region=calendar.holiday_region,
        days=[
            *((h.date, "holiday", h.name, "") for h in calendar.holidays),
            *(
                (e.date, "exception", e.name, hours_text(e.working_hours))
                for e in calendar.exceptions
            ),
        ],
        freezes=[(f.name, f.start, f.finish) for f in calendar.freeze_windows],
    )


def delivery_status(text: str) -> str:
    """A delivery's stored status: the document's text when it is a known one, else
    ``ordered``."""
    status = text.strip().lower()
    return status if status in DELIVERY_STATUSES else DEFAULT_DELIVERY_STATUS


def _day_start(calendar: WorkingCalendar, day: date) -> datetime:
    intervals = calendar.day_intervals(day)
    midnight = datetime.combine(day, time(0, 0))
    return midnight + timedelta(minutes=intervals[0][0]) if intervals else midnight


def delivery_gates(project: d.Project, calendar: WorkingCalendar) -> dict[int, datetime]:
    """Document task id -> the earliest start its deliveries allow."""
    gates: dict[int, datetime] = {}
    for vendor in project.vendors:
        for delivery in vendor.deliverables:
            if delivery.task is None or delivery_status(delivery.status) == "cancelled":
                continue
            day = delivery.actual or delivery.promised
            if day is None:
                continue
            moment = _day_start(calendar, day)
            if delivery.task not in gates or moment > gates[delivery.task]:
                gates[delivery.task] = moment
    return gates


def project_start(project: d.Project) -> datetime | None:
    """The project's start, else its earliest task start (None when there is neither)."""
    if project.start is not None:
        return project.start
    return min((task.start for task in project.tasks if task.start is not None), default=None)


def task_order(tasks: Iterable[d.Task]) -> list[tuple[int, d.Task]]:
    """(sibling position, task) in the order the workspace lists stored tasks: by position
    among siblings, then in document order."""
    positions: dict[int | None, int] = {}
    ordered = []
    for task in tasks:
        parent = task.parent
        position = positions.get(parent, 0)
        positions[parent] = position + 1
        ordered.append((position, task))
    ordered.sort(key=_POSITION)  # stable: document order among equal positions
    return ordered


@dataclass(frozen=True)
class DocumentPool:
    """The resources and base calendars a document's tasks name, by name key: what the
    engine needs to place tasks on their own and their resources' working time."""

    resources: Mapping[str, d.Resource] = field(default_factory=dict)
    calendars: Mapping[str, d.BaseCalendar] = field(default_factory=dict)

    @classmethod
    def of(cls, document: d.Document) -> DocumentPool:
        return cls(
            {d.resource_key(r.name): r for r in document.resources},
            {d.resource_key(c.name): c for c in document.base_calendars},
        )


def _base(calendar: d.BaseCalendar) -> WorkingCalendar:
    """A base calendar as the engine's (no holidays: it replaces the project's)."""
    return WorkingCalendar.from_spec(
        weekdays=weekdays_text(calendar.working_weekdays),
        hours=hours_text(calendar.working_hours, f"calendar '{calendar.name}'"),
    )


def task_clocks(project: d.Project, pool: DocumentPool) -> dict[int, ClockSpec]:
    """Document task id -> its working time when it is not the project calendar's: its own
    base calendar intersected with its work resources' (their base calendar, else the
    project's, with their leave and exception days), as the workspace computes it
    (``services.plan.task_calendars``). Raises CalendarError for hours it cannot use."""
    if not pool.resources and not pool.calendars:
        return {}
    bases: dict[str, WorkingCalendar] = {}

    def base(name: str) -> WorkingCalendar | None:
        key = d.resource_key(name)
        if key not in bases and key in pool.calendars:
            bases[key] = _base(pool.calendars[key])
        return bases.get(key)

    clocks: dict[str, ResourceClock] = {}
    task_calendars: dict[int, tuple[str, WorkingCalendar]] = {}
    task_resources: dict[int, list[ResourceClock]] = {}
    for task in project.tasks:
        if task.calendar and (found := base(task.calendar)) is not None:
            task_calendars[task.id] = (task.calendar, found)
        for assignment in task.assignments:
            key = d.resource_key(assignment.resource)
            resource = pool.resources.get(key)
            if resource is None or resource.kind != "work" or assignment.units <= 0:
                continue
            if not resource.calendar and not resource.days:
                continue
            clock = clocks.get(key)
            if clock is None:
                days = tuple(
                    (day.date, () if day.kind == "leave" else tuple(day.working_hours))
                    for day in sorted(resource.days, key=lambda day: day.date)
                )
                clock = clocks[key] = ResourceClock(
                    resource.name, base(resource.calendar) if resource.calendar else None, days
                )
            task_resources.setdefault(task.id, []).append(clock)
    return clocks_for(task_calendars, task_resources)


def plan_input(
    project: d.Project,
    start: datetime,
    calendar: WorkingCalendar,
    pool: DocumentPool | None = None,
) -> PlanInput:
    """The engine input of ``project`` (document ids). Links to unknown tasks, self-links and
    repeated predecessors are left out, as the storing side leaves them out. ``pool``: the
    document's resources and base calendars (task and resource calendars, leave)."""
    gates = delivery_gates(project, calendar)
    clocks = task_clocks(project, pool) if pool is not None else {}
    ordered = [task for _position, task in task_order(project.tasks)]
    return PlanInput(
        start,
        calendar,
        task_inputs(ordered, gates, clocks),
        link_inputs(project.tasks),
        status_date=project.status_date,
        reschedule_after_status=project.reschedule_after_status,
    )


def task_inputs(
    tasks: list[d.Task], gates: Mapping[int, datetime], clocks: Mapping[int, ClockSpec]
) -> list[TaskInput]:
    """The engine's task of each document task, in that order, equal field for field to
    :func:`task_input` of each (``tests/interchange/test_document_schedule_columns.py``).

    Built column by column (``input_columns``), :data:`_CHUNK` tasks at a time (their
    objects stay in the processor's cache for all their fields): the tasks' fields read in
    one C pass and turned into columns, the inputs' slots filled from them."""
    made: list[TaskInput] = []
    for first in range(0, len(tasks), _CHUNK):
        made += _task_input_chunk(tasks[first : first + _CHUNK], gates, clocks)
    return made


def _task_input_chunk(
    tasks: list[d.Task], gates: Mapping[int, datetime], clocks: Mapping[int, ClockSpec]
) -> list[TaskInput]:
    count = len(tasks)
    (ids, parents, durations, milestones, deadlines, production, percents, names, kinds,
     moments, actual_starts, actual_finishes, manual, starts, elapsed,
     delays) = zip(*map(_INPUT_FIELDS, tasks), strict=True)  # fmt: skip
    if gates:
        gated = list(map(gated_constraint, kinds, moments, map(gates.get, ids)))
        kinds, moments = tuple(kind for kind, _ in gated), tuple(moment for _, moment in gated)
    nothing = [None] * count
    fixed_starts = (  # manual_start: a manual task's fixed start
        [start if fixed else None for start, fixed in zip(starts, manual, strict=True)]
        if any(manual)
        else nothing
    )
    return task_inputs_of_columns(
        count,
        ids,
        parents,
        [minutes if minutes > 0 else 0 for minutes in durations],  # max(0, minutes)
        milestones,
        nothing,  # start_no_earlier_than: the document's constraint says it
        deadlines,
        production,
        [float(percent or 0.0) for percent in percents],
        names,
        kinds,
        moments,
        actual_starts,
        actual_finishes,
        manual,
        fixed_starts,
        elapsed,
        list(map(clocks.get, ids)) if clocks else nothing,
        [minutes if minutes > 0 else 0 for minutes in delays],
    )


def task_input(
    task: d.Task, gate: datetime | None = None, clock: ClockSpec | None = None
) -> TaskInput:
    """The engine's task of one document task (``gate``: its vendor deliveries' earliest
    start, ``clock``: its own working time): what :func:`task_inputs` builds in columns."""
    kind, moment = gated_constraint(task.constraint_type, task.constraint_date, gate)
    return TaskInput(
        task.id,
        task.parent,
        max(0, task.duration_minutes),
        task.milestone,
        None,
        task.deadline,
        task.production_change,
        float(task.percent_complete or 0.0),
        task.name,
        constraint_type=kind,
        constraint_date=moment,
        actual_start=task.actual_start,
        actual_finish=task.actual_finish,
        manual=task.manual,
        manual_start=task.start if task.manual else None,  # the user's fixed start
        elapsed=task.elapsed,
        clock=clock,
        leveling_delay_minutes=max(0, task.leveling_delay_minutes),
    )


def link_inputs(tasks: Sequence[d.Task]) -> list[LinkInput]:
    """The engine's links of the tasks' predecessors, in task then link order; links to
    unknown tasks, self-links and repeated predecessors are left out. (Built one by one:
    filling the slots of 150,000 links from columns measured slower than this loop.)"""
    known = {task.id for task in tasks}
    links = []
    for task in tasks:
        seen: set[int] = set()
        for link in task.predecessors:
            if link.task not in known or link.task == task.id or link.task in seen:
                continue
            seen.add(link.task)
            links.append(LinkInput(link.task, task.id, link.type, link.lag_minutes))
    return links


def gated_constraint(
    kind: str, moment: datetime | None, gate: datetime | None
) -> tuple[str, datetime | None]:
    """The constraint with a vendor delivery ``gate`` applied, as the workspace applies it
    (``services.plan.scheduling.gated_constraint``): the delivery acts as a
    start-no-earlier-than (the later date wins) on an ASAP or SNET task; another constraint
    is kept (the PM pinned or capped the task by hand)."""
    if gate is None:
        return kind, moment
    if kind == "ASAP":
        return "SNET", gate
    if kind == "SNET":
        return "SNET", gate if moment is None else max(moment, gate)
    return kind, moment


@dataclass(frozen=True)
class DocumentSchedule:
    """One engine run over a project document: the input and its result (document ids)."""

    project: d.Project
    plan: PlanInput
    result: ScheduleResult
    _dates: dict[int, tuple[datetime, datetime]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def start_finish(self) -> dict[int, tuple[datetime, datetime]]:
        """The result's :meth:`~ScheduleResult.start_finish`, built once: the reader's date
        check and the rows the import writes both need every task's."""
        if not self._dates:
            self._dates.update(self.result.start_finish())
        return self._dates

    def fits(self, project: d.Project, plan: PlanInput) -> bool:
        """Whether this run is the schedule of ``plan`` (the same project object, or the
        same engine input)."""
        if project is self.project and plan.project_start == self.plan.project_start:
            return True
        mine = self.plan
        return (
            plan.project_start == mine.project_start
            and plan.status_date == mine.status_date
            and plan.reschedule_after_status == mine.reschedule_after_status
            and plan.calendar == mine.calendar
            and list(plan.tasks) == list(mine.tasks)
            and list(plan.links) == list(mine.links)
        )


def schedule_project(
    project: d.Project, start: datetime | None = None, pool: DocumentPool | None = None
) -> DocumentSchedule:
    """Run the engine once over ``project`` (raises CycleError, CalendarError)."""
    first = start or project_start(project)
    if first is None:
        raise d.DocumentError("the project has no start date and no task with a start")
    plan = plan_input(project, first, working_calendar(project.calendar), pool)
    return DocumentSchedule(project, plan, schedule(plan))
