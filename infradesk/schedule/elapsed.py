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

from infradesk.schedule.calendar import FreezeWindow, TimeAxis
from infradesk.schedule.network import Network

FreezeSpans = list[tuple[int, int, FreezeWindow]]
PushAfter = Callable[[int, int, FreezeSpans], tuple[int, FreezeWindow | None]]


class WallClock:
    """Elapsed-time arithmetic on one time axis."""

    def __init__(self, axis: TimeAxis) -> None:
        self.axis = axis

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
    clock: WallClock,
    freezes: FreezeSpans,
    push_after: PushAfter,
) -> tuple[int, int, FreezeWindow | None]:
    """Early start and finish of elapsed task ``i`` from its links (FF/SF links bound its
    finish, the others its start) and lower bound; a production change is moved after the
    freezes it would touch."""
    minutes = net.elapsed[i]
    es = base[i]
    finish_floor: int | None = None
    sources, offsets = net.in_src[i], net.in_off[i]
    if sources is not None and offsets is not None:
        finish_edges = net.finish_edges.get(i, ())
        for k, (s, o) in enumerate(zip(sources, offsets, strict=True)):
            b = V[s] + o
            if k in finish_edges:
                if finish_floor is None or b > finish_floor:
                    finish_floor = b
            elif b > es:
                es = b
    if finish_floor is not None:
        start = clock.earliest_start(finish_floor, minutes)
        if start > es:
            es = start
    ef = clock.finish(es, minutes)
    moved_by = None
    if freezes and i in net.production:
        for _ in range(len(freezes) + 1):  # each round clears at least one freeze
            start, window = push_after(es, ef - es, freezes)
            if window is None or start == es:
                break
            moved_by = window
            es, ef = start, clock.finish(start, minutes)
    return es, ef, moved_by


def late_dates(B: list[int], i: int, minutes: int, clock: WallClock) -> tuple[int, int]:
    """Late start and finish of elapsed task ``i`` from the backward pass's bounds ``B``."""
    ls = clock.latest_start(B[2 * i + 1], minutes)
    if B[2 * i] < ls:
        ls = B[2 * i]
    return ls, clock.finish(ls, minutes)


def hand_back(
    net: Network,
    V: list[int],
    B: list[int],
    FFS: list[int],
    i: int,
    ls: int,
    lf: int,
) -> None:
    """The backward step of elapsed task ``i``: bounds and slacks of what it reads (a
    finish-type link is measured from its finish, the others from its start)."""
    sources, offsets = net.in_src[i], net.in_off[i]
    if sources is None or offsets is None:
        return
    es, ef = V[2 * i], V[2 * i + 1]
    finish_edges = net.finish_edges.get(i, ())
    for k, (s, o) in enumerate(zip(sources, offsets, strict=True)):
        if k in finish_edges:
            b, x = lf - o, ef - V[s] - o
        else:
            b, x = ls - o, es - V[s] - o
        if b < B[s]:
            B[s] = b
        if x < FFS[s]:
            FFS[s] = x


def demanded_start(
    net: Network, V: list[int], i: int, floor: int, clock: WallClock
) -> int:
    """The start the links of elapsed task ``i`` would give it (at least ``floor``)."""
    es = floor
    sources, offsets = net.in_src[i], net.in_off[i]
    if sources is None or offsets is None:
        return es
    finish_edges = net.finish_edges.get(i, ())
    minutes = net.elapsed[i]
    for k, (s, o) in enumerate(zip(sources, offsets, strict=True)):
        b = V[s] + o
        if k in finish_edges:
            b = clock.earliest_start(b, minutes)
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
