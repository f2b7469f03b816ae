"""Assistive resource leveling over the workspace (issue 18): propose, preview, accept, clear.

:func:`propose_leveling` schedules every project of the workspace in memory (nothing is
written), puts all leaf tasks on one common working-minute clock (the calendar of the first
project asked about; other projects' dates are mapped onto it by date-time), gives the pure
core (:mod:`infradesk.schedule.leveling`) the work resources, their maximum units and the
assignments, and turns its delays into :class:`Proposal` rows a PM reads ("Delay 3.4 Storage
zoning by 2d: Storage admin is at 150% on 14-15 Jan"). Tasks of projects not asked about still
load their resources but never move.

:class:`ApplyLeveling` adds the accepted delays to ``Task.leveling_delay_minutes`` (the engine
starts the task that much after whatever drives it) and reschedules every touched project, as
one undoable command; :class:`ClearLeveling` zeroes the delays of the given projects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import (
    Assignment,
    BaseCalendar,
    Dependency,
    Project,
    Resource,
    ResourceDay,
    Task,
)
from infradesk.progress import NO_PROGRESS, Progress
from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.durations import format_duration
from infradesk.schedule.engine import ScheduleResult, schedule
from infradesk.schedule.leveling import (
    LevelAssignment,
    LevelInput,
    LevelLink,
    LevelResource,
    LevelResult,
    LevelTask,
    level,
)
from infradesk.services.bulk import update_by_id
from infradesk.services.commands import Command
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.scheduling import plan_input_for, reschedule
from infradesk.services.plan.task_calendars import base_calendar
from infradesk.store.workspace import Workspace

HARD = frozenset({"SNLT", "FNLT"})  # hard constraints leveling may still move (last)
PINNING = frozenset({"MSO", "MFO"})  # the date is the constraint: never moved


@dataclass(frozen=True)
class Proposal:
    """One proposed delay and why. ``delay_minutes`` are working minutes of the task's own
    project calendar (what :class:`ApplyLeveling` adds to its leveling delay); ``start`` and
    ``finish`` its dates once delayed; ``peak_percent`` the resource's load on the overloaded
    days ``first_day``..``last_day``; ``slack``: "free float", "total float" or "beyond float"."""

    task_id: int
    project_id: int
    project_name: str
    wbs: str
    task_name: str
    delay_minutes: int
    delay_text: str
    resource_name: str
    peak_percent: int
    first_day: date
    last_day: date
    start: datetime
    finish: datetime
    slack: str

    @property
    def reason(self) -> str:
        return f"{self.resource_name} is at {self.peak_percent}% on " + day_range(
            self.first_day, self.last_day
        )

    @property
    def text(self) -> str:
        return f"Delay {self.wbs} {self.task_name} by {self.delay_text}: {self.reason}"


@dataclass(frozen=True)
class LevelingPreview:
    """The proposals and, for the ghost bars, the new dates of every task that would move
    (delayed ones and the successors they push)."""

    proposals: list[Proposal]
    moved: dict[int, tuple[datetime, datetime]]
    unresolved: int  # overloaded resource-days no delay could fix


def day_range(first: date, last: date) -> str:
    """``14 Jan``, ``14-15 Jan``, ``30 Jan-2 Feb`` (the year when it is not the same)."""
    if first == last:
        return f"{first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{last.day} {last:%b}"
    if first.year == last.year:
        return f"{first.day} {first:%b}-{last.day} {last:%b}"
    return f"{first.day} {first:%b} {first.year}-{last.day} {last:%b} {last.year}"


@dataclass
class _Project:
    id: int
    name: str
    result: ScheduleResult
    wbs: dict[int, str]
    order: dict[int, int]


def _outline_codes(session: Session, project_id: int) -> tuple[dict[int, str], dict[int, int]]:
    """Per task its WBS code (``3.4``) and row number (the ID the leveling order reads)."""
    rows = session.execute(
        select(Task.id, Task.parent_id).where(Task.project_id == project_id)
        .order_by(Task.position, Task.id)
    ).all()  # fmt: skip
    children: dict[int | None, list[int]] = {}
    known = {task_id for task_id, _ in rows}
    for task_id, parent in rows:
        children.setdefault(parent if parent in known else None, []).append(task_id)
    wbs: dict[int, str] = {}
    order: dict[int, int] = {}
    stack = [(t, str(i + 1)) for i, t in reversed(list(enumerate(children.get(None, []))))]
    while stack:
        task_id, code = stack.pop()
        wbs[task_id] = code
        order[task_id] = len(order) + 1
        kids = children.get(task_id, [])
        stack.extend((k, f"{code}.{i + 1}") for i, k in reversed(list(enumerate(kids))))
    return wbs, order


def _leaves_under(result: ScheduleResult, task_id: int) -> list[int]:
    net = result.network
    out: list[int] = []
    stack = [net.index[task_id]]
    while stack:
        i = stack.pop()
        kids = net.kids[i]
        if kids is None:
            out.append(net.ids[i])
        else:
            stack.extend(kids)
    return out


def build_input(
    session: Session, project_ids: Iterable[int], progress: Progress = NO_PROGRESS
) -> tuple[LevelInput, dict[int, _Project], TimeAxis]:
    """The core's input over every project of the workspace; only ``project_ids`` may move."""
    movable_projects = list(dict.fromkeys(project_ids))
    all_projects = session.execute(select(Project.id, Project.name).order_by(Project.id)).all()
    names = dict(all_projects)
    ordered = [p for p in movable_projects if p in names] + [
        p for p, _ in all_projects if p not in movable_projects
    ]
    projects: dict[int, _Project] = {}
    task_project: dict[int, int] = {}
    for k, project_id in enumerate(ordered):
        progress.step(f"Scheduling {names[project_id]}…", k, len(ordered) + 1)
        result = schedule(plan_input_for(session, project_id))
        wbs, order = _outline_codes(session, project_id)
        projects[project_id] = _Project(project_id, names[project_id], result, wbs, order)
        for task_id in result.network.ids:
            task_project[task_id] = project_id
    if not projects:
        return LevelInput([]), projects, TimeAxis(WorkingCalendar(), datetime.now())
    first = projects[ordered[0]]
    axis = TimeAxis(first.result.axis.calendar, first.result.axis.origin_day)
    D = axis.calendar.minutes_per_day
    extra = {
        task_id: (priority, kind, delay, started)
        for task_id, priority, kind, delay, started in session.execute(
            select(
                Task.id,
                Task.priority,
                Task.constraint_type,
                Task.leveling_delay_minutes,
                (Task.actual_start.is_not(None) | Task.actual_finish.is_not(None)
                 | (Task.percent_complete > 0)),
            )
        )
    }  # fmt: skip
    tasks: list[LevelTask] = []
    movable = set(movable_projects)
    for project in projects.values():
        result = project.result
        same_axis = result.axis.calendar == axis.calendar
        shift = axis.position_of(result.axis.origin_day) if same_axis else 0
        for task_id in result.network.ids:
            if result.is_summary(task_id):
                continue
            es, ef, _ls, _lf = result.positions(task_id)
            start, finish = es + shift, ef + shift
            computed = result[task_id]
            if not same_axis:
                start = axis.position_of(computed.early_start)
                finish = axis.position_of(computed.early_finish)
            priority, kind, delay, started = extra.get(task_id, (500, "ASAP", 0, False))
            kind = (kind or "ASAP").upper()
            task_input = result.network.tasks[result.network.index[task_id]]
            tasks.append(
                LevelTask(
                    task_id,
                    start,
                    finish,
                    total_float=computed.total_float_minutes,
                    free_float=computed.free_float_minutes,
                    priority=int(priority if priority is not None else 500),
                    hard_constraint=kind in HARD,
                    pinned=bool(started)
                    or kind in PINNING
                    or task_input.manual
                    or project.id not in movable
                    or result.progress(task_id) != "not_started",
                    order=project.order.get(task_id, 0),
                    delay=int(delay or 0),
                )
            )
    links = _links(session, projects)
    rows = session.execute(
        select(Assignment.task_id, Assignment.resource_id, Assignment.units)
        .join(Resource, Resource.id == Assignment.resource_id)
        .where(Resource.kind == "work")
    ).all()
    assignments = [
        LevelAssignment(t, r, float(u or 0)) for t, r, u in rows if t in task_project
    ]
    used = {a.resource_id for a in assignments}
    first_day = min((t.start for t in tasks), default=0) // D
    # the days a delayed task may move to, too
    last_day = max((t.finish for t in tasks), default=0) // D + LevelInput.horizon_days
    off = off_days(session, used, axis, first_day, last_day)
    resources = [
        LevelResource(rid, float(cap if cap is not None else 1.0), off.get(rid, frozenset()))
        for rid, cap in session.execute(
            select(Resource.id, Resource.max_units).where(Resource.kind == "work")
        )
        if rid in used
    ]
    return LevelInput(tasks, links, resources, assignments, day_minutes=D), projects, axis


