"""Do the dates we schedule equal the dates the file shows? And where not, why?

A PM compares the first screen after an import with the plan they know: the file's own Start
and Finish columns are the truth. After a reader built the typed project and the engine ran
over it (the run the import keeps in ``ImportResult.schedules``), :func:`compare_dates` puts
every task's scheduled start and finish beside the file's, to the minute, and gives each task
that differs one :class:`DateDifference` with the reason found (a calendar, a constraint,
actuals, a link the file itself breaks, a predecessor that moved, a duration the file's dates
do not span, ...). A reader that knows a cause the document cannot show (a resource calendar,
a task calendar, an elapsed duration) passes it in ``known``.

Two dates that name the same working moment (a milestone the file shows at the next morning's
08:00 and the engine at the evening before's 17:00, as MS Project writes it) are not a
difference of schedule: they are counted apart (``same_moment``) and said once in a note, not
listed per task. Nothing here prints a line whose two sides read the same.

The comparison works on the engine's integer positions (no date-time is built for a task that
agrees); on 2,200 tasks it takes a few milliseconds (``bench/bench_fidelity.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Literal

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import (
    DocumentPool,
    DocumentSchedule,
    schedule_project,
)
from infradesk.schedule.calendar import TimeAxis
from infradesk.schedule.durations import format_duration
from infradesk.schedule.engine import CycleError

ReasonKind = Literal[
    "calendar",  # the file's date is not working time in the project calendar
    "resource calendar",  # a resource (or the task) works on a calendar of its own
    "task calendar",
    "elapsed",  # a duration or lag in wall-clock time
    "lag units",
    "split",  # the file's task is interrupted
    "manual",  # a manually scheduled task
    "actuals",  # the file's dates disagree with its own actual dates
    "status date",  # unstarted work moved after the status date
    "constraint",  # a constraint holds the task where the file does not
    "broken link",  # the file's own dates break one of its links
    "predecessor",  # a predecessor moved, the task follows it
    "summary",  # a summary spans its tasks
    "duration",  # the file's Start..Finish does not span its Duration on the calendar
    "unanchored",  # nothing in the file holds the task at its later start
    "unexplained",
]


@dataclass(frozen=True, slots=True)
class DateDifference:
    """One task whose scheduled dates are not the file's (document task id)."""

    task: int
    name: str
    file_start: datetime | None
    file_finish: datetime | None
    start: datetime
    finish: datetime
    kind: ReasonKind
    reason: str

    def text(self) -> str:
        """``'Pour slab': the file says 2026-02-05 08:00 to 2026-02-06 17:00, InfraDesk
        schedules 2026-02-06 08:00 to 2026-02-09 17:00: <reason>``. Only the side that
        differs is named twice."""
        same_start = self.file_start is None or self.file_start == self.start
        same_finish = self.file_finish is None or self.file_finish == self.finish
        if same_start and not same_finish:
            said = (
                f"finish: the file says {_when(self.file_finish)}, InfraDesk {_when(self.finish)}"
            )
        elif same_finish and not same_start:
            said = f"start: the file says {_when(self.file_start)}, InfraDesk {_when(self.start)}"
        else:
            said = (
                f"the file says {_when(self.file_start)} to {_when(self.file_finish)}, "
                f"InfraDesk {_when(self.start)} to {_when(self.finish)}"
            )
        return f"'{self.name}' {said} ({self.kind}: {self.reason})"


@dataclass(frozen=True, slots=True)
class DateFidelity:
    """The comparison of one project: tasks with a file date, how many agree to the minute,
    how many only write the same working moment otherwise, and the differences."""

    compared: int
    equal: int
    same_moment: int
    differences: tuple[DateDifference, ...]

    @property
    def share_equal(self) -> float:
        """Tasks whose start and finish equal the file's, to the minute (1.0 when none)."""
        return self.equal / self.compared if self.compared else 1.0

    @property
    def share_same_schedule(self) -> float:
        """Equal, or the same working moments written the other way."""
        return (self.equal + self.same_moment) / self.compared if self.compared else 1.0

    @property
    def unexplained(self) -> tuple[DateDifference, ...]:
        return tuple(item for item in self.differences if item.kind == "unexplained")

    def by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.differences:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda pair: -pair[1]))


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


# ------------------------------------------------------------------------------ comparing

_ID = attrgetter("id")


