"""Resource usage: how many minutes each resource is loaded on each day, against what it can
give that day (issue 18).

Pure and database-free. The caller hands in, per task, its *day run*: the working minutes the
task works on each calendar day from its first day (:func:`day_run` computes one from a start,
a finish and the calendar's intervals); per assignment, the resource's row, the task and the
work in minutes; per resource, its capacity per day (working minutes of its calendar that day x
its maximum units, 0 on leave). :func:`spread` puts each assignment's work on the days of its
task in proportion to the task's working minutes that day (MS Project's *flat* contour) and
returns a :class:`UsageGrid` resource x day.

Speed (10k tasks x 200 resources x 2 years in ~100 ms, ``bench/bench_usage.py``): the grid is
a flat ``array('d')`` row after row; a task's run is computed once and reused by every
assignment of the task; running sums per row make any week or month bucket two lookups, so a
view's cell costs the same at every zoom. numpy would not pay for its weight here: the work is
a few hundred thousand additions, done in a couple of tight loops.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

Interval = tuple[int, int]
"""Working time of one day in minutes from midnight, as in ``schedule.calendar``."""

# a day is overloaded when its load exceeds the capacity by more than this (float rounding)
TOLERANCE_MINUTES = 0.5


def intersect(first: Sequence[Interval], second: Sequence[Interval]) -> tuple[Interval, ...]:
    """The working time two sorted interval lists of one day have in common."""
    result: list[Interval] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            result.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return tuple(result)


def minutes_of(intervals: Iterable[Interval]) -> int:
    """Working minutes of one day's intervals."""
    return sum(end - start for start, end in intervals)


def _clipped(intervals: Sequence[Interval], low: int, high: int) -> int:
    """Minutes of ``intervals`` inside ``[low, high)`` (minutes from midnight)."""
    total = 0
    for start, end in intervals:
        start, end = max(start, low), min(end, high)
        if start < end:
            total += end - start
    return total


def day_run(
    start: datetime,
    finish: datetime,
    intervals_of: Callable[[date], Sequence[Interval]],
    day_minutes: Callable[[date], int] | None = None,
) -> tuple[date, list[int]]:
    """The working minutes between ``start`` and ``finish`` on each day from ``start``'s date
    to ``finish``'s: ``(first day, minutes per day)``. ``day_minutes`` (optional) answers a
    whole day's minutes faster than summing ``intervals_of`` (a cache); the first and last days
    are clipped to the instants."""
    first, last = start.date(), finish.date()
    if finish <= start:
        return first, []
    whole = day_minutes or (lambda day: minutes_of(intervals_of(day)))
    start_minute = start.hour * 60 + start.minute
    finish_minute = finish.hour * 60 + finish.minute
    if first == last:
        return first, [_clipped(intervals_of(first), start_minute, finish_minute)]
    minutes = [_clipped(intervals_of(first), start_minute, 1440)]
    day = first + timedelta(days=1)
    while day < last:
        minutes.append(whole(day))
        day += timedelta(days=1)
    minutes.append(_clipped(intervals_of(last), 0, finish_minute))
    return first, minutes


@dataclass(frozen=True, slots=True)
class TaskRun:
    """A task's working minutes per day: ``minutes[i]`` on grid day ``first + i`` (``first``
    may be before the grid's first day or the run may end after its last: it is clipped)."""

    first: int
    minutes: Sequence[int]

    @property
    def total(self) -> int:
        return sum(self.minutes)


@dataclass(frozen=True, slots=True)
class Load:
    """One assignment: ``work`` minutes of resource row ``resource`` on task ``task`` (a key of
    the runs). ``focus``: the task belongs to the project the user looks at (the others' load
    is shown greyed)."""

    task: int
    resource: int
    work: float
    focus: bool = True


@dataclass(frozen=True, slots=True)
class CellTask:
    """A task's share of one resource's cell: ``minutes`` of load in the cell's days."""

    task: int
    minutes: float
    focus: bool


@dataclass(frozen=True, slots=True)
class OverloadRange:
    """Consecutive overloaded days of one resource (days off between them, without load,
    do not break the range). ``peak``: the highest load / capacity of its days that have a
    capacity (None when every overloaded day is a day off); ``days_off``: overloaded days
    where the resource has no working time at all (leave, a weekend)."""

    resource: int
    first: int
    last: int
    peak: float | None
    days_off: int


