"""Task calendars, resource calendars and the leveling delay on the engine's time axis.

MS Project's rules, as plain data (no database here):

* A task with its own calendar (``ClockSpec.calendar``, e.g. "24 Hours") counts its duration
  in that calendar's working minutes *instead of* the project calendar: the project's holidays
  and exceptions do not apply to it (the task calendar replaces the project calendar).
* A task with work resources works only when its calendar (its own, else the project's) *and*
  every assigned resource's calendar work: the intersection. A resource's calendar is its base
  calendar, or its task's calendar when it has none, with its dated days applied (leave: no
  work that day; exception: those hours that day). So the people on a cutover step put on
  "24 Hours" work round the clock on it (MS Project would keep them on the standard calendar
  unless the task ignores resource calendars; a PM who sets a task calendar means it), and a
  night-shift resource on that step keeps it to the night. When the intersection has no time for a
  while, the task waits; when it has none for :data:`EMPTY_YEARS_LIMIT` years the schedule
  stops with :class:`NoCommonWorkingTime`, which names the task and the resources.
* Lags stay on the project calendar.

How the engine uses it. Positions are working minutes of one *master* axis. With no task
calendar the master axis is the project calendar's: a resource calendar is a subset of it
(leave, part time), a task on it is placed by a :class:`DayClock` and every other task keeps
the fast path (a task's span is its duration). When some task has a calendar of its own, the
master axis is the union of the project calendar and those calendars (:class:`UnionCalendar`),
so that a 24x7 cutover step on Saturday night has positions of its own; then every leaf task
is placed by a clock (the project calendar's for the plain ones) and lags are counted on the
project calendar's clock. Floats are then in minutes of the master axis.

The passes see clock-placed tasks exactly as elapsed tasks (``Network.elapsed``, zero span in
the hot loops, placed by :mod:`infradesk.schedule.elapsed`), through :class:`ClockBook`.

:func:`clocks_for` is the pure entry point for callers that hold calendars as data (the
database service, and the document importer's engine run).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Protocol
from weakref import WeakKeyDictionary

from infradesk.errors import UserError
from infradesk.schedule.calendar import Interval, TimeAxis, WorkingCalendar, format_day

# years without any common working time after which a task is refused, not waited for
EMPTY_YEARS_LIMIT = 5


class NoCommonWorkingTime(UserError, ValueError):
    """A task's calendar and its resources' calendars never work at the same time."""


@dataclass(frozen=True)
class ResourceClock:
    """One work resource's working time: ``calendar`` (None: its task's calendar) with
    ``days`` applied, ``(day, hours)`` pairs where ``()`` is leave."""

    name: str
    calendar: WorkingCalendar | None = None
    days: tuple[tuple[date, tuple[Interval, ...]], ...] = ()

    def __hash__(self) -> int:  # computed once: specs are dict keys in every run's hot loop
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.name, self.calendar, self.days))
            object.__setattr__(self, "_hash", found)
        return found

    @property
    def constrains(self) -> bool:
        """Whether it can differ from its task's calendar at all."""
        return self.calendar is not None or bool(self.days)


@dataclass(frozen=True)
class ClockSpec:
    """The working time of one task: its own ``calendar`` (None: the project's) intersected
    with its work resources' (only those that differ from the task's calendar)."""

    calendar: WorkingCalendar | None = None
    resources: tuple[ResourceClock, ...] = ()
    calendar_name: str = ""

    def __hash__(self) -> int:  # computed once (see ResourceClock.__hash__)
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.calendar, self.resources, self.calendar_name))
            object.__setattr__(self, "_hash", found)
        return found

    def describe(self) -> str:
        parts = []
        if self.calendar is not None:
            parts.append(f"calendar '{self.calendar_name or 'own'}'")
        if self.resources:
            parts.append("resources " + ", ".join(f"'{r.name}'" for r in self.resources))
        return " and ".join(parts) or "the project calendar"


PROJECT_CLOCK = ClockSpec()