def compare_dates(
    project: d.Project,
    run: DocumentSchedule,
    known: Mapping[int, tuple[ReasonKind, str]] | None = None,
) -> DateFidelity:
    """Every task of ``project`` with a file date against ``run`` (the engine's schedule of
    it); ``known``: document task id -> (kind, reason) a reader found for that task."""
    result = run.result
    axis = result.axis
    known = known or {}
    index = result.network.index  # what ``t.id in result`` asks, without a call per task
    tasks = [t for t in project.tasks if t.id in index]
    position = _Positions(axis)
    # on a plan with task calendars the engine's axis is wider than the project calendar: a
    # task on the project calendar is compared on that calendar's own axis
    wide = axis.calendar != run.plan.calendar
    plain = _Positions(TimeAxis(run.plan.calendar, axis.origin_day)) if wide else None
    suspects = [task for task in tasks if task.start is not None or task.finish is not None]
    compared = len(suspects)
    dates = _scheduled(run, suspects)
    shown = map(dates.__getitem__, map(_ID, suspects))
    differing = [  # which tasks differ at all, in one pass (most are equal)
        (task, start, finish)
        for task, (start, finish) in zip(suspects, shown, strict=True)
        if (task.start is not None and task.start != start)
        or (task.finish is not None and task.finish != finish)
    ]
    equal, same_moment = compared - len(differing), 0
    moved: dict[int, tuple[datetime, datetime]] = {}
    for task, start, finish in differing:
        es, ef, _, _ = result.positions(task.id)
        if plain is not None and not task.calendar:  # an axis widened by task calendars
            es, ef = plain(start), plain(finish)
            same = _same_moments(task, es, ef, plain)
        else:
            same = _same_moments(task, es, ef, position)
        if same and task.id not in known:
            same_moment += 1
            continue
        moved[task.id] = (start, finish)
    if not moved:
        return DateFidelity(compared, equal, same_moment, ())
    by_id = {t.id: t for t in tasks}
    parents = _parents(tasks)
    moved_below = _ancestors_of(moved, by_id)
    differences = []
    for task_id, (start, finish) in moved.items():
        task = by_id[task_id]
        kind, reason = known.get(task_id) or _reason(
            task, start, finish, run, by_id, moved, moved_below, parents, position
        )
        differences.append(
            DateDifference(task_id, task.name, task.start, task.finish, start, finish, kind, reason)
        )
    return DateFidelity(compared, equal, same_moment, tuple(differences))


def _scheduled(run: DocumentSchedule, tasks: list[d.Task]) -> dict[int, tuple[datetime, datetime]]:
    """The engine's shown start and finish of ``tasks``: all at once for big plans (the
    result builds them without a per-task object, kept for the import), one by one for a
    few."""
    if len(tasks) > 64:
        return run.start_finish()
    result = run.result
    found = {}
    for task in tasks:
        entry = result[task.id]
        found[task.id] = (entry.early_start, entry.early_finish)
    return found


class _Positions:
    """Positions of file dates on the engine's axis, each computed once."""

    def __init__(self, axis: TimeAxis) -> None:
        self.axis = axis
        self._cache: dict[datetime, int] = {}

    def __call__(self, moment: datetime) -> int:
        found = self._cache.get(moment)
        if found is None:
            found = self._cache[moment] = self.axis.position_of(moment)
        return found

    def working(self, moment: datetime) -> bool:
        """Whether ``moment`` is a working instant: inside working hours, or at the close of a
        working interval (a finish)."""
        minute = moment.hour * 60 + moment.minute
        return any(s <= minute <= e for s, e in self.axis.day_intervals(moment.date()))


def _same_moments(task: d.Task, es: int, ef: int, position: _Positions) -> bool:
    """Whether the file's dates are the engine's working moments written another way (the
    next morning instead of last evening), with both file dates in working time."""
    for moment, mine in ((task.start, es), (task.finish, ef)):
        if moment is not None and (position(moment) != mine or not position.working(moment)):
            return False
    return True


def _parents(tasks: list[d.Task]) -> set[int]:
    return {t.parent for t in tasks if t.parent is not None}


def _ancestors_of(moved: Mapping[int, object], by_id: Mapping[int, d.Task]) -> dict[int, int]:
    """Summary id -> a task below it that moved (the first found)."""
    below: dict[int, int] = {}
    for task_id in moved:
        parent = by_id[task_id].parent
        while parent is not None and parent not in below:
            below[parent] = task_id
            above = by_id.get(parent)
            parent = above.parent if above is not None else None
    return below


