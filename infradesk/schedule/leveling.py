"""Assistive resource leveling (issue 18): find each overload, propose delays that fix it.

Pure: plain data in, plain data out, nothing written. The service
(:mod:`infradesk.services.resources.leveling`) builds the input from every project of the
workspace and turns the result into proposals a PM reads, previews and accepts.

**Clock.** Every date is an integer on one common working-minute axis (the service picks it);
``LevelInput.day_minutes`` working minutes make a *day*, the bucket overloads are counted in
(MS Project's "day by day" leveling). A task ``[start, finish)`` with ``units`` on a resource
loads each day it touches by ``units * minutes_in_that_day / day_minutes``; the day is
*overloaded* when the sum exceeds the resource's capacity (its maximum units). A resource's
*off days* (leave, the days a part-time calendar does not work) carry none of its load: the
engine already keeps its tasks' work off them; a part-time day's load and capacity would scale
alike, so only whole days off are told apart.

**What moves.** Only tasks that are neither *pinned* (started, finished, must-start-on /
must-finish-on, manually scheduled) nor of priority 1000. A delay is added after whatever
drives the task (MS Project's leveling delay) and pushed through the links to its successors
(a forward pass over what the move reaches). A move that would push a pinned or
priority-1000 task is not made.

**Which task moves.** Overloads are taken in date order. Of the tasks loading the resource
that day, each one's smallest delay that fits it on *all* its resources is found; delays
within the task's free float come first, then within its total float, then beyond; among equals
MS Project's standard order decides: a task that is a predecessor of another candidate last,
then the later start, no hard constraint (SNLT/FNLT) before one, most total slack, lower
priority, higher ID moves first.

**Guarantees** (tested with hypothesis): a move is kept only when no resource's peak load and
no resource's overloaded days grow and the plan's total excess load shrinks, so leveling never
makes any overload worse; pinned and priority-1000 tasks never move; every delay is > 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from heapq import heapify, heappop, heappush

from infradesk.progress import NO_PROGRESS, Progress

EPSILON = 1e-9
SLACK_TIERS = ("free float", "total float", "beyond float")
_LINK_CODES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}


@dataclass(frozen=True, slots=True)
class LevelTask:
    """One leaf task. ``start``/``finish`` on the common clock; floats in working minutes;
    ``delay``: a leveling delay it already has (the next delay adds to it); ``order``: its ID
    (outline row), higher IDs move first among equals."""

    id: int
    start: int
    finish: int
    total_float: int = 0
    free_float: int = 0
    priority: int = 500
    hard_constraint: bool = False
    pinned: bool = False
    order: int = 0
    delay: int = 0

    @property
    def movable(self) -> bool:
        return not self.pinned and self.priority < 1000


@dataclass(frozen=True, slots=True)
class LevelLink:
    """``successor`` starts (SS/FS) or finishes (FF/SF) ``lag`` minutes after the
    predecessor's start (SS/SF) or finish (FS/FF)."""

    predecessor: int
    successor: int
    type: str = "FS"
    lag: int = 0


@dataclass(frozen=True, slots=True)
class LevelResource:
    """A work resource; ``capacity`` in units (1.0 = one person full time); ``off_days``:
    the day numbers it does not work (leave, a part-time calendar's free days)."""

    id: int
    capacity: float = 1.0
    off_days: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class LevelAssignment:
    task_id: int
    resource_id: int
    units: float = 1.0


@dataclass(frozen=True)
class LevelInput:
    tasks: Sequence[LevelTask]
    links: Sequence[LevelLink] = ()
    resources: Sequence[LevelResource] = ()
    assignments: Sequence[LevelAssignment] = ()
    day_minutes: int = 480
    horizon_days: int = 520  # how far past an overload a task may be moved to fit


@dataclass(frozen=True, slots=True)
class LoadStats:
    """One resource's overload: the highest day load (1.5 = 150%) and the working minutes of
    its overloaded days."""

    peak: float = 0.0
    overloaded_minutes: int = 0