def off_days(
    session: Session, resource_ids: set[int], axis: TimeAxis, first_day: int, last_day: int
) -> dict[int, frozenset[int]]:
    """Resource id -> the days (numbers of ``axis``'s working days, ``first_day`` to
    ``last_day``) it does not work at all: its leave, and the days its own calendar (a part-time
    week) has no hours. Resources that follow the project calendar have none."""
    D = axis.calendar.minutes_per_day
    own = {
        rid: (weekdays, hours)
        for rid, weekdays, hours in session.execute(
            select(Resource.id, BaseCalendar.working_weekdays, BaseCalendar.working_hours)
            .join(BaseCalendar, BaseCalendar.id == Resource.calendar_id)
            .where(Resource.id.in_(resource_ids))
        )
    }
    dated: dict[int, dict[date, bool]] = {}  # resource -> day -> works that day
    for rid, day, kind, hours in session.execute(
        select(ResourceDay.resource_id, ResourceDay.day, ResourceDay.kind,
               ResourceDay.working_hours)
        .where(ResourceDay.resource_id.in_(resource_ids))
    ):  # fmt: skip
        dated.setdefault(rid, {})[day] = kind != "leave" and bool((hours or "").strip())
    found: dict[int, frozenset[int]] = {}
    days = [(k, axis.start_at(k * D).date()) for k in range(first_day, last_day + 1)]
    number = {day: k for k, day in days}
    weekly: dict[tuple[str, str], frozenset[int]] = {}  # a base calendar's days off, once
    for rid in own.keys() | dated.keys():
        off: set[int] = set()
        if rid in own:
            if own[rid] not in weekly:
                calendar = base_calendar(*own[rid])
                weekly[own[rid]] = frozenset(
                    k for k, day in days if not calendar.day_intervals(day)
                )
            off.update(weekly[own[rid]])
        for day, works in dated.get(rid, {}).items():
            k = number.get(day)
            if k is not None:
                (off.discard if works else off.add)(k)
        found[rid] = frozenset(off)
    return found


