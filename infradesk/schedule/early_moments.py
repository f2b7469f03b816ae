"""The early start and finish date-times of tasks as a :class:`ScheduleResult`'s entries
show them, found without building summaries' whole entries (see :func:`early_moments`)."""

from __future__ import annotations

from datetime import datetime

from infradesk.schedule.result import ScheduleResult


def early_moments(
    result: ScheduleResult, task_id: int, memo: dict[int, tuple[datetime, datetime]]
) -> tuple[datetime, datetime]:
    """The task's early start and finish date-times, exactly as ``result[task_id]`` has them,
    without building the summaries' whole entries: a summary's entry also takes its late
    date-times from every child at its late positions, which is most of the cost when only
    floats moved. A summary shows the earliest start of its children at its start position
    and the latest finish of those at its finish position (``ScheduleResult._build``); a
    leaf's entry is built (no children). Nested summaries without recursion (an imported
    outline may be deeper than Python's recursion limit); ``memo`` keeps what is found."""
    net = result.network
    index, ids, kids = net.index, net.ids, net.kids
    # the early positions, two per task index (what ``result.positions`` reads, without a
    # call per child: a phase of 50 children is scanned for every summary)
    values = result._values
    elapsed, clocks = net.elapsed, net.clocks
    start_at, finish_at = result.axis.start_at, result.axis.finish_at
    stack = [index[task_id]]
    while stack:
        i = stack[-1]
        if ids[i] in memo:
            stack.pop()
            continue
        children = kids[i]
        es, ef = values[2 * i], values[2 * i + 1]
        if children is None:
            if ef > es and (i not in elapsed or i in clocks):
                # what ScheduleResult._build gives a leaf with a duration on the axis
                memo[ids[i]] = (start_at(es), finish_at(ef))
            else:
                entry = result[ids[i]]
                memo[ids[i]] = (entry.early_start, entry.early_finish)
            stack.pop()
            continue
        at_start = [c for c in children if values[2 * c] == es]
        at_finish = [c for c in children if values[2 * c + 1] == ef]
        waiting = [c for c in (*at_start, *at_finish) if ids[c] not in memo]
        if waiting:
            stack.extend(waiting)
            continue
        stack.pop()
        memo[ids[i]] = (
            min(memo[ids[c]][0] for c in at_start),
            max(memo[ids[c]][1] for c in at_finish),
        )
    return memo[task_id]