@dataclass(frozen=True, slots=True)
class Delay:
    """A proposed delay of one task: ``minutes`` added to its leveling delay, its new dates,
    and why: ``resource_id`` is at ``peak`` on days ``first_day``..``last_day``; ``slack``
    says whether the delay stays within its free float, its total float, or goes beyond."""

    task_id: int
    minutes: int
    start: int
    finish: int
    resource_id: int
    peak: float
    first_day: int
    last_day: int
    slack: str


@dataclass(frozen=True)
class LevelResult:
    delays: list[Delay]
    dates: dict[int, tuple[int, int]]  # every task that moves (delayed or pushed): new dates
    before: dict[int, LoadStats]
    after: dict[int, LoadStats]
    unresolved: list[tuple[int, int]] = field(default_factory=list)  # (resource, day) left


def spread(
    start: int, finish: int, units: float, day_minutes: int, off: frozenset[int] = frozenset()
) -> list[tuple[int, float]]:
    """The load ``[start, finish)`` at ``units`` puts on each day it touches (none on the
    ``off`` days)."""
    if finish <= start or units <= 0:
        return []
    out: list[tuple[int, float]] = []
    day = start // day_minutes
    last = (finish - 1) // day_minutes
    while day <= last:
        if day not in off:
            lo = max(start, day * day_minutes)
            hi = min(finish, (day + 1) * day_minutes)
            out.append((day, units * (hi - lo) / day_minutes))
        day += 1
    return out


def day_loads(data: LevelInput, dates: dict[int, tuple[int, int]] | None = None) -> dict[
    int, dict[int, float]
]:
    """Per resource, per day, its load (``dates`` overrides tasks' dates)."""
    spans = {t.id: (t.start, t.finish) for t in data.tasks}
    if dates:
        spans.update(dates)
    loads: dict[int, dict[int, float]] = {r.id: {} for r in data.resources}
    off = {r.id: r.off_days for r in data.resources}
    for a in data.assignments:
        per_day = loads.get(a.resource_id)
        span = spans.get(a.task_id)
        if per_day is None or span is None:
            continue
        for day, load in spread(span[0], span[1], a.units, data.day_minutes, off[a.resource_id]):
            per_day[day] = per_day.get(day, 0.0) + load
    return loads


def load_stats(
    data: LevelInput, dates: dict[int, tuple[int, int]] | None = None
) -> dict[int, LoadStats]:
    """Each resource's :class:`LoadStats` with the tasks at their dates (or ``dates``)."""
    capacity = {r.id: r.capacity for r in data.resources}
    stats: dict[int, LoadStats] = {}
    for rid, per_day in day_loads(data, dates).items():
        over = [load for load in per_day.values() if load > capacity[rid] + EPSILON]
        stats[rid] = LoadStats(max(per_day.values(), default=0.0), len(over) * data.day_minutes)
    return stats


