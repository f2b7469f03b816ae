"""The computed values of many tasks as columns (early and late date-times, floats, critical),
equal to their :class:`~infradesk.schedule.result.ScheduleResult` entries' but without
building an entry per task: what a whole-plan export writes (issue 22).

Most of a plan's tasks are leaves with a duration whose four date-times are the axis's
``start_at`` / ``finish_at`` of their positions (``ScheduleResult._build``'s ``ef > es``
branch); those are converted once per distinct position. The others (summaries, zero-length
tasks, elapsed tasks off a clock) take their values from their entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import compress, repeat
from operator import and_, is_, le, ne, not_
from typing import Any, NamedTuple

from infradesk.schedule.progress import FINISHED
from infradesk.schedule.result import ScheduleResult


class ComputedColumns(NamedTuple):
    """One list per computed value, one entry per task asked for (in the order asked)."""

    early_start: list[datetime]
    early_finish: list[datetime]
    late_start: list[datetime]
    late_finish: list[datetime]
    total_float: list[int]
    free_float: list[int]
    critical: list[bool]


def computed_columns(result: ScheduleResult, task_ids: Sequence[int]) -> ComputedColumns:
    """The entries' ``early_start`` .. ``critical`` of ``task_ids``, as columns."""
    net = result.network
    count, kids, elapsed, clocks = net.task_count, net.kids, net.elapsed, net.clocks
    values = result._values  # the passes' positions (two per task index), as _build reads
    es, ef = values[0 : 2 * count : 2], values[1 : 2 * count : 2]
    ls, lf = result._late_start[:count], result._late_finish[:count]
    # leaves whose entry is not the plain one (see the module's note), and summaries, in
    # index order (C loops over the tasks: is_ / le / and_ give bools)
    leaf = list(map(is_, kids, repeat(None)))
    special = list(compress(range(count), map(and_, leaf, map(le, ef, es))))
    off_clock = [i for i in elapsed if i not in clocks and leaf[i]]  # elapsed, no clock
    if off_clock:
        special = sorted(set(special).union(off_clock))
    summaries = list(compress(range(count), map(not_, leaf)))
    skipped = set(special).union(summaries)
    plain: Sequence[int] = (
        list(compress(range(count), map(not_, map(skipped.__contains__, range(count)))))
        if skipped
        else range(count)
    )
    starts = result.axis.starts_at_many(
        set(map(es.__getitem__, plain)).union(map(ls.__getitem__, plain))
    )
    finishes = result.axis.finishes_at_many(
        set(map(ef.__getitem__, plain)).union(map(lf.__getitem__, plain))
    )
    # by task index; None until a special leaf's or a summary's value is set below
    early_start: list[Any] = list(map(starts.get, es))
    early_finish: list[Any] = list(map(finishes.get, ef))
    late_start: list[Any] = list(map(starts.get, ls))
    late_finish: list[Any] = list(map(finishes.get, lf))
    ids = net.ids
    if special:
        result._build_plain_milestones()  # most special leaves' entries, in one loop
    for i in special:
        entry = result[ids[i]]
        early_start[i], early_finish[i] = entry.early_start, entry.early_finish
        late_start[i], late_finish[i] = entry.late_start, entry.late_finish
    done = bytearray(count)
    for summary in summaries:  # children first, however deep (without recursion)
        stack = [summary]
        while stack:
            i = stack[-1]
            children = kids[i] or ()
            waiting = [c for c in children if kids[c] is not None and not done[c]]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            if done[i]:
                continue
            done[i] = 1
            # ScheduleResult._build: the children's extreme date-times at the summary's
            # positions (its entry when no child is there: _build's own answer)
            at_start = [early_start[c] for c in children if es[c] == es[i]]
            at_finish = [early_finish[c] for c in children if ef[c] == ef[i]]
            late_at_start = [late_start[c] for c in children if ls[c] == ls[i]]
            late_at_finish = [late_finish[c] for c in children if lf[c] == lf[i]]
            if at_start and at_finish and late_at_start and late_at_finish:
                early_start[i], early_finish[i] = min(at_start), max(at_finish)
                late_start[i], late_finish[i] = min(late_at_start), max(late_at_finish)
            else:
                entry = result[ids[i]]
                early_start[i], early_finish[i] = entry.early_start, entry.early_finish
                late_start[i], late_finish[i] = entry.late_start, entry.late_finish
    total, free, states = result._total_float, result._free_float, result._states
    rows = list(map(net.index.__getitem__, task_ids))
    return ComputedColumns(
        list(map(early_start.__getitem__, rows)),
        list(map(early_finish.__getitem__, rows)),
        list(map(late_start.__getitem__, rows)),
        list(map(late_finish.__getitem__, rows)),
        list(map(total.__getitem__, rows)),
        list(map(free.__getitem__, rows)),
        # total <= 0 and state != FINISHED of each row (bools both: and_ is their and)
        list(
            map(
                and_,
                map(le, map(total.__getitem__, rows), repeat(0)),
                map(ne, map(states.__getitem__, rows), repeat(FINISHED)),
            )
        ),
    )
