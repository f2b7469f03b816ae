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
from itertools import accumulate, repeat
from operator import add, gt, mul
from typing import NamedTuple

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


class DayTable:
    """One calendar's working minutes per day from ``first`` to ``last``, so that the runs of
    the many tasks on that calendar are slices of one list (:meth:`run`), not day-by-day
    walks; days outside the table are asked of ``intervals_of``."""

    def __init__(
        self, intervals_of: Callable[[date], Sequence[Interval]], first: date, last: date
    ) -> None:
        self.intervals_of = intervals_of
        self.first = first
        self._ordinal = first.toordinal()
        count = max(0, (last - first).days + 1)
        self.intervals = [intervals_of(first + timedelta(days=i)) for i in range(count)]
        self.minutes = [minutes_of(intervals) for intervals in self.intervals]

    def whole(self, day: date) -> int:
        index = day.toordinal() - self._ordinal
        if 0 <= index < len(self.minutes):
            return self.minutes[index]
        return minutes_of(self.intervals_of(day))

    def task_run(self, start: datetime, finish: datetime, origin: date) -> TaskRun:
        """The task's run on a grid starting on ``origin``; a run of three days or more
        inside the table remembers it (see :func:`spread`)."""
        first, minutes = self.run(start, finish)
        index = first.toordinal() - self._ordinal
        inside = index >= 0 and index + len(minutes) <= len(self.minutes) and len(minutes) >= 3
        return TaskRun(
            (first - origin).days, minutes, self if inside else None, index if inside else 0
        )

    def run(self, start: datetime, finish: datetime) -> tuple[date, list[int]]:
        """As :func:`day_run` (the same result), from the table."""
        first, last = start.date(), finish.date()
        low = first.toordinal() - self._ordinal
        high = last.toordinal() - self._ordinal
        if finish <= start or first == last or low < 0 or high >= len(self.minutes):
            return day_run(start, finish, self.intervals_of, self.whole)
        minutes = self.minutes[low : high + 1]
        # the ends: clipped to the instants, unless they cover the day's working time
        start_minute = start.hour * 60 + start.minute
        intervals = self.intervals[low]
        if intervals and start_minute > intervals[0][0]:
            minutes[0] = _clipped(intervals, start_minute, 1440)
        finish_minute = finish.hour * 60 + finish.minute
        intervals = self.intervals[high]
        if intervals and finish_minute < intervals[-1][1]:
            minutes[-1] = _clipped(intervals, 0, finish_minute)
        return first, minutes


class TaskRun:
    """A task's working minutes per day: ``minutes[i]`` on grid day ``first + i`` (``first``
    may be before the grid's first day or the run may end after its last: it is clipped).

    ``table`` and ``table_index``: the :class:`DayTable` the run was sliced from and the
    table's index of the run's first day; its inner days are the table's, which lets
    :func:`spread` add them a calendar at a time. (A plain class: ten thousand are made per
    grid, and a frozen dataclass's ``__init__`` costs three times as much.)"""

    __slots__ = ("first", "minutes", "table", "table_index", "total")

    def __init__(
        self,
        first: int,
        minutes: Sequence[int],
        table: DayTable | None = None,
        table_index: int = 0,
    ) -> None:
        self.first = first
        self.minutes = minutes
        self.table = table
        self.table_index = table_index
        self.total = sum(minutes)

    def __repr__(self) -> str:
        return f"TaskRun({self.first}, {list(self.minutes)})"