class UsageGrid:
    """Loaded minutes, the focused project's share of them and the capacity, resource x day,
    with running sums for buckets. Day ``d`` of row ``r`` is index ``r * days + d``."""

    def __init__(
        self,
        rows: int,
        days: int,
        load: array[float],
        focus: array[float],
        capacity: array[float],
        loads_of_row: list[list[tuple[Load, TaskRun]]],
    ) -> None:
        self.rows = rows
        self.days = days
        self.load = load
        self.focus = focus
        self.capacity = capacity
        self._loads_of_row = loads_of_row
        over = array("d", bytes(8 * rows * days))
        for index in range(rows * days):
            if load[index] > capacity[index] + TOLERANCE_MINUTES:
                over[index] = 1.0
        self.over = over
        width = days + 1
        self._sums: list[array[float]] = []
        for flat in (load, focus, capacity, over):
            sums = array("d")
            for row in range(rows):
                sums.extend(accumulate(flat[row * days : (row + 1) * days], initial=0.0))
            self._sums.append(sums)
        self._width = width

    # -- one day

    def overloaded(self, row: int, day: int) -> bool:
        return self.over[row * self.days + day] > 0.0

    # -- buckets of days

    def bucket(self, row: int, low: int, high: int) -> tuple[float, float, float, int]:
        """Load, focused load, capacity (minutes) and overloaded days of row ``row`` on days
        ``low`` .. ``high - 1`` (clipped to the grid)."""
        low, high = max(0, low), min(self.days, high)
        if high <= low:
            return 0.0, 0.0, 0.0, 0
        base = row * self._width
        load, focus, capacity, over = self._sums
        return (
            load[base + high] - load[base + low],
            focus[base + high] - focus[base + low],
            capacity[base + high] - capacity[base + low],
            round(over[base + high] - over[base + low]),
        )

    def cell_tasks(self, row: int, low: int, high: int) -> list[CellTask]:
        """The tasks loading row ``row`` on days ``low`` .. ``high - 1``, largest first."""
        found: list[CellTask] = []
        for load, run in self._loads_of_row[row]:
            begin, end = max(low, run.first), min(high, run.first + len(run.minutes))
            if begin >= end:
                continue
            total = run.total
            if total <= 0:
                share = load.work if begin == run.first else 0.0
            else:
                share = load.work * sum(run.minutes[begin - run.first : end - run.first]) / total
            if share > 0:
                found.append(CellTask(load.task, share, load.focus))
        found.sort(key=lambda cell: -cell.minutes)
        return found

    def overload_ranges(
        self, row: int, low: int = 0, high: int | None = None
    ) -> list[OverloadRange]:
        """Row ``row``'s overloaded days in ``low`` .. ``high - 1`` merged into ranges; a day
        without load and without capacity between two overloaded days keeps the range going."""
        high = self.days if high is None else min(high, self.days)
        base = row * self.days
        load, capacity, over = self.load, self.capacity, self.over
        ranges: list[OverloadRange] = []
        first = last = -1  # the open range's days; -1: none open
        peak: float | None = None
        days_off = 0
        for day in range(max(0, low), high):
            index = base + day
            if over[index]:
                if first < 0:
                    first, peak, days_off = day, None, 0
                last = day
                if capacity[index] > 0:
                    ratio = load[index] / capacity[index]
                    peak = ratio if peak is None else max(peak, ratio)
                else:
                    days_off += 1
            elif first >= 0 and (capacity[index] > 0 or load[index] > 0):
                ranges.append(OverloadRange(row, first, last, peak, days_off))
                first = -1
        if first >= 0:
            ranges.append(OverloadRange(row, first, last, peak, days_off))
        return ranges


def spread(
    rows: int,
    days: int,
    capacity: array[float],
    runs: Mapping[int, TaskRun],
    loads: Iterable[Load],
) -> UsageGrid:
    """The usage grid: each load's work spread over its task's run (flat contour), clipped to
    the grid's ``days`` days. A task without working minutes in its run (worked on a day off,
    or a zero-length run with work) puts all its work on its first day."""
    if len(capacity) != rows * days:
        raise ValueError(f"capacity holds {len(capacity)} days, the grid {rows * days}")
    load = array("d", bytes(8 * rows * days))
    focus = array("d", bytes(8 * rows * days))
    loads_of_row: list[list[tuple[Load, TaskRun]]] = [[] for _ in range(rows)]
    for item in loads:
        run = runs.get(item.task)
        if run is None or item.work <= 0 or not 0 <= item.resource < rows:
            continue
        loads_of_row[item.resource].append((item, run))
        total = run.total
        base = item.resource * days
        if total <= 0:
            if 0 <= run.first < days:
                load[base + run.first] += item.work
                if item.focus:
                    focus[base + run.first] += item.work
            continue
        rate = item.work / total
        begin = max(0, -run.first)
        end = min(len(run.minutes), days - run.first)
        target = load
        for offset in range(begin, end):
            minutes = run.minutes[offset]
            if minutes:
                target[base + run.first + offset] += minutes * rate
        if item.focus:
            for offset in range(begin, end):
                minutes = run.minutes[offset]
                if minutes:
                    focus[base + run.first + offset] += minutes * rate
    return UsageGrid(rows, days, load, focus, capacity, loads_of_row)


__all__ = [
    "TOLERANCE_MINUTES",
    "CellTask",
    "Load",
    "OverloadRange",
    "TaskRun",
    "UsageGrid",
    "day_run",
    "intersect",
    "minutes_of",
    "spread",
]