def clock_spec(
    calendar: WorkingCalendar | None,
    resources: Iterable[ResourceClock] = (),
    calendar_name: str = "",
) -> ClockSpec | None:
    """The spec of one task, or None when it simply runs on the project calendar (the fast
    path: resources on the project calendar without dated days change nothing)."""
    kept = tuple(sorted((r for r in resources if r.constrains), key=lambda r: r.name))
    if calendar is None and not kept:
        return None
    return ClockSpec(calendar, kept, calendar_name if calendar is not None else "")


def clocks_for(
    task_calendars: Mapping[int, tuple[str, WorkingCalendar]],
    task_resources: Mapping[int, Sequence[ResourceClock]],
) -> dict[int, ClockSpec]:
    """Task id -> its :class:`ClockSpec`, for the tasks that need one. ``task_calendars``:
    task id -> (calendar name, calendar) of the tasks with a calendar of their own;
    ``task_resources``: task id -> its work resources' clocks. Equal specs are shared."""
    shared: dict[ClockSpec, ClockSpec] = {}
    result: dict[int, ClockSpec] = {}
    for task_id in task_calendars.keys() | task_resources.keys():
        name, calendar = task_calendars.get(task_id, ("", None))
        spec = clock_spec(calendar, task_resources.get(task_id, ()), name)
        if spec is not None:
            result[task_id] = shared.setdefault(spec, spec)
    return result


# --------------------------------------------------------------------------- calendars