class Load(NamedTuple):
    """One assignment: ``work`` minutes of resource row ``resource`` on task ``task`` (a key of
    the runs). ``focus``: the task belongs to the project the user looks at (the others' load
    is shown greyed). A named tuple: a grid is built from tens of thousands."""

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
        # per row when first asked (a view asks for its visible rows only): 1.0 on the days
        # whose load exceeds the capacity, and running sums of load, focus, capacity and
        # those days (C-speed maps and accumulate: no Python loop per day)
        self._over: dict[int, array[float]] = {}
        self._sums: dict[int, tuple[array[float], ...]] = {}

    def row_over(self, row: int) -> array[float]:
        """1.0 on each day of row ``row`` whose load exceeds its capacity, else 0.0."""
        over = self._over.get(row)
        if over is None:
            low, high = row * self.days, (row + 1) * self.days
            over = self._over[row] = array(
                "d",
                map(
                    float,
                    map(
                        gt,
                        self.load[low:high],
                        map(add, self.capacity[low:high], repeat(TOLERANCE_MINUTES)),
                    ),
                ),
            )
        return over

    def _row_sums(self, row: int) -> tuple[array[float], ...]:
        sums = self._sums.get(row)
        if sums is None:
            low, high = row * self.days, (row + 1) * self.days
            sums = self._sums[row] = (
                *(
                    array("d", accumulate(flat[low:high], initial=0.0))
                    for flat in (self.load, self.focus, self.capacity)
                ),
                array("d", accumulate(self.row_over(row), initial=0.0)),
            )
        return sums

    # -- one day

    def overloaded(self, row: int, day: int) -> bool:
        return self.row_over(row)[day] > 0.0

    # -- buckets of days

    def bucket(self, row: int, low: int, high: int) -> tuple[float, float, float, int]:
        """Load, focused load, capacity (minutes) and overloaded days of row ``row`` on days
        ``low`` .. ``high - 1`` (clipped to the grid)."""
        low, high = max(0, low), min(self.days, high)
        if high <= low:
            return 0.0, 0.0, 0.0, 0
        load, focus, capacity, over = self._row_sums(row)
        return (
            load[high] - load[low],
            focus[high] - focus[low],
            capacity[high] - capacity[low],
            round(over[high] - over[low]),
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
        load, capacity, over = self.load, self.capacity, self.row_over(row)
        ranges: list[OverloadRange] = []
        first = last = -1  # the open range's days; -1: none open
        peak: float | None = None
        days_off = 0
        for day in range(max(0, low), high):
            index = base + day
            if over[day]:
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
    or a zero-length run with work) puts all its work on its first day.

    A run sliced from a :class:`DayTable` adds its two end days itself and its inner days as a
    rate in a difference array per resource and table; the rates are summed up (running sum)
    and multiplied by the table's minutes once per resource and table, so ten thousand tasks
    on one calendar cost a few array passes instead of a loop over every task's days."""
    if len(capacity) != rows * days:
        raise ValueError(f"capacity holds {len(capacity)} days, the grid {rows * days}")
    load = array("d", bytes(8 * rows * days))
    focus = array("d", bytes(8 * rows * days))
    loads_of_row: list[list[tuple[Load, TaskRun]]] = [[] for _ in range(rows)]
    # (row, table id) -> difference arrays of the rates (all loads, the focused ones)
    rates: dict[tuple[int, DayTable], tuple[list[float], list[float]]] = {}
    shifts: dict[DayTable, int] = {}  # a table's index of grid day 0
    runs_get = runs.get
    for item in loads:
        run = runs_get(item.task)
        row, work = item.resource, item.work
        if run is None or work <= 0 or not 0 <= row < rows:
            continue
        loads_of_row[row].append((item, run))
        total, first, minutes, in_focus = run.total, run.first, run.minutes, item.focus
        base = row * days
        if total <= 0:
            if 0 <= first < days:
                load[base + first] += work
                if in_focus:
                    focus[base + first] += work
            continue
        rate = work / total
        table = run.table
        if table is not None:  # the two ends here, the inner days as a rate
            last = first + len(minutes) - 1
            if 0 <= first < days:
                share = minutes[0] * rate
                load[base + first] += share
                if in_focus:
                    focus[base + first] += share
            if 0 <= last < days:
                share = minutes[-1] * rate
                load[base + last] += share
                if in_focus:
                    focus[base + last] += share
            low = first + 1 if first >= 0 else 0
            high = last if last < days else days
            if low < high:
                pair = rates.get((row, table))
                if pair is None:
                    pair = rates[(row, table)] = ([0.0] * (days + 1), [0.0] * (days + 1))
                    shifts[table] = run.table_index - first
                diff = pair[0]
                diff[low] += rate
                diff[high] -= rate
                if in_focus:
                    diff = pair[1]
                    diff[low] += rate
                    diff[high] -= rate
            continue
        begin = max(0, -first)
        end = min(len(minutes), days - first)
        if end <= begin:
            continue
        low, high = base + first + begin, base + first + end
        scaled = list(map(mul, minutes[begin:end], repeat(rate)))
        load[low:high] = array("d", map(add, load[low:high], scaled))
        if in_focus:
            focus[low:high] = array("d", map(add, focus[low:high], scaled))
    aligned: dict[DayTable, list[int]] = {}
    for (row, table), (all_rates, focus_rates) in rates.items():
        table_minutes = aligned.get(table)
        if table_minutes is None:
            table_minutes = aligned[table] = _aligned(table.minutes, shifts[table], days)
        low, high = row * days, (row + 1) * days
        for target, diff in ((load, all_rates), (focus, focus_rates)):
            if any(diff):
                added = map(mul, accumulate(diff[:days]), table_minutes)
                target[low:high] = array("d", map(add, target[low:high], added))
    return UsageGrid(rows, days, load, focus, capacity, loads_of_row)


def _aligned(minutes: list[int], shift: int, days: int) -> list[int]:
    """The table's minutes of grid days 0 .. days - 1 (grid day ``g`` is table index
    ``g + shift``; days outside the table: 0, no run's inner day lies there)."""
    before = max(0, -shift)
    found = [0] * before + minutes[max(0, shift) : max(0, shift + days)]
    return (found + [0] * days)[:days]


__all__ = [
    "TOLERANCE_MINUTES",
    "CellTask",
    "DayTable",
    "Load",
    "OverloadRange",
    "TaskRun",
    "UsageGrid",
    "day_run",
    "intersect",
    "minutes_of",
    "spread",
]
