"""A naive critical-path schedule, the way one writes it in an afternoon: dicts of task ids,
Kahn's topological order, a forward and a backward pass on working minutes, summaries rolled
up from their children, and every task's four date-times from a table of working days.

The bench's yardstick for "the full schedule with dates": the engine does much more (change
freezes, progress, constraints, task calendars, incremental passes), so it should at least not
be slower than this. It knows the plan's weekdays, working hours and holidays but not its
freezes and production changes (a plan without freezes gives the engine's dates, which the
test checks).
"""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import date, datetime, timedelta

from infradesk.schedule.engine import PlanInput

# task id -> early start, early finish, late start, late finish, total float in minutes
NaiveSchedule = dict[int, tuple[datetime, datetime, datetime, datetime, int]]


class _WorkingDays:
    """Working position -> date-time: position p lies on working day p // minutes_per_day."""

    def __init__(self, plan: PlanInput) -> None:
        calendar = plan.calendar
        self.calendar = calendar
        self.hours = tuple(calendar.hours)
        self.per_day = sum(end - start for start, end in self.hours)
        self.days: list[date] = []
        self.next_day = plan.project_start.date()

    def _day(self, index: int) -> date:
        while len(self.days) <= index:
            day = self.next_day
            self.next_day += timedelta(days=1)
            if self.calendar.is_working_day(day):
                self.days.append(day)
        return self.days[index]

    def _moment(self, day: date, minute: int, finish: bool) -> datetime:
        """The moment ``minute`` working minutes into ``day``: a start at a break is the
        next interval's start, a finish there the previous interval's end."""
        for start, end in self.hours:
            if minute < end - start or (finish and minute == end - start):
                return datetime(day.year, day.month, day.day) + timedelta(minutes=start + minute)
            minute -= end - start
        raise ValueError("minute past the working day")

    def start_at(self, pos: int) -> datetime:
        index, minute = divmod(pos, self.per_day)
        return self._moment(self._day(index), minute, finish=False)

    def finish_at(self, pos: int) -> datetime:
        index, minute = divmod(pos, self.per_day)
        if minute == 0 and pos > 0:  # a finish at a day boundary is the evening before
            return self._moment(self._day(index - 1), self.per_day, finish=True)
        return self._moment(self._day(index), minute, finish=True)


def naive_schedule(plan: PlanInput) -> NaiveSchedule:
    """Early and late date-times and total float of every task (summaries rolled up)."""
    children: dict[int, list[int]] = defaultdict(list)
    for task in plan.tasks:
        if task.parent_id is not None:
            children[task.parent_id].append(task.id)
    duration = {t.id: t.duration_minutes for t in plan.tasks if t.id not in children}
    successors: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    predecessors: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    waiting = dict.fromkeys(duration, 0)
    for link in plan.links:
        successors[link.predecessor_id].append((link.successor_id, link.type, link.lag_minutes))
        predecessors[link.successor_id].append((link.predecessor_id, link.type, link.lag_minutes))
        waiting[link.successor_id] += 1
    ready = deque(task_id for task_id, count in waiting.items() if count == 0)
    order: list[int] = []
    early_start: dict[int, int] = {}
    early_finish: dict[int, int] = {}
    while ready:
        task_id = ready.popleft()
        order.append(task_id)
        length = duration[task_id]
        start = 0
        for other, kind, lag in predecessors[task_id]:
            if kind == "FS":
                start = max(start, early_finish[other] + lag)
            elif kind == "SS":
                start = max(start, early_start[other] + lag)
            elif kind == "FF":
                start = max(start, early_finish[other] + lag - length)
            else:  # SF
                start = max(start, early_start[other] + lag - length)
        early_start[task_id] = start
        early_finish[task_id] = start + length
        for other, _kind, _lag in successors[task_id]:
            waiting[other] -= 1
            if waiting[other] == 0:
                ready.append(other)
    if len(order) != len(duration):
        raise ValueError("the links form a loop")
    finish = max(early_finish.values(), default=0)
    late_start: dict[int, int] = {}
    late_finish: dict[int, int] = {}
    for task_id in reversed(order):
        length = duration[task_id]
        latest = finish
        for other, kind, lag in successors[task_id]:
            if kind == "FS":
                latest = min(latest, late_start[other] - lag)
            elif kind == "SS":
                latest = min(latest, late_start[other] - lag + length)
            elif kind == "FF":
                latest = min(latest, late_finish[other] - lag)
            else:  # SF
                latest = min(latest, late_finish[other] - lag + length)
        late_finish[task_id] = latest
        late_start[task_id] = latest - length
    for summary in _bottom_up(children):
        kids = children[summary]
        early_start[summary] = min(early_start[k] for k in kids)
        early_finish[summary] = max(early_finish[k] for k in kids)
        late_start[summary] = min(late_start[k] for k in kids)
        late_finish[summary] = max(late_finish[k] for k in kids)
    days = _WorkingDays(plan)
    # a milestone (a leaf of no duration) shows the moment its predecessors finish
    start_of = {
        task_id: days.finish_at if length == 0 else days.start_at
        for task_id, length in duration.items()
    }
    return {
        task.id: (
            start_of.get(task.id, days.start_at)(early_start[task.id]),
            days.finish_at(early_finish[task.id]),
            start_of.get(task.id, days.start_at)(late_start[task.id]),
            days.finish_at(late_finish[task.id]),
            late_start[task.id] - early_start[task.id],
        )
        for task in plan.tasks
    }


def _bottom_up(children: dict[int, list[int]]) -> list[int]:
    """Summaries, every one after the summaries below it."""
    order: list[int] = []
    seen: set[int] = set()

    def visit(summary: int) -> None:
        stack = [(summary, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((kid, False) for kid in children[node] if kid in children)

    for summary in list(children):
        visit(summary)
    return order
