"""Progress and constraint types turned into positions for the passes.

:func:`prepare` reads the network's ``actuals`` and ``constraints`` (date-times) on a time
axis and returns what the passes need as integers (:class:`Bounds`): fixed early dates,
anchored nodes, late-date caps and each task's progress state. :func:`find_conflicts` lists
the constraints the links broke, once the forward pass has run. The rules are in
docs/scheduling.md and the docstring of :mod:`infradesk.schedule.passes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from typing import TYPE_CHECKING

from infradesk.schedule.calendar import TimeAxis
from infradesk.schedule.elapsed import WallClock, demanded_start
from infradesk.schedule.network import Network

if TYPE_CHECKING:
    from infradesk.schedule.task_calendars import Clock, ClockBook

NOT_STARTED, IN_PROGRESS, FINISHED = 0, 1, 2
STATE_NAMES = ("not_started", "in_progress", "finished")


@dataclass(slots=True)
class Bounds:
    """Positions derived from actuals and constraints (all keyed by node)."""

    fixed: dict[int, tuple[int, int]] = field(default_factory=dict)  # early (start, finish)
    anchored: dict[int, bool] = field(default_factory=dict)  # started tasks -> finished?
    start_caps: dict[int, int] = field(default_factory=dict)  # SNLT, MSO: late start <= cap
    finish_caps: dict[int, int] = field(default_factory=dict)  # FNLT, MFO: late finish <= cap
    dates: dict[int, int] = field(default_factory=dict)  # constrained task -> date's position

    def span(self, duration: list[int]) -> list[int]:
        """The durations with the started tasks' real spans (a copy only when needed)."""
        stretched = [
            (i, ef - es) for i, (es, ef) in self.fixed.items() if ef - es != duration[i]
        ]
        if not stretched:
            return duration
        span = duration[:]
        for i, length in stretched:
            span[i] = length
        return span


def remaining_minutes(duration: int, percent: float) -> int:
    """The work left of a task of ``duration`` working minutes at ``percent`` complete."""
    share = min(max(percent, 0.0), 100.0)
    return duration - round(duration * share / 100)


def prepare(
    net: Network,
    axis: TimeAxis,
    base: list[int],
    status_pos: int | None,
    clock: ClockBook | None = None,
) -> Bounds:
    """Positions of the actuals and constraints; raises a node's ``base`` for FNET.

    Elapsed tasks (``net.elapsed``, placed on ``clock``) count their duration and remaining
    work in wall-clock minutes; a manual start (``MANUAL``) pins a task like MSO."""
    bounds = Bounds()
    actuals = net.actuals
    # thousands of actual dates on a progressed plan, a few hundred distinct moments
    known: dict[datetime | None, int] = {
        moment: axis.position_of(moment)
        for moment in set(chain.from_iterable(actuals.values()))
        if moment is not None
    }

    def position_of(moment: datetime) -> int:
        pos = known.get(moment)
        if pos is None:
            pos = known[moment] = axis.position_of(moment)
        return pos

    duration, tasks = net.duration, net.tasks
    fixed, anchored = bounds.fixed, bounds.anchored
    elapsed = net.elapsed if clock is not None else {}
    for i, (actual_start, actual_finish) in actuals.items():
        if actual_finish is not None:  # most of them on a progressed plan
            ef = known[actual_finish]
            if actual_start is None:
                es = ef - duration[i]
            else:
                es = known[actual_start]
                if es > ef:
                    es = ef
            fixed[i] = (es, ef)
            anchored[i] = True
            continue
        d = duration[i]
        es = known[actual_start]
        percent = tasks[i].percent_complete
        ef = es + d
        if percent >= 100:  # all done but no actual finish: finished as planned
            anchored[i] = True
        else:
            if status_pos is not None:
                ef = max(ef, status_pos + remaining_minutes(d, percent))
            anchored[i] = False
        fixed[i] = (es, ef)
    for i in elapsed.keys() & actuals.keys():  # the same rules on the wall clock
        # why ignored: clock is set whenever elapsed is not empty
        fixed[i], anchored[i] = _elapsed_actuals(net, i, clock, status_pos)  # type: ignore[arg-type]
    for i, (kind, moment) in net.constraints.items():
        pos = position_of(moment)
        d = duration[i]
        bounds.dates[i] = pos
        minutes = elapsed.get(i)
        if minutes is not None:
            # why ignored: clock is set whenever elapsed is not empty
            _elapsed_constraint(bounds, base, i, kind, pos, minutes, clock.of(i))  # type: ignore[union-attr]
        elif kind == "FNET":
            if pos - d > base[i]:
                base[i] = pos - d
        elif kind == "SNLT":
            bounds.start_caps[i] = pos
        elif kind == "FNLT":
            bounds.finish_caps[i] = pos
        else:  # MSO, MANUAL (a manual start), MFO
            start = pos if kind != "MFO" else pos - d
            fixed[i] = (start, start + d)
            bounds.start_caps[i] = start
            bounds.finish_caps[i] = start + d
    return bounds