def intersect(a: tuple[Interval, ...], b: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """The common part of two sorted interval lists."""
    if a == b:
        return a
    result: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(result)


def unite(parts: Iterable[tuple[Interval, ...]]) -> tuple[Interval, ...]:
    """The union of interval lists, touching intervals merged."""
    merged: list[Interval] = []
    for start, end in sorted(interval for part in parts for interval in part):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


@dataclass(frozen=True)
class UnionCalendar(WorkingCalendar):
    """The project calendar widened by the task calendars in use: the master axis of a plan
    with task calendars. Its fields are the project calendar's (minutes per day, freezes,
    holiday names); only :meth:`day_intervals` adds the other calendars' time."""

    extra: tuple[WorkingCalendar, ...] = ()

    def day_intervals(self, day: date) -> tuple[Interval, ...]:
        own = super().day_intervals(day)
        return unite([own, *(calendar.day_intervals(day) for calendar in self.extra)])


def master_calendar(
    project: WorkingCalendar, task_calendars: Sequence[WorkingCalendar]
) -> WorkingCalendar:
    """The calendar of the master axis (see the module docstring)."""
    extra = tuple(dict.fromkeys(c for c in task_calendars if c != project))
    if not extra:
        return project
    values = {f.name: getattr(project, f.name) for f in fields(WorkingCalendar)}
    return UnionCalendar(**values, extra=extra)


def day_function(
    project: WorkingCalendar, spec: ClockSpec
) -> Callable[[date], tuple[Interval, ...]]:
    """Per day the working intervals of a task with ``spec`` on ``project``'s plan."""
    base = spec.calendar or project
    others = [
        ((r.calendar or base).day_intervals, dict(r.days)) for r in spec.resources
    ]

    def day_intervals(day: date) -> tuple[Interval, ...]:
        hours = base.day_intervals(day)
        for weekly, dated in others:
            if not hours:
                break
            own = dated.get(day)
            hours = intersect(hours, weekly(day) if own is None else own)
        return hours

    return day_intervals


# --------------------------------------------------------------------------- clocks


class Clock(Protocol):
    """How the passes place a clock-placed task (positions of the master axis)."""

    def start(self, pos: int) -> int: ...
    def milestone(self, pos: int) -> int: ...
    def finish(self, start: int, minutes: int) -> int: ...
    def earliest_start(self, finish: int, minutes: int) -> int: ...
    def latest_start(self, finish: int, minutes: int) -> int: ...
    def delay(self, pos: int, minutes: int) -> int: ...
    def undelay(self, pos: int, minutes: int) -> int: ...


class IdentityClock:
    """The master axis itself (a task delayed by leveling, nothing else)."""

    def count(self, pos: int) -> int:
        return pos

    def position(self, c: int, finish: bool) -> int:
        return c

    def start(self, pos: int) -> int:
        return pos

    def milestone(self, pos: int) -> int:
        return pos

    def finish(self, start: int, minutes: int) -> int:
        return start + minutes

    def earliest_start(self, finish: int, minutes: int) -> int:
        return finish - minutes

    def latest_start(self, finish: int, minutes: int) -> int:
        return finish - minutes

    def delay(self, pos: int, minutes: int) -> int:
        return pos + minutes

    def undelay(self, pos: int, minutes: int) -> int:
        return pos - minutes


class CountingClock:
    """The Clock protocol from two conversions: ``count(pos)``, the clock's working minutes
    up to master position ``pos``, and ``position(c, finish)``, back."""

    def count(self, pos: int) -> int:
        raise NotImplementedError

    def position(self, c: int, finish: bool) -> int:
        raise NotImplementedError

    def start(self, pos: int) -> int:
        return self.position(self.count(pos), False)

    def milestone(self, pos: int) -> int:
        """Where a zero-length task driven to ``pos`` sits: at ``pos`` when that is working
        time or the end of it (a milestone after a task finishing at 17:00 is at 17:00, as
        on a plan without task calendars), else at the next working minute."""
        count = self.count(pos)
        if self.position(count, True) == pos:
            return pos
        return self.position(count, False)

    def finish(self, start: int, minutes: int) -> int:
        if minutes <= 0:
            return start
        return self.position(self.count(start) + minutes, True)

    def earliest_start(self, finish: int, minutes: int) -> int:
        if minutes <= 0:
            return finish
        c = self.count(finish)
        if self.position(c, True) < finish and self.position(c, False) != finish:
            # ``finish`` lies inside a gap: one minute more. At the gap's end it is the same
            # working moment as the gap's start (a task finishing at 17:00 meets a link
            # that asks for 08:00 the next morning, as on a plan without task calendars)
            c += 1
        return self.position(c - minutes, False)

    def latest_start(self, finish: int, minutes: int) -> int:
        if minutes <= 0:
            return finish
        return self.position(self.count(finish) - minutes, False)

    def delay(self, pos: int, minutes: int) -> int:
        return self.position(self.count(pos) + minutes, False)

    def undelay(self, pos: int, minutes: int) -> int:
        """The latest driver position whose delay still starts the task by ``pos``."""
        return self.position(self.count(pos) - minutes, False)

    def shift(self, pos: int, minutes: int) -> int:
        """``pos`` moved by a lag of ``minutes`` of this clock (either sign)."""
        if not minutes:
            return pos
        return self.position(self.count(pos) + minutes, True)




class DayClock(CountingClock):
    """A calendar whose working time is a subset of the master axis's, counted in its own
    working minutes. A table per day (grown on demand like the axis's) holds the master
    position and the clock's count at each midnight; a conversion is a bisect and a walk
    over one day's intervals."""

    def __init__(
        self,
        master: TimeAxis,
        day_intervals: Callable[[date], tuple[Interval, ...]],
        label: str = "",
    ) -> None:
        self.axis = master
        self.label = label
        self._own = day_intervals
        first = master.origin_day - timedelta(days=60)
        self._first = first
        self._mpos: list[int] = [master.position_of(first)]
        self._cpos: list[int] = [0]
        self._mdays: list[tuple[Interval, ...]] = []
        self._cdays: list[tuple[Interval, ...]] = []
        self._same: list[bool] = []
        self._extend_forward(460)

    # -- the table

    def _extend_forward(self, count: int) -> None:
        master_day = self.axis.day_intervals
        own = self._own
        day = self._first + timedelta(days=len(self._cdays))
        mpos, cpos = self._mpos, self._cpos
        mdays, cdays, same = self._mdays, self._cdays, self._same
        m_total, c_total = mpos[-1], cpos[-1]
        for _ in range(count):
            m = master_day(day)
            c = own(day)
            mdays.append(m)
            cdays.append(c)
            same.append(c == m)
            for s, e in m:
                m_total += e - s
            for s, e in c:
                c_total += e - s
            mpos.append(m_total)
            cpos.append(c_total)
            day += timedelta(days=1)

    def _extend_backward(self, count: int) -> None:
        master_day = self.axis.day_intervals
        own = self._own
        new_m: list[tuple[Interval, ...]] = []
        new_c: list[tuple[Interval, ...]] = []
        day = self._first
        for _ in range(count):
            day -= timedelta(days=1)
            new_m.append(master_day(day))
            new_c.append(own(day))
        new_m.reverse()
        new_c.reverse()
        m_total, c_total = self._mpos[0], self._cpos[0]
        m_starts: list[int] = []
        c_starts: list[int] = []
        for m, c in zip(reversed(new_m), reversed(new_c), strict=True):
            m_total -= sum(e - s for s, e in m)
            c_total -= sum(e - s for s, e in c)
            m_starts.append(m_total)
            c_starts.append(c_total)
        m_starts.reverse()
        c_starts.reverse()
        self._mpos = m_starts + self._mpos
        self._cpos = c_starts + self._cpos
        self._mdays = new_m + self._mdays
        self._cdays = new_c + self._cdays
        self._same = [c == m for m, c in zip(new_m, new_c, strict=True)] + self._same
        self._first = day

    def _no_time(self, after: bool) -> NoCommonWorkingTime:
        edge = self._first + timedelta(days=len(self._cdays) if after else 0)
        where = "after" if after else "before"
        return NoCommonWorkingTime(
            f"{self.label or 'The calendars'} have no working time in common for "
            f"{EMPTY_YEARS_LIMIT} years {where} {format_day(edge)}"
        )

    def _grow_count_forward(self, c: int, finish: bool) -> None:
        """Grow until the clock's count passes ``c`` (reaches it, for a finish)."""
        empty = 0
        while c > self._cpos[-1] or (not finish and c == self._cpos[-1]):
            before = self._cpos[-1]
            self._extend_forward(366)
            empty = empty + 1 if self._cpos[-1] == before else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self._no_time(after=True)

    def _grow_count_backward(self, c: int, finish: bool) -> None:
        empty = 0
        while c < self._cpos[0] or (finish and c == self._cpos[0]):
            before = self._cpos[0]
            self._extend_backward(366)
            empty = empty + 1 if self._cpos[0] == before else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self._no_time(after=False)

    # -- conversions

    def count(self, pos: int) -> int:
        """The clock's working minutes from its origin up to master position ``pos``."""
        mpos = self._mpos
        while pos >= mpos[-1]:
            self._extend_forward(366)
            mpos = self._mpos
        while pos < mpos[0]:
            self._extend_backward(366)
            mpos = self._mpos
        k = bisect_right(mpos, pos) - 1
        off = pos - mpos[k]
        c = self._cpos[k]
        if not off:
            return c
        if self._same[k]:
            return c + off
        minute = 0
        for s, e in self._mdays[k]:
            if off <= e - s:
                minute = s + off
                break
            off -= e - s
        for s, e in self._cdays[k]:
            if s >= minute:
                break
            c += (e if e < minute else minute) - s
        return c

    def position(self, c: int, finish: bool) -> int:
        """The master position where the clock's count is ``c``: the start of the next
        working minute (``finish`` False) or the end of the last one (``finish`` True)."""
        if finish:
            self._grow_count_forward(c, True)
            self._grow_count_backward(c, True)
            k = bisect_left(self._cpos, c) - 1
        else:
            self._grow_count_forward(c, False)
            self._grow_count_backward(c, False)
            k = bisect_right(self._cpos, c) - 1
        off = c - self._cpos[k]
        if self._same[k]:
            return self._mpos[k] + off
        minute = 0
        for s, e in self._cdays[k]:
            if off < e - s or (finish and off == e - s):
                minute = s + off
                break
            off -= e - s
        pos = self._mpos[k]
        for s, e in self._mdays[k]:
            if minute <= s:
                break
            pos += (e if minute > e else minute) - s
        return pos

class DatedClock(CountingClock):
    """A weekly clock (``base``) with a few dated days of other hours (resources' leave and
    exception days): only those days are stored, so thousands of resource combinations
    share a handful of weekly tables. ``days``: sorted ``(day, hours)`` of the dated days,
    hours already intersected with the task's calendar."""

    def __init__(
        self,
        master: TimeAxis,
        base: DayClock | IdentityClock,
        days: Sequence[tuple[date, tuple[Interval, ...]]],
    ) -> None:
        self.axis = master
        self.base = base
        self.label = getattr(base, "label", "")
        self._m: list[int] = []  # master position at the dated day's midnight
        self._m_end: list[int] = []
        self._c: list[int] = []  # own count at that midnight
        self._own: list[int] = []  # own minutes of the day
        self._shift: list[int] = []  # own minus base count after the day
        self._mdays: list[tuple[Interval, ...]] = []
        self._cdays: list[tuple[Interval, ...]] = []
        shift = 0
        for day, hours in days:
            m = master.position_of(day)
            master_hours = master.day_intervals(day)
            m_end = m + sum(e - s for s, e in master_hours)
            b, b_end = base.count(m), base.count(m_end)
            own = sum(e - s for s, e in hours)
            self._m.append(m)
            self._m_end.append(m_end)
            self._c.append(b + shift)
            self._own.append(own)
            shift += own - (b_end - b)
            self._shift.append(shift)
            self._mdays.append(master_hours)
            self._cdays.append(hours)

    def count(self, pos: int) -> int:
        j = bisect_right(self._m, pos) - 1
        if j < 0:
            return self.base.count(pos)
        if pos >= self._m_end[j]:
            return self.base.count(pos) + self._shift[j]
        off = pos - self._m[j]
        minute = 0
        for s, e in self._mdays[j]:
            if off <= e - s:
                minute = s + off
                break
            off -= e - s
        c = self._c[j]
        for s, e in self._cdays[j]:
            if s >= minute:
                break
            c += (e if e < minute else minute) - s
        return c

    def position(self, c: int, finish: bool) -> int:
        own_starts = self._c
        j = (bisect_left(own_starts, c) if finish else bisect_right(own_starts, c)) - 1
        if j < 0:
            return self.base.position(c, finish)
        off = c - own_starts[j]
        inside = off <= self._own[j] if finish else off < self._own[j]
        if not inside:
            return self.base.position(c - self._shift[j], finish)
        minute = 0
        for s, e in self._cdays[j]:
            if off < e - s or (finish and off == e - s):
                minute = s + off
                break
            off -= e - s
        pos = self._m[j]
        for s, e in self._mdays[j]:
            if minute <= s:
                break
            pos += (e if minute > e else minute) - s
        return pos


_IDENTITY = IdentityClock()
# per time axis, per (project calendar, widened), the clocks built on it by earlier runs
_MADE: WeakKeyDictionary[TimeAxis, dict[tuple[WorkingCalendar, bool], dict[ClockSpec, Clock]]] = (
    WeakKeyDictionary()
)
_MADE_LIMIT = 50_000


def _made_on(axis: TimeAxis, project: WorkingCalendar, wide: bool) -> dict[ClockSpec, Clock]:
    """The clocks already built on ``axis`` for plans on ``project``'s calendar (a clock
    depends only on the axis, the project calendar and its spec)."""
    per_axis = _MADE.get(axis)
    if per_axis is None:
        per_axis = _MADE[axis] = {}
    made = per_axis.setdefault((project, wide), {})
    if len(made) > _MADE_LIMIT:  # specs of edits long undone: start again
        made.clear()
    return made


class ClockBook:
    """The clocks of one run of the passes: per clock-placed task index its clock (elapsed
    tasks the wall clock), the leveling delays, and the lag rule."""

    def __init__(
        self,
        axis: TimeAxis,
        project: WorkingCalendar,
        clocks: Mapping[int, ClockSpec],
        elapsed: Iterable[int],
        delays: Mapping[int, int],
        wide: bool,
        names: Callable[[ClockSpec], str] | None = None,
        wall: Clock | None = None,
    ) -> None:
        self.axis = axis
        self.delays = delays
        # the clocks built on this axis by earlier runs (the Scheduler and the services keep
        # the project calendar's axis between edits): building them is most of a run's cost
        self._made = _made_on(axis, project, wide)
        self._fresh: set[int] = set()  # ids of the cached clocks relabelled in this run
        self._project = project
        self._wide = wide
        self._names = names
        self.of_task: dict[int, Clock] = {}
        for i in elapsed:
            spec = clocks.get(i)
            if spec is None:
                # why ignored: every caller with elapsed tasks passes the wall clock
                self.of_task[i] = wall  # type: ignore[assignment]
            else:
                self.of_task[i] = self.clock(spec)
        self.lag_clock: DayClock | None = None
        if wide:
            lag_clock = self.clock(PROJECT_CLOCK)
            assert isinstance(lag_clock, DayClock)
            self.lag_clock = lag_clock

    def clock(self, spec: ClockSpec) -> Clock:
        made = self._made.get(spec)
        if made is not None:
            self._relabel(made, spec)
        else:
            if spec == PROJECT_CLOCK and not self._wide:
                made = _IDENTITY
            elif any(r.days for r in spec.resources):
                # the weekly part, shared by every resource with the same calendar
                weekly = clock_spec(
                    spec.calendar,
                    dict.fromkeys(ResourceClock("", r.calendar) for r in spec.resources),
                    spec.calendar_name,
                )
                base = self.clock(weekly or PROJECT_CLOCK)
                assert isinstance(base, (DayClock, IdentityClock))
                function = day_function(self._project, spec)
                dated = sorted({d for r in spec.resources for d, _hours in r.days})
                made = DatedClock(self.axis, base, [(d, function(d)) for d in dated])
                if isinstance(base, DayClock) and not base.label:
                    base.label = self._names(spec) if self._names else spec.describe()
            else:
                label = self._names(spec) if self._names else spec.describe()
                made = DayClock(self.axis, day_function(self._project, spec), label)
            self._made[spec] = made
        return made

    def _relabel(self, made: Clock, spec: ClockSpec) -> None:
        """A clock from an earlier run names this run's first task on it (the message of a
        calendar that never works names a task of the plan as it is now)."""
        if self._names is None or id(made) in self._fresh:
            return
        for clock in (made, getattr(made, "base", None)):
            if isinstance(clock, (DayClock, DatedClock)) and id(clock) not in self._fresh:
                clock.label = self._names(spec)
                self._fresh.add(id(clock))

    def of(self, i: int) -> Clock:
        return self.of_task[i]

    def lag(self, pos: int, off: int) -> int:
        """``pos + off`` with ``off`` a lag counted on the project calendar."""
        if not off or self.lag_clock is None:
            return pos + off
        return self.lag_clock.shift(pos, off)

    def place(self, i: int, es: int, minutes: int) -> tuple[int, int]:
        """Start and finish of task ``i`` from the earliest start its drivers allow."""
        clock = self.of_task[i]
        delay = self.delays.get(i)
        if delay:
            es = clock.delay(es, delay)
        else:
            es = clock.start(es) if minutes > 0 else clock.milestone(es)
        return es, clock.finish(es, minutes)

    def driven_start(self, i: int, es: int) -> int:
        """The start the drivers gave task ``i`` before its leveling delay."""
        delay = self.delays.get(i)
        return self.of_task[i].undelay(es, delay) if delay else es