def _links(session: Session, projects: dict[int, _Project]) -> list[LevelLink]:
    """The links between leaf tasks; a link to or from a summary binds its leaf tasks."""
    links: list[LevelLink] = []
    rows = session.execute(
        select(
            Dependency.project_id,
            Dependency.predecessor_id,
            Dependency.successor_id,
            Dependency.type,
            Dependency.lag_minutes,
        )
    ).all()
    for project_id, pred, succ, kind, lag in rows:
        project = projects.get(project_id)
        if project is None:
            continue
        result = project.result
        if pred not in result.network.index or succ not in result.network.index:
            continue
        preds = _leaves_under(result, pred) if result.is_summary(pred) else [pred]
        succs = _leaves_under(result, succ) if result.is_summary(succ) else [succ]
        for p in preds:
            for s in succs:
                links.append(LevelLink(p, s, (kind or "FS").upper(), int(lag or 0)))
    return links


def preview_leveling(
    session: Session, project_ids: Sequence[int], progress: Progress = NO_PROGRESS
) -> LevelingPreview:
    """The proposals for ``project_ids`` and the dates of everything they would move."""
    data, projects, axis = build_input(session, project_ids, progress)
    if not data.tasks:
        return LevelingPreview([], {}, 0)
    progress.step("Looking for overloads…", 0, 1)
    outcome = level(data, progress)
    return _preview(session, data, outcome, projects, axis)


def propose_leveling(
    session: Session, project_ids: Sequence[int], progress: Progress = NO_PROGRESS
) -> list[Proposal]:
    """The delays that remove the overloads of ``project_ids``' resources (nothing written)."""
    return preview_leveling(session, project_ids, progress).proposals


