"""What the engine returns: per-task schedules, built lazily from the passes' integer lists."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, Set, ValuesView
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import compress
from operator import ne
from typing import TYPE_CHECKING
from weakref import ReferenceType

from infradesk.schedule.calendar import FreezeWindow, TimeAxis
from infradesk.schedule.early_columns import early_columns
from infradesk.schedule.gc_pause import gc_paused
from infradesk.schedule.network import Network
from infradesk.schedule.plan import TaskInput
from infradesk.schedule.progress import FINISHED, NOT_STARTED, STATE_NAMES
from infradesk.schedule.task_calendars import DayClock

if TYPE_CHECKING:
    from infradesk.schedule.late_refresh import LateState

ISO_MINUTES = "%Y-%m-%dT%H:%M"


@dataclass(slots=True, eq=True)
class TaskSchedule:
    """The computed schedule of one task (dates as naive date-times, positions as ints).

    Treat it as read-only: results are cached and shared (not frozen only because a frozen
    dataclass is three times slower to build, which shows on 100,000 tasks)."""

    task_id: int
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    early_start_pos: int
    early_finish_pos: int
    late_start_pos: int
    late_finish_pos: int
    duration_minutes: int
    total_float_minutes: int
    free_float_minutes: int
    critical: bool
    late: bool
    summary: bool
    milestone: bool
    percent_complete: float
    freeze: str | None = None  # name of the freeze the task was moved after, if any
    progress: str = "not_started"  # or "in_progress", "finished" (from the actuals)
    # the constraint its links break: SNLT FNLT MSO MFO, or MANUAL (a manual start)
    conflict: str | None = None

    @property
    def start(self) -> datetime:
        return self.early_start

    @property
    def finish(self) -> datetime:
        return self.early_finish

    def computed_fields(self) -> dict[str, object]:
        """The interchange document's computed task keys (see docs/json-format.md)."""
        return {
            "early_start": self.early_start.strftime(ISO_MINUTES),
            "early_finish": self.early_finish.strftime(ISO_MINUTES),
            "late_start": self.late_start.strftime(ISO_MINUTES),
            "late_finish": self.late_finish.strftime(ISO_MINUTES),
            "total_float_minutes": self.total_float_minutes,
            "free_float_minutes": self.free_float_minutes,
            "critical": self.critical,
        }


