"""Every task's early start and finish date-times as two columns by task index, equal to its
:class:`~infradesk.schedule.result.ScheduleResult` entry's ``early_start`` / ``early_finish``
but without building entries: what a whole plan's dates need (an import's check of the file's
dates and the rows it writes, writing dates back to the database; issue 22).

Each leaf's dates follow ``ScheduleResult._build``'s branches, early side only: a leaf with
a duration shows ``start_at(es)`` / ``finish_at(ef)``; an elapsed task off a clock that has
not started shows its start plus its wall-clock minutes; a zero-length leaf shows its
position's start, or that day's closing time when a predecessor finishes there or it was
given that moment. The positions are converted once per distinct position
(``TimeAxis.starts_at_many`` / ``finishes_at_many``). A summary shows the earliest start of
its children at its start position and the latest finish of those at its finish position,
children first; a summary with no child there (never seen) takes its entry, whatever it
does."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from itertools import compress, repeat
from operator import gt, is_, not_
from typing import TYPE_CHECKING, Any

from infradesk.schedule.progress import NOT_STARTED

if TYPE_CHECKING:
    from infradesk.schedule.result import ScheduleResult


def early_columns(result: ScheduleResult) -> tuple[list[datetime], list[datetime]]:
    """``(early starts, early finishes)`` of every task, by task index."""
    net = result.network
    count, kids = net.task_count, net.kids
    values = result._values  # the passes' positions (two per task index), as _build reads
    es, ef = values[0 : 2 * count : 2], values[1 : 2 * count : 2]
    leaf = list(map(is_, kids[:count], repeat(None)))
    wall_clock = _wall_clock_leaves(result, leaf)
    with_duration = compress(range(count), map(gt, ef, es))  # ef > es (summaries too)
    plain = [i for i in with_duration if leaf[i] and i not in wall_clock]
    zero = [
        i
        for i in compress(range(count), map(not_, map(gt, ef, es)))
        if leaf[i] and i not in wall_clock
    ]
    at_finish = _shown_at_finish(result, zero)
    axis = result.axis
    starts = axis.starts_at_many(
        {*map(es.__getitem__, plain), *(es[i] for i in zero if i not in at_finish),
         *(es[i] for i in wall_clock)}
    )  # fmt: skip
    finishes = axis.finishes_at_many(
        {*map(ef.__getitem__, plain), *(es[i] for i in at_finish)}
    )
    # by task index; the plain leaves' are right, the others are set below
    early_start: list[Any] = list(map(starts.get, es))
    early_finish: list[Any] = list(map(finishes.get, ef))
    for i in zero:
        moment = finishes[es[i]] if i in at_finish else starts[es[i]]
        early_start[i] = early_finish[i] = moment
    for i, minutes in wall_clock.items():
        early_start[i] = starts[es[i]]
        early_finish[i] = early_start[i] + timedelta(minutes=minutes)
    summaries = list(compress(range(count), map(not_, leaf)))
    _fill_summaries(result, summaries, early_start, early_finish, es, ef)
    return early_start, early_finish


def _wall_clock_leaves(result: ScheduleResult, leaf: list[bool]) -> dict[int, int]:
    """Task index -> elapsed minutes of the leaves ``_build`` places on the wall clock:
    elapsed, on no clock of their own, not started."""
    net, states = result.network, result._states
    return {
        i: minutes
        for i, minutes in net.elapsed.items()
        if leaf[i] and i not in net.clocks and states[i] == NOT_STARTED
    }


def _shown_at_finish(result: ScheduleResult, zero: list[int]) -> set[int]:
    """The zero-length leaves ``_build`` shows at their position's closing time (after the
    project's first moment, not flagged summary, finish-driven or given that moment)."""
    net, values = result.network, result._values
    first, is_summary, tasks = result.project_start_pos, net.is_summary, net.tasks
    finish_driven, given_at_finish = result._finish_driven, result._given_at_finish
    return {
        i
        for i in zero
        if values[2 * i] > first
        and not is_summary[i]
        and (finish_driven(i, values[2 * i]) or given_at_finish(tasks[i], values[2 * i]))
    }


def _fill_summaries(
    result: ScheduleResult,
    summaries: list[int],
    early_start: list[Any],
    early_finish: list[Any],
    es: list[int],
    ef: list[int],
) -> None:
    """Set each summary's dates from its children's, children first however deep (without
    recursion: an imported outline may be deeper than Python's recursion limit)."""
    net = result.network
    kids, ids = net.kids, net.ids
    for i in children_first(kids, summaries):
        children = kids[i] or ()
        at_start = [early_start[c] for c in children if es[c] == es[i]]
        at_finish = [early_finish[c] for c in children if ef[c] == ef[i]]
        if at_start and at_finish:
            early_start[i], early_finish[i] = min(at_start), max(at_finish)
        else:  # _build's own answer
            entry = result[ids[i]]
            early_start[i], early_finish[i] = entry.early_start, entry.early_finish


def children_first(kids: Sequence[list[int] | None], summaries: Iterable[int]) -> Iterator[int]:
    """Each of ``summaries`` once, after every summary below it (``kids``: each task's
    children, None for a leaf), without recursion: an imported outline may be deeper than
    Python's recursion limit."""
    done = bytearray(len(kids))
    for summary in summaries:
        stack = [summary]
        while stack:
            i = stack[-1]
            waiting = [c for c in kids[i] or () if kids[c] is not None and not done[c]]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            if not done[i]:
                done[i] = 1
                yield i