def _preview(
    session: Session,
    data: LevelInput,
    outcome: LevelResult,
    projects: dict[int, _Project],
    axis: TimeAxis,
) -> LevelingPreview:
    D = data.day_minutes
    resource_names = dict(session.execute(select(Resource.id, Resource.name)).all())
    where: dict[int, _Project] = {}
    for project in projects.values():
        for task_id in project.result.network.ids:
            where[task_id] = project
    names = dict(
        session.execute(
            select(Task.id, Task.name).where(Task.id.in_([d.task_id for d in outcome.delays]))
        ).all()
    )

    def moment(start: int, finish: int) -> tuple[datetime, datetime]:
        first = axis.start_at(start)
        return first, (axis.finish_at(finish) if finish > start else first)

    proposals: list[Proposal] = []
    for delay in outcome.delays:
        project = where[delay.task_id]
        own_axis = project.result.axis
        new_start = axis.start_at(delay.start)
        was = axis.start_at(delay.start - delay.minutes)
        minutes = own_axis.position_of(new_start) - own_axis.position_of(was)
        if minutes <= 0:
            continue
        start, finish = moment(delay.start, delay.finish)
        proposals.append(
            Proposal(
                task_id=delay.task_id,
                project_id=project.id,
                project_name=project.name,
                wbs=project.wbs.get(delay.task_id, ""),
                task_name=names.get(delay.task_id, "") or f"#{delay.task_id}",
                delay_minutes=minutes,
                delay_text=format_duration(minutes, own_axis.calendar.minutes_per_day),
                resource_name=resource_names.get(delay.resource_id, "?"),
                peak_percent=round(delay.peak * 100),
                first_day=axis.start_at(delay.first_day * D).date(),
                last_day=axis.start_at(delay.last_day * D).date(),
                start=start,
                finish=finish,
                slack=delay.slack,
            )
        )
    moved = {task_id: moment(s, f) for task_id, (s, f) in outcome.dates.items()}
    return LevelingPreview(proposals, moved, len(outcome.unresolved))


class ApplyLeveling(Command):
    """Accept proposals: each task's leveling delay grows by its proposal's delay and every
    touched project reschedules; one undo step."""

    affects = frozenset({"tasks", "projects"})

    def __init__(self, proposals: Sequence[Proposal], text: str = "Level resources") -> None:
        self.proposals = list(proposals)
        self.text = text
        self.project_id = self.proposals[0].project_id if self.proposals else None

    def _projects(self) -> list[int]:
        return list(dict.fromkeys(p.project_id for p in self.proposals))

    def do(self, session: Session) -> None:
        _add_delays(session, {p.task_id: p.delay_minutes for p in self.proposals})
        for project_id in self._projects():
            reschedule(session, project_id)

    def undo(self, session: Session) -> None:
        _add_delays(session, {p.task_id: -p.delay_minutes for p in self.proposals})
        for project_id in self._projects():
            reschedule(session, project_id)


def _add_delays(session: Session, delays: dict[int, int]) -> None:
    current = dict(
        session.execute(
            select(Task.id, Task.leveling_delay_minutes).where(Task.id.in_(list(delays)))
        ).all()
    )
    missing = set(delays) - set(current)
    if missing:
        raise TaskEditError(
            "A task to delay no longer exists (deleted in another window?); nothing was changed."
        )
    update_by_id(
        session,
        Task,
        [
            {"id": task_id, "leveling_delay_minutes": max(0, int(current[task_id] or 0) + minutes)}
            for task_id, minutes in delays.items()
        ],
    )


class ClearLeveling(Command):
    """Zero every leveling delay of the given projects and reschedule them; one undo step."""

    affects = frozenset({"tasks", "projects"})

    def __init__(self, project_ids: Sequence[int], text: str = "Clear leveling") -> None:
        self.project_ids = list(dict.fromkeys(project_ids))
        self.text = text
        self.project_id = self.project_ids[0] if self.project_ids else None
        self.old: dict[int, int] = {}

    def do(self, session: Session) -> None:
        self.old = dict(
            session.execute(
                select(Task.id, Task.leveling_delay_minutes).where(
                    Task.project_id.in_(self.project_ids), Task.leveling_delay_minutes != 0
                )
            ).all()
        )
        if self.old:
            cleared = [{"id": task_id, "leveling_delay_minutes": 0} for task_id in self.old]
            update_by_id(session, Task, cleared)
        for project_id in self.project_ids:
            reschedule(session, project_id)

    def undo(self, session: Session) -> None:
        if self.old:
            restored = [{"id": t, "leveling_delay_minutes": m} for t, m in self.old.items()]
            update_by_id(session, Task, restored)
        for project_id in self.project_ids:
            reschedule(session, project_id)


def leveled_task_count(session: Session, project_ids: Sequence[int]) -> int:
    """How many tasks of the projects carry a leveling delay (what Clear Leveling clears)."""
    return len(
        session.execute(
            select(Task.id).where(
                Task.project_id.in_(list(project_ids)), Task.leveling_delay_minutes > 0
            )
        ).all()
    )


def preview_in(
    workspace: Workspace, project_ids: Sequence[int], progress: Progress = NO_PROGRESS
) -> LevelingPreview:
    """:func:`preview_leveling` in a read transaction of its own (for the dialog's worker)."""
    with workspace.session() as session:
        return preview_leveling(session, project_ids, progress)


def leveled_count_in(workspace: Workspace, project_ids: Sequence[int]) -> int:
    with workspace.session() as session:
        return leveled_task_count(session, project_ids)