def _elapsed_actuals(
    net: Network, i: int, book: ClockBook, status_pos: int | None
) -> tuple[tuple[int, int], bool]:
    """``((start, finish), finished)`` of a clock-placed task with actuals: the rules of
    :func:`prepare` with its duration and remaining work in minutes of its clock."""
    clock = book.of(i)
    if not isinstance(clock, WallClock):
        return _clock_actuals(net, i, clock, book.axis, status_pos)
    task, minutes, axis = net.tasks[i], net.elapsed[i], clock.axis
    if task.actual_finish is not None:
        ef = axis.position_of(task.actual_finish)
        if task.actual_start is None:
            return (axis.position_of(task.actual_finish - timedelta(minutes=minutes)), ef), True
        return (min(axis.position_of(task.actual_start), ef), ef), True
    # why: a task only in `actuals` has an actual start when it has no actual finish
    start: datetime = task.actual_start  # type: ignore[assignment]
    es = axis.position_of(start)
    ef = axis.position_of(start + timedelta(minutes=minutes))
    if task.percent_complete >= 100:
        return (es, ef), True
    if status_pos is not None:
        left = remaining_minutes(minutes, task.percent_complete)
        ef = max(ef, clock.finish(status_pos, left))
    return (es, ef), False


def _clock_actuals(
    net: Network, i: int, clock: Clock, axis: TimeAxis, status_pos: int | None
) -> tuple[tuple[int, int], bool]:
    """:func:`_elapsed_actuals` for a task on a task or resource calendar."""
    task, minutes = net.tasks[i], net.elapsed[i]
    if task.actual_finish is not None:
        ef = axis.position_of(task.actual_finish)
        if task.actual_start is None:
            return (min(clock.earliest_start(ef, minutes), ef), ef), True
        return (min(axis.position_of(task.actual_start), ef), ef), True
    # why ignored: a task only in `actuals` has an actual start when it has no actual finish
    es = axis.position_of(task.actual_start)  # type: ignore[arg-type]
    ef = clock.finish(es, minutes)
    if task.percent_complete >= 100:
        return (es, ef), True
    if status_pos is not None:
        ef = max(ef, clock.finish(status_pos, remaining_minutes(minutes, task.percent_complete)))
    return (es, ef), False


def _elapsed_constraint(
    bounds: Bounds, base: list[int], i: int, kind: str, pos: int, minutes: int, clock: Clock
) -> None:
    """A dated constraint of an elapsed task (finish dates through the wall clock)."""
    if kind == "FNET":
        start = clock.earliest_start(pos, minutes)
        if start > base[i]:
            base[i] = start
    elif kind == "SNLT":
        bounds.start_caps[i] = pos
    elif kind == "FNLT":
        bounds.finish_caps[i] = pos
    else:  # MSO, MANUAL, MFO
        start = clock.earliest_start(pos, minutes) if kind == "MFO" else pos
        finish = clock.finish(start, minutes)
        bounds.fixed[i] = (start, finish)
        bounds.start_caps[i] = start
        bounds.finish_caps[i] = finish


def progress_states(net: Network, bounds: Bounds) -> bytearray:
    """Per task its state (NOT_STARTED, IN_PROGRESS, FINISHED); a summary is finished when
    all its children are, in progress when any child has started."""
    states = bytearray(net.task_count)
    if not bounds.anchored:
        return states
    for i, finished in bounds.anchored.items():
        states[i] = FINISHED if finished else IN_PROGRESS
    restate_summaries(net, states, net.summary_order)
    return states


def restate_summaries(net: Network, states: bytearray, summaries: Iterable[int]) -> None:
    """Set the states of ``summaries`` (children before their summary) from their children's:
    finished when all are, in progress when any has started."""
    kids = net.kids
    state_of = states.__getitem__
    for i in summaries:
        child_states = set(map(state_of, kids[i] or ()))
        if child_states == {FINISHED}:
            states[i] = FINISHED
        elif child_states != {NOT_STARTED}:
            states[i] = IN_PROGRESS
        else:
            states[i] = NOT_STARTED


def find_conflicts(
    net: Network, V: list[int], base: list[int], bounds: Bounds, clock: ClockBook | None = None
) -> dict[int, int]:
    """Constrained tasks whose links (or the status date) push them past their constraint,
    as task index -> the start those would give. SNLT/FNLT tasks have moved there; MSO/MFO
    tasks stay pinned, and so do manual tasks (only their links count: a manual start before
    the project start or the status date is the user's choice)."""
    conflicts: dict[int, int] = {}
    in_src, in_off = net.in_src, net.in_off
    for i, (kind, _moment) in net.constraints.items():
        if kind in ("MSO", "MFO", "MANUAL") and clock is not None and i in net.elapsed:
            floor = base[i] if kind != "MANUAL" else V[2 * i]
            demanded = demanded_start(net, V, i, floor, clock)
            if demanded > V[2 * i]:
                conflicts[i] = demanded
            continue
        if kind == "SNLT":
            if V[2 * i] > bounds.start_caps[i]:
                conflicts[i] = V[2 * i]
        elif kind == "FNLT":
            if V[2 * i + 1] > bounds.finish_caps[i]:
                conflicts[i] = V[2 * i]
        elif kind in ("MSO", "MFO", "MANUAL"):
            demanded = base[i] if kind != "MANUAL" else V[2 * i]
            for s, o in zip(in_src[i] or (), in_off[i] or (), strict=True):
                if V[s] + o > demanded:
                    demanded = V[s] + o
            if demanded > V[2 * i]:
                conflicts[i] = demanded
    return conflicts
