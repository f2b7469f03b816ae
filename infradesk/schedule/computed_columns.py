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

from infradesk.schedule.early_columns import children_first
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
        moments = (early_start, early_finish, late_start, late_finish)
        special = _set_plain_milestones(result, special, (es, ef, ls), moments)
    for i in special:
        entry = result[ids[i]]
        early_start[i], early_finish[i] = entry.early_start, entry.early_finish
        late_start[i], late_finish[i] = entry.late_start, entry.late_finish
    for i in children_first(kids, summaries):  # however deep (without recursion)
        children = kids[i] or ()
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
    by_index: tuple[Sequence[Any], ...] = (
        early_start, early_finish, late_start, late_finish, total, free, states
    )  # fmt: skip
    columns: list[Any]
    if list(task_ids) == ids:  # asked in the engine's order (the export schedules so)
        columns = [column[:count] for column in by_index]  # copies: the result keeps its own
    else:
        rows = list(map(net.index.__getitem__, task_ids))
        columns = [list(map(column.__getitem__, rows)) for column in by_index]
    early_starts, early_finishes, late_starts, late_finishes, totals, frees, row_states = columns
    return ComputedColumns(
        early_starts,
        early_finishes,
        late_starts,
        late_finishes,
        totals,
        frees,
        # total <= 0 and state != FINISHED of each row (bools both: and_ is their and)
        list(map(and_, map(le, totals, repeat(0)), map(ne, row_states, repeat(FINISHED)))),
    )


def _set_plain_milestones(
    result: ScheduleResult,
    special: list[int],
    positions: tuple[list[int], list[int], list[int]],
    moments: tuple[list[Any], list[Any], list[Any], list[Any]],
) -> list[int]:
    """Set the four date-times of the zero-length leaves among ``special`` (task indexes) as
    ``ScheduleResult._build_plain_milestones`` gives them, without building their entries;
    the indexes left for their entries to say (all of them on a plan with clocks)."""
    net = result.network
    if net.clocks or net.elapsed or result.project_clock is not None:
        return special  # _build_plain_milestones builds nothing there either
    es, ef, ls = positions
    early_start, early_finish, late_start, late_finish = moments
    first, axis, tasks = result.project_start_pos, result.axis, net.tasks
    start_at, finish_at = axis.start_at, axis.finish_at
    finish_driven, given_at_finish = result._finish_driven, result._given_at_finish
    others = []
    for i in special:
        at = es[i]
        if ef[i] != at:  # finishes before it starts: its entry says what it shows
            others.append(i)
            continue
        # the moment a predecessor finishes (or given at a closing time) shows that evening
        if at > first and (finish_driven(i, at) or given_at_finish(tasks[i], at)):
            early_start[i] = early_finish[i] = finish_at(at)
        else:
            early_start[i] = early_finish[i] = start_at(at)
        late = ls[i]
        late_start[i] = late_finish[i] = finish_at(late) if late > first else start_at(late)
    return others