class ScheduleResult(Mapping[int, TaskSchedule]):
    """The schedule of a plan: a read-only mapping task id -> :class:`TaskSchedule`.

    Positions are computed eagerly; date-times are built when a task is first looked up, so a
    view that shows 50 rows of a 100,000-task plan pays for 50 conversions.
    """

    def __init__(
        self,
        network: Network,
        axis: TimeAxis,
        project_start: datetime,
        values: list[int],
        late_start: list[int],
        late_finish: list[int],
        total_float: list[int],
        free_float: list[int],
        late_flags: list[bool],
        percent: list[float],
        moved: Mapping[int, FreezeWindow],
        messages: list[str],
        project_finish_pos: int,
        states: bytearray | None = None,
        conflicts: Mapping[int, str] | None = None,
    ) -> None:
        self.network = network
        self.axis = axis
        self.project_start = project_start
        self.project_start_pos = axis.position_of(project_start)
        self.project_finish_pos = project_finish_pos
        self.messages = messages
        self._values = values
        self._late_start = late_start
        self._late_finish = late_finish
        self._total_float = total_float
        self._free_float = free_float
        self._late = late_flags
        self._percent = percent
        self._moved = moved
        # per task index 0/1/2 (see progress.STATE_NAMES); task index -> broken constraint
        self._states = states if states is not None else bytearray(network.task_count)
        self._conflicts: Mapping[int, str] = conflicts or {}
        # the forward pass's values and freeze moves before ALAP tasks moved to their late
        # dates (None when none moved): where the next incremental forward pass starts
        self.asap_pass: tuple[list[int], Mapping[int, FreezeWindow]] | None = None
        # the project calendar's clock when task calendars widened the axis (then durations
        # of summaries are counted on it)
        self.project_clock: DayClock | None = None
        # the backward pass's bounds and slacks, for the next in-place edit's partial rerun
        # (None where that rerun does not apply: ALAP or clock-placed tasks)
        self.late_state: LateState | None = None
        # (the result a partial rerun started from, the task indices whose entries it
        # wrote): changed_since that result looks at those only
        self.derived_from: tuple[ReferenceType[ScheduleResult], Set[int]] | None = None
        self._cache: dict[int, TaskSchedule] = {}
        self._complete = False  # every entry is in the cache

    # -- Mapping protocol

    def __getitem__(self, task_id: int) -> TaskSchedule:
        cached = self._cache.get(task_id)
        if cached is None:
            index = self.network.index[task_id]
            if self.network.kids[index] is not None:
                self._build_children_first(index)
            cached = self._cache[task_id] = self._build(index)
        return cached

    def _relevant_children(self, i: int) -> list[int]:
        """Children whose date-times a summary's own date-times are taken from."""
        values, ls, lf = self._values, self._late_start, self._late_finish
        es, ef = values[2 * i], values[2 * i + 1]
        return [
            c
            for c in self.network.kids[i] or ()
            if values[2 * c] == es or values[2 * c + 1] == ef or ls[c] == ls[i] or lf[c] == lf[i]
        ]

    def _build_children_first(self, i: int) -> None:
        """Build the nested summaries a summary depends on without recursion (an imported
        outline may be deeper than Python's recursion limit)."""
        net, cache, ids = self.network, self._cache, self.network.ids
        stack = [i]
        while stack:
            node = stack[-1]
            waiting = [
                c
                for c in self._relevant_children(node)
                if net.kids[c] is not None and ids[c] not in cache
            ]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            if node != i and ids[node] not in cache:
                cache[ids[node]] = self._build(node)

    def __iter__(self) -> Iterator[int]:
        return iter(self.network.ids)

    def __len__(self) -> int:
        return self.network.task_count

    def __contains__(self, task_id: object) -> bool:
        return task_id in self.network.index

    def values(self) -> ValuesView[TaskSchedule]:
        """Every task's schedule, in task order: all of them are built on the first step of
        the iteration, in one go (see :meth:`build_all`)."""
        return _AllValues(self)

    def items(self) -> ItemsView[int, TaskSchedule]:
        """``(task id, schedule)`` of every task, in task order, built as :meth:`values`."""
        return _AllItems(self)

    def build_all(self) -> None:
        """Build every task's :class:`TaskSchedule` (what a whole-plan export or a full
        iteration needs), with the cyclic collector paused.

        The plain tasks (a duration, no own clock: most of a plan) in one loop whose
        date-times come from the axis's batch conversion; then the other leaves; then the
        summaries, children first (``summary_order``)."""
        if self._complete:
            return
        net, cache = self.network, self._cache
        ids = net.ids
        with gc_paused():
            self._build_plain_tasks()
            self._build_plain_milestones()
            for i in range(net.task_count):
                if net.kids[i] is None and ids[i] not in cache:
                    cache[ids[i]] = self._build(i)
            for i in net.summary_order:
                if ids[i] not in cache:
                    cache[ids[i]] = self._build(i)
            for task_id in ids:  # none left unless the order above missed one
                if task_id not in cache:
                    self[task_id]  # builds it, children first
        self._complete = True

    def _build_plain_tasks(self) -> None:
        """The entries of :meth:`_build`'s ``ef > es`` branch (leaves that are not elapsed
        or on a clock, on the project calendar's axis): their date-times converted all at
        once (``TimeAxis.starts_at_many``), then one loop over the lists."""
        net = self.network
        if net.clocks or net.elapsed or self.project_clock is not None:
            return  # durations and date-times of these plans need _build's care
        cache, ids, kids, is_summary = self._cache, net.ids, net.kids, net.is_summary
        values, late_start, late_finish = self._values, self._late_start, self._late_finish
        plain = [
            i
            for i in range(net.task_count)
            if values[2 * i + 1] > values[2 * i]
            and kids[i] is None
            and not is_summary[i]
            and ids[i] not in cache
        ]
        starts = self.axis.starts_at_many(
            [values[2 * i] for i in plain] + [late_start[i] for i in plain]
        )
        finishes = self.axis.finishes_at_many(
            [values[2 * i + 1] for i in plain] + [late_finish[i] for i in plain]
        )
        total_float, free_float, late = self._total_float, self._free_float, self._late
        percent, states, moved = self._percent, self._states, self._moved
        conflicts_get = self._conflicts.get if self._conflicts else None
        names, tasks = STATE_NAMES, net.tasks
        for i in plain:
            es, ef = values[2 * i], values[2 * i + 1]
            ls, lf = late_start[i], late_finish[i]
            state, tf = states[i], total_float[i]
            window = moved.get(i) if moved else None
            cache[ids[i]] = TaskSchedule(
                ids[i],
                starts[es],
                finishes[ef],
                starts[ls],
                finishes[lf],
                es,
                ef,
                ls,
                lf,
                ef - es,
                tf,
                free_float[i],
                tf <= 0 and state != FINISHED,
                late[i],
                False,
                bool(tasks[i].milestone),
                percent[i],
                window.name if window else None,
                names[state],
                conflicts_get(i) if conflicts_get else None,
            )

    # -- fast accessors (no date-times)

    def _build_plain_milestones(self) -> None:
        """The entries of :meth:`_build`'s zero-length branch (leaves that are not elapsed
        or on a clock, on the project calendar's axis), in one loop."""
        net = self.network
        if net.clocks or net.elapsed or self.project_clock is not None:
            return  # as in _build_plain_tasks
        cache, ids, kids, is_summary = self._cache, net.ids, net.kids, net.is_summary
        values, late_start, late_finish = self._values, self._late_start, self._late_finish
        total_float, free_float, late = self._total_float, self._free_float, self._late
        percent, states, moved = self._percent, self._states, self._moved
        conflicts_get = self._conflicts.get if self._conflicts else None
        start_at, finish_at, first = self.axis.start_at, self.axis.finish_at, self.project_start_pos
        finish_driven, given_at_finish = self._finish_driven, self._given_at_finish
        names, tasks = STATE_NAMES, net.tasks
        for i in range(net.task_count):
            es = values[2 * i]
            if values[2 * i + 1] != es or kids[i] is not None or is_summary[i] or ids[i] in cache:
                continue
            # the moment a predecessor finishes (or given at a closing time) shows that
            # evening; late dates are "reached by" that day's closing time
            if es > first and (finish_driven(i, es) or given_at_finish(tasks[i], es)):
                early = finish_at(es)
            else:
                early = start_at(es)
            ls = late_start[i]
            late_moment = finish_at(ls) if ls > first else start_at(ls)
            state, tf = states[i], total_float[i]
            window = moved.get(i) if moved else None
            cache[ids[i]] = TaskSchedule(
                ids[i],
                early,
                early,
                late_moment,
                late_moment,
                es,
                es,
                ls,
                late_finish[i],
                0,
                tf,
                free_float[i],
                tf <= 0 and state != FINISHED,
                late[i],
                False,
                True,
                percent[i],
                window.name if window else None,
                names[state],
                conflicts_get(i) if conflicts_get else None,
            )

    # -- fast accessors (no date-times)

    def positions(self, task_id: int) -> tuple[int, int, int, int]:
        """``(early_start, early_finish, late_start, late_finish)`` as positions."""
        i = self.network.index[task_id]
        return (
            self._values[2 * i],
            self._values[2 * i + 1],
            self._late_start[i],
            self._late_finish[i],
        )

    @property
    def minutes_per_day(self) -> int:
        return self.axis.calendar.minutes_per_day

    def in_days(self, minutes: int) -> float:
        """Working minutes as working days of this calendar (floats are shown in days)."""
        return round(minutes / self.minutes_per_day, 2)

    def is_summary(self, task_id: int) -> bool:
        return self.network.kids[self.network.index[task_id]] is not None

    def total_float(self, task_id: int) -> int:
        return self._total_float[self.network.index[task_id]]

    def duration_and_percent(self, task_id: int) -> tuple[int, float]:
        """The task's ``duration_minutes`` and ``percent_complete`` as its
        :class:`TaskSchedule` has them (a summary's rolled up), without building it (a
        summary's entry builds its children's first)."""
        i = self.network.index[task_id]
        return self._duration(i, self._values[2 * i], self._values[2 * i + 1]), self._percent[i]

    def is_critical(self, task_id: int) -> bool:
        """Zero or negative float, and not finished (a finished task's float is moot)."""
        i = self.network.index[task_id]
        return self._total_float[i] <= 0 and self._states[i] != FINISHED

    def progress(self, task_id: int) -> str:
        """``not_started``, ``in_progress`` or ``finished`` (a summary: from its children)."""
        return STATE_NAMES[self._states[self.network.index[task_id]]]

    @property
    def conflicts(self) -> dict[int, str]:
        """Task id -> the constraint type (SNLT FNLT MSO MFO) its links or the status date
        push it past; the messages say by how much."""
        ids = self.network.ids
        return {ids[i]: kind for i, kind in sorted(self._conflicts.items())}

    @property
    def project_finish(self) -> datetime:
        if self.project_finish_pos <= self.project_start_pos:
            return self.axis.start_at(self.project_start_pos)
        return self.axis.finish_at(self.project_finish_pos)

    @property
    def critical_ids(self) -> list[int]:
        ids, tf, states = self.network.ids, self._total_float, self._states
        return [
            ids[i]
            for i in range(self.network.task_count)
            if tf[i] <= 0 and states[i] != FINISHED
        ]

    @property
    def late_ids(self) -> list[int]:
        ids = self.network.ids
        return [ids[i] for i in range(self.network.task_count) if self._late[i]]

    def start_finish(self) -> dict[int, tuple[datetime, datetime]]:
        """Every task's scheduled (early) start and finish, equal to its entry's but without
        building entries (what writing the dates back to the database needs; see
        :mod:`~infradesk.schedule.early_columns`)."""
        with gc_paused():  # 100,000 pairs: nothing for the collector to find
            columns = early_columns(self)
            return dict(zip(self.network.ids, zip(*columns, strict=True), strict=True))

    def start_finish_columns(
        self, task_ids: Iterable[int]
    ) -> tuple[list[datetime], list[datetime]]:
        """The early starts and the early finishes of ``task_ids``, in that order."""
        starts, finishes = early_columns(self)
        rows = list(map(self.network.index.__getitem__, task_ids))
        return list(map(starts.__getitem__, rows)), list(map(finishes.__getitem__, rows))

    def computed_fields(self) -> dict[int, dict[str, object]]:
        """Per task id the interchange document's computed keys, for the JSON export."""
        self.build_all()
        cache = self._cache
        return {task_id: cache[task_id].computed_fields() for task_id in self.network.ids}

    def changed_since(self, other: ScheduleResult | None) -> list[int]:
        """Task ids whose positions, floats, progress state or conflict differ from ``other``
        (all if it is None or of another network), in task order.

        Each list is compared whole first and, where it differs, element by element in C
        (``map(ne, ...)``): a few milliseconds at 100,000 tasks, where a Python loop over
        every task costs ten times that."""
        if other is None or other.network.ids != self.network.ids:
            return list(self.network.ids)
        n = self.network.task_count
        changed: set[int] = set()
        if self.derived_from is not None and self.derived_from[0]() is other:
            return self._changed_among(other, self.derived_from[1])
        if self._values != other._values:
            count = min(len(self._values), len(other._values))
            values = compress(range(count), map(ne, self._values, other._values))
            changed.update(v >> 1 for v in values if v < 2 * n)
        for mine, theirs in (
            (self._late_start, other._late_start),
            (self._late_finish, other._late_finish),
            (self._free_float, other._free_float),
        ):
            if mine is not theirs and mine != theirs:
                changed.update(compress(range(n), map(ne, mine, theirs)))
        if self._states != other._states:
            changed.update(compress(range(n), map(ne, self._states, other._states)))
        return self._with_conflicts(other, changed)

    def _changed_among(self, other: ScheduleResult, candidates: Set[int]) -> list[int]:
        """:meth:`changed_since` for a result made from ``other`` by a partial rerun, which
        wrote only the entries of the ``candidates`` (task indices)."""
        a_v, b_v = self._values, other._values
        changed = {
            i
            for i in candidates
            if a_v[2 * i] != b_v[2 * i]
            or a_v[2 * i + 1] != b_v[2 * i + 1]
            or self._late_start[i] != other._late_start[i]
            or self._late_finish[i] != other._late_finish[i]
            or self._free_float[i] != other._free_float[i]
        }
        if self._states is not other._states:
            n = self.network.task_count
            changed.update(compress(range(n), map(ne, self._states, other._states)))
        return self._with_conflicts(other, changed)

    def _with_conflicts(self, other: ScheduleResult, changed: set[int]) -> list[int]:
        """The ids of the ``changed`` task indices and of those whose conflicts differ."""
        if self._conflicts != other._conflicts:
            keys = self._conflicts.keys() | other._conflicts.keys()
            changed.update(i for i in keys if self._conflicts.get(i) != other._conflicts.get(i))
        ids = self.network.ids
        return [ids[i] for i in sorted(changed)]

    # -- building one task's view

    def _finish_driven(self, node: int, value: int) -> bool:
        """Whether a zero-length task at ``value`` sits where a predecessor *finishes* (it then
        shows that day's closing time, like MS Project) rather than where something starts."""
        net, values = self.network, self._values
        sources, offsets = net.in_src[node], net.in_off[node]
        if sources is None or offsets is None:
            return False
        for src, off in zip(sources, offsets, strict=True):
            if values[src] + off != value:
                continue
            pred = src >> 1
            if pred >= net.task_count:  # a summary's gate: what drove the gate?
                if self._finish_driven(pred, values[src]):
                    return True
            elif src & 1:
                return True
        return False

    def _given_at_finish(self, task: TaskInput, value: int) -> bool:
        """Whether a zero-length task at ``value`` was given that day's closing time (a
        must-finish-on Friday 17:00, an actual finish at 17:00): it shows the moment given,
        not the next working morning, which is the same position on the axis."""
        given = (
            task.constraint_date,
            task.actual_finish,
            task.actual_start,
            task.manual_start,
            task.start_no_earlier_than,
        )
        if value <= self.project_start_pos or not any(given):  # no date given
            return False
        return self.axis.finish_at(value) in given

    def _duration(self, i: int, es: int, ef: int) -> int:
        """Working minutes from ``es`` to ``ef``; a task on its own clock that has not
        started has its own duration (its span may include its resources' leave)."""
        net = self.network
        if i in net.clocks and self._states[i] == NOT_STARTED:
            return net.elapsed[i]
        if self.project_clock is not None:
            return self.project_clock.count(ef) - self.project_clock.count(es)
        return ef - es

    def _instant(self, pos: int, at_finish: bool) -> datetime:
        if at_finish and pos > self.project_start_pos:
            return self.axis.finish_at(pos)
        return self.axis.start_at(pos)

    def _child_moments(self, c: int) -> tuple[datetime, datetime, datetime, datetime]:
        """A child's early start, early finish, late start and late finish as its entry has
        them: the entry's when built (a summary's is, children first), else a leaf's found
        without building its entry (a summary's entry then costs its own only)."""
        net = self.network
        entry = self._cache.get(net.ids[c])
        if entry is None and net.kids[c] is None:
            return self._leaf_moments(c)
        if entry is None:
            entry = self[net.ids[c]]
        return entry.early_start, entry.early_finish, entry.late_start, entry.late_finish

    def _leaf_moments(self, i: int) -> tuple[datetime, datetime, datetime, datetime]:
        """A leaf's early start, early finish, late start and late finish date-times."""
        net, axis, values = self.network, self.axis, self._values
        es, ef = values[2 * i], values[2 * i + 1]
        ls, lf = self._late_start[i], self._late_finish[i]
        if i in net.elapsed and i not in net.clocks and self._states[i] == NOT_STARTED:
            # the exact moment of the wall clock, even in non-working time (its position,
            # what links read, is the end of the working time before it)
            minutes = timedelta(minutes=net.elapsed[i])
            early_start, late_start = axis.start_at(es), axis.start_at(ls)
            return early_start, early_start + minutes, late_start, late_start + minutes
        if ef > es:
            return axis.start_at(es), axis.finish_at(ef), axis.start_at(ls), axis.finish_at(lf)
        at_finish = not net.is_summary[i] and (
            self._finish_driven(i, es) or self._given_at_finish(net.tasks[i], es)
        )
        early = self._instant(es, at_finish)
        # late dates come from successors' needs: "reached by" that day's closing time
        late = self._instant(ls, True)
        return early, early, late, late

    def _build(self, i: int) -> TaskSchedule:
        net, values = self.network, self._values
        task = net.tasks[i]
        es, ef = values[2 * i], values[2 * i + 1]
        ls, lf = self._late_start[i], self._late_finish[i]
        children = net.kids[i]
        if children is not None:
            # a summary shows its children's extreme date-times (a milestone child at a
            # predecessor's finish shows that evening, and so does the summary)
            late_start_of, late_finish_of = self._late_start, self._late_finish
            moments = {c: self._child_moments(c) for c in self._relevant_children(i)}
            early_start = min(m[0] for c, m in moments.items() if values[2 * c] == es)
            early_finish = max(m[1] for c, m in moments.items() if values[2 * c + 1] == ef)
            late_start = min(m[2] for c, m in moments.items() if late_start_of[c] == ls)
            late_finish = max(m[3] for c, m in moments.items() if late_finish_of[c] == lf)
        else:
            early_start, early_finish, late_start, late_finish = self._leaf_moments(i)
        window = self._moved.get(i)
        return TaskSchedule(
            task_id=task.id,
            early_start=early_start,
            early_finish=early_finish,
            late_start=late_start,
            late_finish=late_finish,
            early_start_pos=es,
            early_finish_pos=ef,
            late_start_pos=ls,
            late_finish_pos=lf,
            duration_minutes=self._duration(i, es, ef),
            total_float_minutes=self._total_float[i],
            free_float_minutes=self._free_float[i],
            critical=self._total_float[i] <= 0 and self._states[i] != FINISHED,
            late=self._late[i],
            summary=net.is_summary[i],
            milestone=not net.is_summary[i]
            and (
                bool(task.milestone)
                or (ef == es and (i not in net.elapsed or i in net.clocks))
            ),
            percent_complete=self._percent[i],
            freeze=window.name if window else None,
            progress=STATE_NAMES[self._states[i]],
            conflict=self._conflicts.get(i),
        )


class _AllValues(ValuesView[TaskSchedule]):
    """``ScheduleResult.values()``: every entry built in one go when the iteration starts."""

    _mapping: ScheduleResult

    def __iter__(self) -> Iterator[TaskSchedule]:
        result = self._mapping
        result.build_all()
        return map(result._cache.__getitem__, result.network.ids)


class _AllItems(ItemsView[int, TaskSchedule]):
    """``ScheduleResult.items()``, as :class:`_AllValues`."""

    _mapping: ScheduleResult

    def __iter__(self) -> Iterator[tuple[int, TaskSchedule]]:
        result = self._mapping
        result.build_all()
        ids = result.network.ids
        return zip(ids, map(result._cache.__getitem__, ids), strict=True)