def _reason(
    task: d.Task,
    start: datetime,
    finish: datetime,
    run: DocumentSchedule,
    by_id: Mapping[int, d.Task],
    moved: Mapping[int, tuple[datetime, datetime]],
    moved_below: Mapping[int, int],
    parents: set[int],
    position: _Positions,
) -> tuple[ReasonKind, str]:
    """Why ``task`` is scheduled at ``start``..``finish`` and not where the file has it."""
    if task.id in parents:
        child = moved_below.get(task.id)
        if child is not None:
            return "summary", f"it spans its tasks; '{by_id[child].name}' moved"
        return "summary", "it spans its tasks; the file's summary dates do not"
    plan = run.plan
    calendar_what = _outside_working_time(task, position)
    if calendar_what:
        return "calendar", calendar_what
    start_moved = task.start is not None and task.start != start
    if task.actual_start is not None and task.start is not None and task.start != task.actual_start:
        return "actuals", (
            f"the file's Start {_when(task.start)} is not its Actual Start "
            f"{_when(task.actual_start)}; the actual date is kept"
        )
    finished = task.actual_finish
    if finished is not None and task.finish is not None and task.finish != finished:
        return "actuals", (
            f"the file's Finish {_when(task.finish)} is not its Actual Finish "
            f"{_when(task.actual_finish)}; the actual date is kept"
        )
    if start_moved:
        broken = _broken_link(task, by_id, position)
        if broken:
            return "broken link", broken
        for link in task.predecessors:
            if link.task in moved:
                return "predecessor", f"its predecessor '{by_id[link.task].name}' moved"
        parent = task.parent
        while parent is not None:
            above = by_id.get(parent)
            if above is None:
                break
            for link in above.predecessors:
                if link.task in moved:
                    return "predecessor", (
                        f"the predecessor '{by_id[link.task].name}' of its summary "
                        f"'{above.name}' moved"
                    )
            parent = above.parent
        status = plan.status_date
        late = status is not None and plan.reschedule_after_status and start > status
        if late and status is not None and task.start is not None and task.start < status:
            return "status date", (
                f"work not started by the status date {_when(status)} is scheduled after it"
            )
        constraint = _constraint_hold(task, start, finish, position)
        if constraint:
            return "constraint", constraint
        if task.start is not None and start < task.start and not task.predecessors:
            return "unanchored", (
                "no predecessor or constraint holds it at the file's later start; it is "
                "scheduled as soon as possible"
            )
        if task.start is not None and start < task.start:
            return "unanchored", (
                "its predecessors allow an earlier start and no constraint holds the file's"
            )
    if task.start is not None and task.finish is not None and not task.milestone:
        span = position(task.finish) - position(task.start)
        if span != task.duration_minutes:
            per_day = run.result.axis.calendar.minutes_per_day
            return "duration", (
                f"the file's Start to Finish spans {format_duration(max(span, 0), per_day)} of "
                f"working time on the project calendar, its Duration is "
                f"{format_duration(task.duration_minutes, per_day)}"
            )
    status = plan.status_date
    if status is not None and task.actual_start is not None and task.actual_finish is None:
        return "status date", (
            f"its remaining work is scheduled from the status date {_when(status)}"
        )
    constraint = _constraint_hold(task, start, finish, position)
    if constraint:
        return "constraint", constraint
    return "unexplained", "no cause found"


def _outside_working_time(task: d.Task, position: _Positions) -> str:
    """Which file date lies outside the project calendar's working time, or ''. An elapsed
    task's finish is wall-clock time: a night or a weekend is where it may well end."""
    dates = [("Start", task.start)]
    if not task.elapsed:
        dates.append(("Finish", task.finish))
    for what, moment in dates:
        if moment is not None and not position.working(moment):
            return (
                f"the file's {what} {moment:%a} {_when(moment)} is not working time in the "
                "project calendar"
            )
    return ""


def _broken_link(task: d.Task, by_id: Mapping[int, d.Task], position: _Positions) -> str:
    """The first link the file's own dates break (the successor starts or finishes before
    the link allows), as text; '' when the file keeps them all."""
    for link in task.predecessors:
        before = by_id.get(link.task)
        if before is None:
            continue
        anchor = before.finish if link.type in ("FS", "FF") else before.start
        mine = task.start if link.type in ("FS", "SS") else task.finish
        if anchor is None or mine is None:
            continue
        if position(mine) < position(anchor) + link.lag_minutes:
            return (
                f"the file's dates break the {link.type} link from '{before.name}'; "
                "InfraDesk keeps the link"
            )
    return ""


def _constraint_hold(task: d.Task, start: datetime, finish: datetime, position: _Positions) -> str:
    kind, moment = task.constraint_type, task.constraint_date
    if kind in ("ASAP",) or (moment is None and kind != "ALAP"):
        return ""
    if kind == "ALAP":
        return "as late as possible: it is placed at its late dates"
    assert moment is not None
    held = position(moment)
    if kind in ("SNET", "SNLT", "MSO") and position(start) == held:
        return f"its constraint {kind} {_when(moment)} holds its start"
    if kind in ("FNET", "FNLT", "MFO") and position(finish) == held:
        return f"its constraint {kind} {_when(moment)} holds its finish"
    return ""


def check_project(
    project: d.Project,
    known: Mapping[int, tuple[ReasonKind, str]] | None = None,
    pool: DocumentPool | None = None,
) -> tuple[DocumentSchedule | None, DateFidelity | None]:
    """Schedule ``project`` once and compare; (None, None) when it cannot be scheduled (no
    start anywhere, a loop, a calendar it cannot use): the storing side then refuses it
    with the reason, as before."""
    if not project.tasks:
        return None, None
    try:
        run = schedule_project(project, pool=pool)
    except (d.DocumentError, CycleError, ValueError):
        return None, None
    return run, compare_dates(project, run, known)