class _Leveler:
    """The state of one leveling run over dense task indices (see :func:`level`)."""

    def __init__(self, data: LevelInput, progress: Progress) -> None:
        self.data = data
        self.progress = progress
        self.D = data.day_minutes
        tasks = list(data.tasks)
        self.tasks = tasks
        n = len(tasks)
        index = {t.id: i for i, t in enumerate(tasks)}
        self.index = index
        self.start = [t.start for t in tasks]
        self.finish = [t.finish for t in tasks]
        self.duration = [max(0, t.finish - t.start) for t in tasks]
        self.delay = [t.delay for t in tasks]
        self.added = [0] * n
        self.movable = [t.movable for t in tasks]
        self.pinned = [t.pinned for t in tasks]
        self.preds: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        self.succs: list[list[int]] = [[] for _ in range(n)]
        for link in data.links:
            p, s = index.get(link.predecessor), index.get(link.successor)
            if p is None or s is None or p == s:
                continue
            self.preds[s].append((p, _LINK_CODES.get(link.type.upper(), 0), link.lag))
            self.succs[p].append(s)
        self.rank = self._ranks(n)
        rindex = {r.id: k for k, r in enumerate(data.resources)}
        self.resource_ids = [r.id for r in data.resources]
        self.capacity = [r.capacity for r in data.resources]
        self.off = [r.off_days for r in data.resources]
        self.on: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for a in data.assignments:
            t, r = index.get(a.task_id), rindex.get(a.resource_id)
            if t is None or r is None or a.units <= 0 or self.capacity[r] <= 0:
                continue
            self.on[t].append((r, a.units))
        # per task the days it cannot work (any of its resources off) and its work minutes
        self.task_off: list[frozenset[int]] = [
            frozenset().union(*(self.off[r] for r, _u in self.on[t])) for t in range(n)
        ]
        self.work = [self._worked(t, self.start[t], self.finish[t]) for t in range(n)]
        self.loads: list[dict[int, float]] = [{} for _ in data.resources]
        self.users: list[dict[int, set[int]]] = [{} for _ in data.resources]
        for t in range(n):
            self._place(t, None)
        self.peak_cap = [max(per_day.values(), default=0.0) for per_day in self.loads]

    def _ranks(self, n: int) -> list[int]:
        """A topological rank per task (Kahn); tasks in a loop (the engine refuses loops)
        get ranks after the rest."""
        waiting = [len(p) for p in self.preds]
        ready = [i for i in range(n) if waiting[i] == 0]
        rank = [n] * n
        k = 0
        while ready:
            i = ready.pop()
            rank[i] = k
            k += 1
            for s in self.succs[i]:
                waiting[s] -= 1
                if waiting[s] == 0:
                    ready.append(s)
        return rank

    # -- loads

    def _place(self, t: int, touched: dict[tuple[int, int], float] | None, sign: int = 1) -> None:
        """Add (``sign`` 1) or remove (-1) task ``t``'s load at its current dates; ``touched``
        records each changed day's load before the first change."""
        if not self.on[t]:
            return
        for r, units in self.on[t]:
            loads, users = self.loads[r], self.users[r]
            for day, load in spread(self.start[t], self.finish[t], units, self.D, self.off[r]):
                if touched is not None and (r, day) not in touched:
                    touched[(r, day)] = loads.get(day, 0.0)
                loads[day] = loads.get(day, 0.0) + sign * load
                if sign > 0:
                    users.setdefault(day, set()).add(t)
                else:
                    here = users.get(day)
                    if here is not None:
                        here.discard(t)

    def _worked(self, t: int, start: int, finish: int) -> int:
        """Working minutes of ``[start, finish)`` outside task ``t``'s off days."""
        off, D = self.task_off[t], self.D
        if not off:
            return finish - start
        return sum(round(load) for _day, load in spread(start, finish, D, D, off))

    def _finish_from(self, t: int, start: int) -> tuple[int, int]:
        """Where task ``t`` starts and finishes when it starts at ``start`` or later,
        working its minutes on the days it can work."""
        off, D, left = self.task_off[t], self.D, self.work[t]
        if not off:
            return start, start + left
        day = start // D
        while day in off:
            day += 1
        if day * D > start:
            start = day * D
        pos = start
        while True:
            if day not in off:
                room = (day + 1) * D - pos
                if left <= room:
                    return start, pos + left
                left -= room
            day += 1
            pos = day * D

    def overloaded(self, r: int, day: int) -> bool:
        return self.loads[r].get(day, 0.0) > self.capacity[r] + EPSILON

    # -- finding a place

    def fit(self, t: int, after_day: int) -> int | None:
        """The earliest day-aligned start after ``after_day`` at which task ``t`` fits on every
        resource it uses without overloading it (its own load taken out), or None. The task
        works its minutes on the days it can work (not its resources' off days)."""
        D = self.D
        own: dict[tuple[int, int], float] = {}
        for r, units in self.on[t]:
            for day, load in spread(self.start[t], self.finish[t], units, D, self.off[r]):
                own[(r, day)] = load
        task_off = self.task_off[t]
        k = max(after_day + 1, -(-self.start[t] // D))
        limit = k + self.data.horizon_days
        while k < limit:
            if k in task_off:
                k += 1
                continue
            clash = self._clash(t, k, own)
            if clash < 0:
                return k * D
            k = clash + 1
        return None

    def _clash(self, t: int, k: int, own: dict[tuple[int, int], float]) -> int:
        """The first day task ``t`` started on day ``k`` would overload a resource, or -1."""
        D, task_off, left = self.D, self.task_off[t], self.work[t]
        j = k
        while True:
            if j not in task_off:
                minutes = min(D, left)
                for r, units in self.on[t]:
                    load = self.loads[r].get(j, 0.0) - own.get((r, j), 0.0)
                    if load + units * minutes / D > self.capacity[r] + EPSILON:
                        return j
                left -= minutes
                if left <= 0:
                    return -1
            j += 1

    # -- moving

    def _bound(self, p: int, code: int, lag: int, s: int) -> int:
        if code == 0:
            return self.finish[p] + lag
        if code == 1:
            return self.start[p] + lag
        if code == 2:
            return self.finish[p] + lag - self.duration[s]
        return self.start[p] + lag - self.duration[s]

    def move(
        self, t: int, new_start: int, touched: dict[tuple[int, int], float]
    ) -> list[tuple[int, int, int]] | None:
        """Start ``t`` at ``new_start`` and push its successors (loads follow); returns the
        moved tasks' old ``(index, start, finish)``, or None (nothing changed) when the push
        would move a pinned or priority-1000 task."""
        moved: list[tuple[int, int, int]] = []
        self._shift(t, new_start, moved, touched)
        queue = [(self.rank[s], s) for s in self.succs[t]]
        heapify(queue)
        queued = {s for _r, s in queue}
        while queue:
            _rank, s = heappop(queue)
            queued.discard(s)
            es = self.start[s]
            for p, code, lag in self.preds[s]:
                bound = self._bound(p, code, lag, s) + self.delay[s]
                if bound > es:
                    es = bound
            if es <= self.start[s]:
                continue
            if self.pinned[s]:
                continue  # it keeps its dates (the engine reports the conflict)
            if not self.movable[s]:
                self.undo(moved, touched)
                return None
            self._shift(s, es, moved, touched)
            for nxt in self.succs[s]:
                if nxt not in queued:
                    queued.add(nxt)
                    heappush(queue, (self.rank[nxt], nxt))
        return moved

    def _shift(
        self,
        t: int,
        new_start: int,
        moved: list[tuple[int, int, int]],
        touched: dict[tuple[int, int], float],
    ) -> None:
        moved.append((t, self.start[t], self.finish[t]))
        self._place(t, touched, -1)
        self.start[t], self.finish[t] = self._finish_from(t, new_start)
        self._place(t, touched, 1)

    def undo(
        self, moved: list[tuple[int, int, int]], touched: dict[tuple[int, int], float]
    ) -> None:
        for t, start, finish in reversed(moved):
            self._place(t, None, -1)
            self.start[t], self.finish[t] = start, finish
            self._place(t, None, 1)
        for (r, day), load in touched.items():  # exact loads back (no float drift)
            self.loads[r][day] = load
        moved.clear()

    def acceptable(self, touched: dict[tuple[int, int], float]) -> bool:
        """No resource's peak above its first peak, no resource with more overloaded days,
        and less excess load in all."""
        over_delta: dict[int, int] = {}
        excess_delta = 0.0
        for (r, day), before in touched.items():
            after = self.loads[r].get(day, 0.0)
            if after > self.peak_cap[r] + EPSILON:
                return False
            cap = self.capacity[r] + EPSILON
            change = (after > cap) - (before > cap)
            if change:
                over_delta[r] = over_delta.get(r, 0) + change
            excess_delta += max(0.0, after - self.capacity[r]) - max(0.0, before - self.capacity[r])
        if any(delta > 0 for delta in over_delta.values()):
            return False
        return excess_delta < -EPSILON

    # -- the order

    def order_key(self, t: int, candidates: set[int]) -> tuple[int, int, int, int, int, int]:
        task = self.tasks[t]
        feeds_other = any(s in candidates for s in self.succs[t])
        return (
            int(feeds_other),
            -self.start[t],
            int(task.hard_constraint),
            -(task.total_float - self.added[t]),
            task.priority,
            -task.order,
        )

    def tier(self, t: int, delay: int) -> int:
        task = self.tasks[t]
        if delay <= task.free_float - self.added[t]:
            return 0
        if delay <= task.total_float - self.added[t]:
            return 1
        return 2

    def overload_run(self, r: int, day: int) -> tuple[int, int, float]:
        """The days around ``day`` the resource is overloaded on, and the peak load there."""
        first = last = day
        while self.overloaded(r, first - 1):
            first -= 1
        while self.overloaded(r, last + 1):
            last += 1
        peak = max(self.loads[r].get(d, 0.0) for d in range(first, last + 1))
        return first, last, peak

    # -- the run

    def run(self) -> LevelResult:
        before = self._stats()
        heap = [
            (day, r)
            for r, per_day in enumerate(self.loads)
            for day in per_day
            if self.overloaded(r, day)
        ]
        heapify(heap)
        total = max(1, len(heap))
        failed: set[tuple[int, int]] = set()
        reasons: dict[int, tuple[int, float, int, int, int]] = {}
        done = 0
        while heap:
            day, r = heappop(heap)
            if (r, day) in failed or not self.overloaded(r, day):
                continue
            done += 1
            if done % 32 == 1:
                self.progress.step(
                    "Looking for overloads…", min(done, total - 1), total
                )
            candidates = {t for t in self.users[r].get(day, ()) if self.movable[t]}
            options = []
            for t in candidates:
                new_start = self.fit(t, day)
                if new_start is None or new_start <= self.start[t]:
                    continue
                delay = new_start - self.start[t]
                options.append((self.tier(t, delay), self.order_key(t, candidates), t, new_start))
            options.sort()
            first, last, peak = self.overload_run(r, day)
            for tier, _key, t, new_start in options:
                touched: dict[tuple[int, int], float] = {}
                old_start = self.start[t]
                moved = self.move(t, new_start, touched)
                if moved is None:
                    continue
                if not self.acceptable(touched):
                    self.undo(moved, touched)
                    continue
                delay = new_start - old_start
                self.delay[t] += delay
                self.added[t] += delay
                reasons.setdefault(t, (self.resource_ids[r], peak, first, last, tier))
                for rr, dd in touched:
                    if self.overloaded(rr, dd):
                        heappush(heap, (dd, rr))
                heappush(heap, (day, r))
                break
            else:
                failed.add((r, day))
        self.progress.step("Looking for overloads…", total, total)
        delays = []
        for t, (rid, peak, first, last, tier) in sorted(
            reasons.items(), key=lambda item: (self.start[item[0]], self.tasks[item[0]].order)
        ):
            delays.append(
                Delay(
                    self.tasks[t].id,
                    self.added[t],
                    self.start[t],
                    self.finish[t],
                    rid,
                    peak,
                    first,
                    last,
                    SLACK_TIERS[tier],
                )
            )
        dates = {
            task.id: (self.start[i], self.finish[i])
            for i, task in enumerate(self.tasks)
            if self.start[i] != task.start
        }
        unresolved = sorted((self.resource_ids[r], day) for r, day in failed)
        return LevelResult(delays, dates, before, self._stats(), unresolved)

    def _stats(self) -> dict[int, LoadStats]:
        stats: dict[int, LoadStats] = {}
        for r, per_day in enumerate(self.loads):
            cap = self.capacity[r] + EPSILON
            over = sum(1 for load in per_day.values() if load > cap)
            stats[self.resource_ids[r]] = LoadStats(
                max(per_day.values(), default=0.0), over * self.D
            )
        return stats


def level(data: LevelInput, progress: Progress = NO_PROGRESS) -> LevelResult:
    """Propose delays that remove the overloads of ``data`` (see the module docstring).
    ``progress.step`` is called as overloads are worked through and raises
    :class:`~infradesk.progress.Cancelled` when the user cancels."""
    return _Leveler(data, progress).run()
