"""Elapsed durations (MS Project's ``ed``, ``eh``, ``em``): wall-clock time on the working axis.

A task of elapsed duration ``m`` that starts at working position ``s`` finishes at the moment
``start_at(s) + m`` minutes of the clock (nights, weekends and holidays count), converted back
to a position with ``position_of``. A moment in non-working time has no position of its own: it
maps to the end of the working time before it, which is what links read (a successor of a task
that finishes on Saturday at noon starts on Monday morning). The result shows the exact moment
(``ScheduleResult`` adds the minutes to the start for a task that has not started).

The finish is monotone in the start, and ``s <= finish(s) <= s + m``, so the inverse questions
the passes ask (the earliest start that finishes no earlier than a position, the latest that
finishes no later) are answered by a binary search over ``m + 1`` positions. Elapsed tasks are
few; the passes handle them apart from the hot loops (``passes.forward``/``backward``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from infradesk.schedule.calendar import FreezeWindow, TimeAxis
from infradesk.schedule.network import Network

if TYPE_CHECKING:
    from infradesk.schedule.task_calendars import ClockBook

FreezeSpans = list[tuple[int, int, FreezeWindow]]
PushAfter = Callable[[int, int, FreezeSpans], tuple[int, FreezeWindow | None]]


class WallClock:
    """Elapsed-time arithmetic on one time axis."""

    def __init__(self, axis: TimeAxis) -> None:
        self.axis = axis

    def start(self, pos: int) -> int:
        return pos

    def milestone(self, pos: int) -> int:
        return pos

    def delay(self, pos: int, minutes: int) -> int:
        return pos + minutes

    def undelay(self, pos: int, minutes: int) -> int:
        return pos - minutes

    def finish(self, start: int, minutes: int) -> int:
        """The position of ``start``'s moment plus ``minutes`` of wall-clock time."""
        axis = self.axis
        return axis.position_of(axis.start_at(start) + timedelta(minutes=minutes))

    def earliest_start(self, finish: int, minutes: int) -> int:
        """The earliest start whose elapsed finish is at or after ``finish``."""
        lo, hi = finish - minutes, finish  # before lo, even m working minutes fall short
        while lo < hi:
            mid = (lo + hi) // 2
            if self.finish(mid, minutes) >= finish:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def latest_start(self, finish: int, minutes: int) -> int:
        """The latest start whose elapsed finish is at or before ``finish``."""
        lo, hi = finish - minutes, finish  # lo finishes by ``finish`` whatever the calendar
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.finish(mid, minutes) <= finish:
                lo = mid
            else:
                hi = mid - 1
        return lo


def early_dates(
    net: Network,
    V: list[int],
    base: list[int],
    i: int,
    clock: ClockBook,
    freezes: FreezeSpans,
    push_after: PushAfter,
) -> tuple[int, int, FreezeWindow | None]:
    """Early start and finish of clock-placed task ``i`` (elapsed, or on a task or resource
    calendar: ``clock.of(i)``) from its links (FF/SF links bound its finish, the others its
    start) and lower bound, then its leveling delay; a production change is moved after the
    freezes it would touch."""
    minutes = net.elapsed[i]
    own = clock.of(i)
    lag = clock.lag
    es = base[i]
    finish_floor: int | None = None
    sources, offsets = net.in_src[i], net.in_off[i]
    if sources is not None and offsets is not None:
        finish_edges = net.finish_edges.get(i, ())
        for k, (s, o) in enumerate(zip(sources, offsets, strict=True)):
            b = lag(V[s], o)
            if k in finish_edges:
                if finish_floor is None or b > finish_floor:
                    finish_floor = b
            elif b > es:
                es = b
    if finish_floor is not None:
        start = own.earliest_start(finish_floor, minutes)
        if start > es:
            es = start
    es, ef = clock.place(i, es, minutes)
    moved_by = None
    if freezes and i in net.production:
        for _ in range(len(freezes) + 1):  # each round clears at least one freeze
            start, window = push_after(es, ef - es, freezes)
            if window is None or start == es:
                break
            moved_by = window
            es = own.start(start)
            ef = own.finish(es, minutes)
    return es, ef, moved_by


def late_dates(B: list[int], i: int, minutes: int, clock: ClockBook) -> tuple[int, int]:
    """Late start and finish of clock-placed task ``i`` from the backward pass's bounds."""
    own = clock.of(i)
    ls = own.latest_start(B[2 * i + 1], minutes)
    if B[2 * i] < ls:
        ls = B[2 * i]
    return ls, own.finish(ls, minutes)


def hand_back(
    net: Network,
    V: list[int],
    B: list[int],
    FFS: list[int],
    i: int,
    ls: int,
    lf: int,
    clock: ClockBook,
) -> None:
    """The backward step of clock-placed task ``i``: bounds and slacks of what it reads (a
    finish-type link is measured from its finish, the others from its start; both before
    the task's leveling delay)."""
    sources, offsets = net.in_src[i], net.in_off[i]
    if sources is None or offsets is None:
        return
    es, ef = V[2 * i], V[2 * i + 1]
    if i in clock.delays:
        own, minutes = clock.of(i), net.elapsed[i]
        ls, es = clock.driven_start(i, ls), clock.driven_start(i, es)
        lf, ef = own.finish(ls, minutes), own.finish(es, minutes)
    lag = clock.lag
    finish_edges = net.finish_edges.get(i, ())
    for k, (s, o) in enumerate(zip(sources, offsets, strict=True)):
        if k in finish_edges:
            b, x = lag(lf, -o), ef - lag(V[s], o)
        else:
            b, x = lag(ls, -o), es - lag(V[s], o)
        if b < B[s]:
            B[s] = b
        if x < FFS[s]:
            FFS[s] = x


def demanded_start(
    net: Network, V: list[int], i: int, floor: int, clock: ClockBook
) -> int:
    """The start the links of clock-placed task ``i`` would give it (at least ``floor``)."""
    es = floor
    sources, offsets = net.in_src[i], net.in_off[i]
    if sources is None or offsets is None:
        return es
    finish_edges = net.finish_edges.get(i, ())
    minutes = net.elapsed[i]
    own = clock.of(i)
    for k, (s, o) in enumerate(zip(sources, offsets, strict=True)):
        b = clock.lag(V[s], o)
        if k in finish_edges:
            b = own.earliest_start(b, minutes)
        if b > es:
            es = b
    return es


def edge_slack(net: Network, V: list[int], i: int, k: int, s: int, o: int) -> int:
    """The slack of edge ``k`` (reading value ``s`` with offset ``o``) into node ``i``."""
    if i in net.elapsed and k in net.finish_edges.get(i, ()):
        return V[2 * i + 1] - V[s] - o
    return V[2 * i] - V[s] - o


def free_elapsed(net: Network, fixed: Mapping[int, object]) -> dict[int, int]:
    """The elapsed tasks the passes place (those with fixed dates are placed already)."""
    return {i: m for i, m in net.elapsed.items() if i not in fixed}
