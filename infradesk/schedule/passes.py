"""The forward and backward passes over a compiled :class:`Network`.

All values are integer positions on the working-time axis; the loops touch only lists indexed
by dense ints. Nodes without incoming edges start at their lower bound, so the loops visit only
``network.active`` (nodes with incoming edges, and summary roll-ups).

Progress and constraints (the semantics are in docs/scheduling.md):

* *Fixed* nodes have their early dates given, not computed from their links: finished tasks
  (their actual dates), tasks in progress (actual start; finish = max(actual start +
  duration, status date + remaining)) and MSO/MFO tasks (the constraint date). The forward
  pass sets them first and skips them; everything downstream reads them as usual.
* *Anchored* nodes (finished or in progress) also hand no late bound to their predecessors:
  their start happened, so nothing before them can make them late. A finished task's late
  dates are its early dates (no float; reported as not critical).
* SNET/FNET raise a node's lower bound; SNLT/MSO cap its late start and FNLT/MFO its late
  finish, so links that push past them give negative float; the task is then listed in
  ``ScheduleResult.conflicts`` but not moved earlier.
* ALAP: after a first pair of passes each ALAP task is pushed to its late start (successors
  follow, through an incremental forward pass); :mod:`infradesk.schedule.alap` then redoes
  only the part of the backward pass the move can change (the full pass again when a summary's
  starting child changed).
* With a status date and ``reschedule_after_status``, every node's lower bound is the status
  date (fixed nodes excepted), so no unstarted work lies before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from heapq import heappop, heappush
from itertools import compress, filterfalse, repeat
from operator import add, attrgetter, ge, sub
from weakref import ref

from infradesk.schedule.alap import INF, late_dates_hold, refresh_free_slack
from infradesk.schedule.calendar import FreezeWindow, TimeAxis
from infradesk.schedule.durations import format_days
from infradesk.schedule.elapsed import (
    WallClock,
    early_dates,
    free_elapsed,
    hand_back,
    late_dates,
)
from infradesk.schedule.gc_pause import gc_paused as gc_paused  # re-exported: many callers
from infradesk.schedule.late_refresh import (
    LateState,
    as_array,
    changed_keys,
    refresh_late_bounds,
)
from infradesk.schedule.network import Network
from infradesk.schedule.plan import PlanInput
from infradesk.schedule.progress import (
    FINISHED,
    IN_PROGRESS,
    NOT_STARTED,
    Bounds,
    find_conflicts,
    prepare,
    progress_states,
    restate_summaries,
)
from infradesk.schedule.ranges import check_dates, check_finishes, check_late_starts
from infradesk.schedule.result import ScheduleResult
from infradesk.schedule.task_calendars import Clock, ClockBook, ClockSpec, DayClock

FreezeSpans = list[tuple[int, int, FreezeWindow]]
_PERCENT = attrgetter("percent_complete")


def push_after_freezes(
    start: int, duration: int, freezes: FreezeSpans
) -> tuple[int, FreezeWindow | None]:
    """The earliest start >= ``start`` at which ``[start, start + duration)`` (or the instant,
    for a milestone) touches no freeze. Spans are sorted by their first position."""
    moved_by = None
    for first, end, window in freezes:
        if start < end and (start + duration > first if duration else start >= first):
            start = end
            moved_by = window
    return start, moved_by


def pull_before_freezes(finish: int, duration: int, freezes: FreezeSpans) -> int:
    """The latest finish <= ``finish`` whose task touches no freeze (mirror of the above)."""
    for first, end, _window in reversed(freezes):
        if finish - duration < end and (finish > first if duration else finish - duration >= first):
            finish = first
    return finish


def forward(
    net: Network,
    base: list[int],
    freezes: FreezeSpans,
    fixed: Mapping[int, tuple[int, int]] | None = None,
    elapsed: Mapping[int, int] | None = None,
    clock: ClockBook | None = None,
) -> tuple[list[int], dict[int, FreezeWindow]]:
    """Early start/finish of every node, interleaved in one list ``V``; ``fixed`` nodes take
    the given ``(start, finish)``; ``elapsed`` tasks (not fixed) are placed on ``clock``."""
    duration = net.duration
    V = [0] * (2 * net.node_count)
    V[0::2] = base
    V[1::2] = map(add, base, duration)
    moved: dict[int, FreezeWindow] = {}
    production = net.production if freezes else frozenset()
    in_src, in_off, kids = net.in_src, net.in_off, net.kids
    active = net.active
    if fixed:
        for i, (es, ef) in fixed.items():
            V[2 * i] = es
            V[2 * i + 1] = ef
        active = list(filterfalse(fixed.__contains__, active))
        production = production - fixed.keys()
    for i in production:  # production changes without predecessors
        if in_src[i] is None:
            es, window = push_after_freezes(base[i], duration[i], freezes)
            if window is not None:
                moved[i] = window
                V[2 * i] = es
                V[2 * i + 1] = es + duration[i]
    special: Set[int] = production  # nodes the loop hands to a helper
    if elapsed and clock is not None:
        special = production | elapsed.keys()
        for i in elapsed:
            if in_src[i] is None:
                es, ef, window = early_dates(net, V, base, i, clock, freezes, push_after_freezes)
                _note_move(moved, i, window)
                V[2 * i] = es
                V[2 * i + 1] = ef
    for i in active:
        sources = in_src[i]
        if sources is None:  # a summary's roll-up
            children = kids[i]
            # why ignored: a list for every node with children or sources (None elsewhere);
            # the hot loop does not check
            V[2 * i] = min([V[2 * c] for c in children])  # type: ignore[union-attr]
            # why ignored: a list for every node with children or sources (None elsewhere);
            # the hot loop does not check
            V[2 * i + 1] = max([V[2 * c + 1] for c in children])  # type: ignore[union-attr]
            continue
        es = base[i]
        # why ignored: a list for every node with children or sources (None elsewhere); the
        # hot loop does not check (zip: same lengths by construction)
        for s, o in zip(sources, in_off[i]):  # type: ignore[arg-type]  # noqa: B905
            b = V[s] + o
            if b > es:
                es = b
        if i in special:
            if elapsed and i in elapsed:
                # why ignored: special holds elapsed nodes only when a clock is given
                es, ef, window = early_dates(net, V, base, i, clock, freezes, push_after_freezes)  # type: ignore[arg-type]
                _note_move(moved, i, window)
                V[2 * i] = es
                V[2 * i + 1] = ef
                continue
            es, window = push_after_freezes(es, duration[i], freezes)
            if window is not None:
                moved[i] = window
        V[2 * i] = es
        V[2 * i + 1] = es + duration[i]
    return V, moved


def _note_move(moved: dict[int, FreezeWindow], i: int, window: FreezeWindow | None) -> None:
    if window is None:
        moved.pop(i, None)
    else:
        moved[i] = window


def forward_from(
    net: Network,
    base: list[int],
    freezes: FreezeSpans,
    previous: list[int],
    previous_moved: Mapping[int, FreezeWindow],
    dirty: set[int],
    fixed: Mapping[int, tuple[int, int]] | None = None,
    changed: list[int] | None = None,
    elapsed: Mapping[int, int] | None = None,
    clock: ClockBook | None = None,
    readers: list[list[int] | None] | None = None,
) -> tuple[list[int], dict[int, FreezeWindow]]:
    """The forward pass again after an edit, visiting only what the edit can reach: the
    ``dirty`` nodes (whose own inputs changed) and, in topological order, every node that
    reads a value that moved. ``changed``, if given, receives the nodes whose values moved;
    ``readers`` replaces ``net.successors()`` (it may leave out fixed nodes)."""
    V = previous[:]
    if len(V) < 2 * net.node_count:  # gate nodes added in place since (all dirty)
        V.extend([-1] * (2 * net.node_count - len(V)))
    moved = dict(previous_moved)
    successors = net.successors() if readers is None else readers
    parent, n = net.parent, net.task_count
    rank, order, duration = net.rank, net.order, net.duration
    in_src, in_off, kids = net.in_src, net.in_off, net.kids
    production = net.production if freezes else frozenset()
    fixed = fixed or {}
    queue = sorted({rank[node] for node in dirty})
    queued = set(queue)
    while queue:
        i = order[heappop(queue)]
        sources, children = in_src[i], kids[i]
        if children is not None:
            es = min([V[2 * c] for c in children])
            ef = max([V[2 * c + 1] for c in children])
            moved.pop(i, None)  # a leaf moved after a freeze that turned into a summary
        elif i in fixed:
            es, ef = fixed[i]
            moved.pop(i, None)
        elif elapsed and clock is not None and i in elapsed:
            es, ef, window = early_dates(net, V, base, i, clock, freezes, push_after_freezes)
            _note_move(moved, i, window)
        else:
            es = base[i]
            if sources is not None:
                # why ignored: a list for every node with children or sources (None
                # elsewhere); the hot loop does not check (zip: same lengths by construction)
                for s, o in zip(sources, in_off[i]):  # type: ignore[arg-type]  # noqa: B905
                    b = V[s] + o
                    if b > es:
                        es = b
            if i in production:
                es, window = push_after_freezes(es, duration[i], freezes)
                if window is None:
                    moved.pop(i, None)
                else:
                    moved[i] = window
            else:
                moved.pop(i, None)
            ef = es + duration[i]
        if es != V[2 * i] or ef != V[2 * i + 1]:
            V[2 * i] = es
            V[2 * i + 1] = ef
            if changed is not None:
                changed.append(i)
            for j in successors[i] or ():
                position = rank[j]
                if position not in queued:
                    queued.add(position)
                    heappush(queue, position)
            if i < n and parent[i] >= 0:  # the summary's roll-up reads it too
                position = rank[parent[i]]
                if position not in queued:
                    queued.add(position)
                    heappush(queue, position)
    return V, moved


def backward(
    net: Network,
    V: list[int],
    finish_bound: list[int],
    freezes: FreezeSpans,
    start_bound: Mapping[int, int] | None = None,
    span: list[int] | None = None,
    anchored: Mapping[int, object] | None = None,
    elapsed: Mapping[int, int] | None = None,
    clock: ClockBook | None = None,
) -> tuple[list[int], list[int], list[int]]:
    """Late start/finish per node and, per node value, the least slack of the edges reading it.

    ``finish_bound[i]`` caps node ``i``'s late finish (the project finish, a deadline, FNLT,
    MFO), ``start_bound`` some late starts (SNLT, MSO). ``span`` replaces the durations where
    progress stretched a task (default: the network's); ``anchored`` nodes (started tasks)
    bound none of their predecessors. ``elapsed`` tasks (not fixed) are placed on ``clock``.
    Returns ``(LS, LF, FFS)``; ``FFS[2i]``/``FFS[2i + 1]`` is the smallest slack of the edges
    that read node ``i``'s start/finish (``INF`` if none). Roll-up entries of ``LS``/``LF``
    hold the summary's bounds; the caller replaces them with the children's span.
    """
    LS, LF, FFS, _B = backward_with_bounds(
        net, V, finish_bound, freezes, start_bound, span, anchored, elapsed, clock
    )
    return LS, LF, FFS


def backward_with_bounds(
    net: Network,
    V: list[int],
    finish_bound: list[int],
    freezes: FreezeSpans,
    start_bound: Mapping[int, int] | None = None,
    span: list[int] | None = None,
    anchored: Mapping[int, object] | None = None,
    elapsed: Mapping[int, int] | None = None,
    clock: ClockBook | None = None,
) -> tuple[list[int], list[int], list[int], list[int]]:
    """:func:`backward`, also returning the bounds ``B`` (``B[2i]``/``B[2i + 1]``: node
    ``i``'s late start / late finish bound from what reads it), which an incremental rerun
    (:mod:`infradesk.schedule.late_refresh`) starts from."""
    count = net.node_count
    duration = span if span is not None else net.duration
    B = [INF] * (2 * count)  # B[2i]: bound on node i's late start; B[2i + 1]: late finish
    B[1::2] = finish_bound
    if start_bound:
        for i, pos in start_bound.items():
            if pos < B[2 * i]:
                B[2 * i] = pos
    FFS = [INF] * (2 * count)
    production = net.production if freezes else frozenset()
    in_src, in_off, kids = net.in_src, net.in_off, net.kids
    rollup_bounds: list[tuple[int, int, int]] = []
    active = net.active
    if anchored:
        active = list(filterfalse(anchored.__contains__, active))
        production = production - anchored.keys()
    special: Set[int] = production  # nodes the loop hands to a helper
    if elapsed and clock is not None:
        special = production | elapsed.keys()
    for i in reversed(active):
        sources = in_src[i]
        if sources is None:  # a summary's roll-up: hand its bounds and slacks to the children
            # why ignored: a list for every node with children or sources (None elsewhere);
            # the hot loop does not check
            children: list[int] = kids[i]  # type: ignore[assignment]
            ls_bound, lf_bound = B[2 * i], B[2 * i + 1]
            rollup_bounds.append((i, ls_bound, lf_bound))
            es, ef = V[2 * i], V[2 * i + 1]
            finish_slack = FFS[2 * i + 1]
            for c in children:
                if lf_bound < B[2 * c + 1]:
                    B[2 * c + 1] = lf_bound
                if finish_slack < INF:
                    x = finish_slack + ef - V[2 * c + 1]
                    if x < FFS[2 * c + 1]:
                        FFS[2 * c + 1] = x
            # The summary starts with its earliest child: a start-type link from the summary
            # binds the child(ren) that set that start; the others may slip past it.
            starters = [c for c in children if V[2 * c] == es]
            if ls_bound < INF:
                for c in starters:
                    if ls_bound < B[2 * c]:
                        B[2 * c] = ls_bound
            start_slack = FFS[2 * i]
            if start_slack < INF and len(starters) == 1:
                c = starters[0]
                if start_slack < FFS[2 * c]:
                    FFS[2 * c] = start_slack
            continue
        d = duration[i]
        lf = B[2 * i + 1]
        t = B[2 * i] + d
        if t < lf:
            lf = t
        if i in special:
            if elapsed and i in elapsed:
                # why ignored: special holds elapsed nodes only when a clock is given
                ls, lf = late_dates(B, i, elapsed[i], clock)  # type: ignore[arg-type]
                # why ignored: as above, the clock is given
                hand_back(net, V, B, FFS, i, ls, lf, clock)  # type: ignore[arg-type]
                continue
            lf = pull_before_freezes(lf, d, freezes)
        ls = lf - d
        es = V[2 * i]
        # why ignored: a list for every node with children or sources (None elsewhere); the
        # hot loop does not check (zip: same lengths by construction)
        for s, o in zip(sources, in_off[i]):  # type: ignore[arg-type]  # noqa: B905
            b = ls - o
            if b < B[s]:
                B[s] = b
            x = es - V[s] - o
            if x < FFS[s]:
                FFS[s] = x
    # every leaf and gate, including those the loop skipped (no predecessors to update)
    LF = list(map(min, B[1::2], map(add, B[0::2], duration)))
    for i in production:
        LF[i] = pull_before_freezes(LF[i], duration[i], freezes)
    LS = list(map(sub, LF, duration))
    if elapsed and clock is not None:
        for i, minutes in elapsed.items():
            LS[i], LF[i] = late_dates(B, i, minutes, clock)
    for i, ls_bound, lf_bound in rollup_bounds:
        LS[i], LF[i] = ls_bound, lf_bound
    return LS, LF, FFS, B


def run_passes(
    net: Network,
    plan: PlanInput,
    axis: TimeAxis,
    previous: ScheduleResult | None = None,
    dirty: set[int] | None = None,
) -> ScheduleResult:
    """Both passes, floats, summary roll-ups and messages for a compiled network.

    With ``previous`` (a result of this same network, calendar and project start) and the
    ``dirty`` nodes of an in-place edit, the forward pass only revisits what the edit
    reaches, and so do the backward pass and the floats when the previous result kept its
    late state and the project finish stays (:mod:`infradesk.schedule.late_refresh`);
    otherwise the backward pass runs in full (it is one tight loop)."""
    with gc_paused():
        return _run_passes(net, plan, axis, previous, dirty)


def clock_book(net: Network, plan: PlanInput, axis: TimeAxis) -> ClockBook:
    """The clocks of the clock-placed tasks (elapsed ones on the wall clock); a clock's
    label names the first task using it, for the message of a calendar that never works."""
    first_user: dict[ClockSpec, str] = {}
    for i, spec in net.clocks.items():
        if spec not in first_user:
            task = net.tasks[i]
            first_user[spec] = task.name or f"#{task.id}"

    def label(spec: ClockSpec) -> str:
        return f"Task '{first_user.get(spec, '?')}': its {spec.describe()}"

    return ClockBook(
        axis, plan.calendar, net.clocks, net.elapsed, net.delays,
        bool(net.wide_calendars), label, WallClock(axis),
    )  # fmt: skip


def _run_passes(
    net: Network,
    plan: PlanInput,
    axis: TimeAxis,
    previous: ScheduleResult | None = None,
    dirty: set[int] | None = None,
) -> ScheduleResult:
    n, count = net.task_count, net.node_count
    check_dates(net, plan)
    project_pos = axis.position_of(plan.project_start)
    position_of = axis.position_of
    status_pos = None if plan.status_date is None else position_of(plan.status_date)
    lower = project_pos
    if status_pos is not None and plan.reschedule_after_status and status_pos > lower:
        lower = status_pos
    base = [lower] * count
    for node, moment in net.snet.items():
        pos = position_of(moment)
        if pos > base[node]:
            base[node] = pos
    clock = clock_book(net, plan, axis) if net.elapsed else None
    bounds = prepare(net, axis, base, status_pos, clock)
    fixed = bounds.fixed
    freezes = axis.freeze_spans() if net.production else []
    elapsed = free_elapsed(net, fixed) if net.elapsed else None
    # late bounds kept for the next in-place edit (not with ALAP or clock-placed tasks,
    # whose backward steps the partial rerun does not make)
    keeps_late_state = not net.alap and not net.elapsed

    if previous is not None and dirty is not None and previous.network is net:
        # an ALAP plan's incremental pass starts from the previous dates before the ALAP move
        before = previous.asap_pass or (previous._values, previous._moved)
        partial = keeps_late_state and previous.late_state is not None
        moved_nodes: list[int] | None = [] if partial else None
        V, moved = forward_from(
            net, base, freezes, before[0], before[1], dirty, fixed, moved_nodes, elapsed, clock
        )
        if moved_nodes is not None:
            rerun = _rerun_late_part(
                net, plan, axis, previous, V, moved, base, bounds, freezes, dirty, moved_nodes
            )
            if rerun is not None:
                return rerun
    else:
        V, moved = forward(net, base, freezes, fixed, elapsed, clock)
    asap_pass = None
    span = bounds.span(net.duration)
    LS, LF, FFS, finish, deadlines, B = _backward_with_caps(
        net, plan, axis, V, freezes, bounds, span, elapsed, clock
    )
    if net.alap:
        # ALAP: each such task to its late start (if later); successors follow; again backward
        alap_base = base[:]
        pushed: set[int] = set()
        for i in net.alap:
            if LS[i] > V[2 * i]:
                alap_base[i] = LS[i]
                pushed.add(i)
        if pushed:
            asap_pass = (V, moved)
            changed: list[int] = []
            V_asap = V
            # a network compiled for this run: what reads started tasks is not needed
            readers = net.built_successors or net.readers(bounds.anchored)
            V, moved = forward_from(
                net, alap_base, freezes, V, moved, pushed, fixed, changed, elapsed, clock, readers
            )
            if late_dates_hold(net, V_asap, V, changed, finish):
                refresh_free_slack(
                    net, V, FFS, changed, bounds.anchored, elapsed or {}, readers
                )
            else:
                LS, LF, FFS, finish, deadlines, B = _backward_with_caps(
                    net, plan, axis, V, freezes, bounds, span, elapsed, clock
                )
    check_late_starts(net, axis, LS)

    states = progress_states(net, bounds)
    finished_tasks = [i for i, finished in bounds.anchored.items() if finished]
    for i in finished_tasks:  # a finished task's late dates are its actual ones
        LS[i], LF[i] = V[2 * i], V[2 * i + 1]
    total_float = list(map(sub, LS[:n], V[0 : 2 * n : 2]))
    free_float = list(map(min, FFS[0 : 2 * n : 2], FFS[1 : 2 * n : 2]))
    if INF in free_float:  # nothing reads the task: free until the project finishes
        for i in compress(range(n), map(ge, free_float, repeat(INF))):
            free_float[i] = finish - V[2 * i + 1]
    if clock is not None and clock.lag_clock is not None:
        _floats_on_own_clocks(net, clock, V, LS, total_float, free_float)
    percent = list(map(_PERCENT, net.tasks))
    for i in finished_tasks:
        percent[i] = 100.0
        free_float[i] = 0
    weight: list[int] = []
    if net.summaries:
        weight = net.duration[:n]
        clocks = net.clocks
        for i, minutes in net.elapsed.items():
            # a clock-placed task weighs its own working minutes (its span on a master axis
            # widened by 24x7 calendars would count nights); an elapsed one its working span
            weight[i] = minutes if i in clocks else V[2 * i + 1] - V[2 * i]
        for i in net.summary_order:  # children before their summary
            _roll_up(net, i, LS, LF, total_float, percent, weight, states)
    free_float = list(map(max, repeat(0, n), map(min, free_float, total_float)))
    late_state = None
    if keeps_late_state:
        late_state = LateState(as_array(B), as_array(FFS), bounds, dict(deadlines), weight)
    return _result(
        net, plan, axis, V, base, LS, LF, total_float, free_float, percent, moved, finish,
        states, bounds, deadlines, clock, asap_pass, late_state,
    )  # fmt: skip


def _roll_up(
    net: Network,
    i: int,
    LS: list[int],
    LF: list[int],
    total_float: list[int],
    percent: list[float],
    weight: list[int],
    states: bytearray,
) -> None:
    """A summary's late dates, total float, weight and percent complete from its children."""
    # why ignored: a list for every node with children (None elsewhere); not checked here
    children: list[int] = net.kids[i]  # type: ignore[assignment]
    LS[i] = min([LS[c] for c in children])
    LF[i] = max([LF[c] for c in children])
    if states[i] == IN_PROGRESS:  # finished children no longer drive its float
        total_float[i] = min([total_float[c] for c in children if states[c] != FINISHED])
    else:
        total_float[i] = min([total_float[c] for c in children])
    total_weight = sum([weight[c] for c in children])
    weight[i] = total_weight
    if total_weight:
        percent[i] = sum([percent[c] * weight[c] for c in children]) / total_weight
    else:
        percent[i] = sum([percent[c] for c in children]) / len(children)


def _result(
    net: Network,
    plan: PlanInput,
    axis: TimeAxis,
    V: list[int],
    base: list[int],
    LS: list[int],
    LF: list[int],
    total_float: list[int],
    free_float: list[int],
    percent: list[float],
    moved: dict[int, FreezeWindow],
    finish: int,
    states: bytearray,
    bounds: Bounds,
    deadlines: Iterable[tuple[int, int]],
    clock: ClockBook | None,
    asap_pass: tuple[list[int], Mapping[int, FreezeWindow]] | None,
    late_state: LateState | None,
) -> ScheduleResult:
    """The result of the passes, with its late flags, conflicts and messages."""
    n = net.task_count
    late_flags = [False] * n
    messages: list[str] = []
    conflicts = find_conflicts(net, V, base, bounds, clock)
    result = ScheduleResult(
        net, axis, plan.project_start, V, LS, LF, total_float, free_float, late_flags,
        percent, moved, messages, finish, states, {i: net.constraints[i][0] for i in conflicts},
    )  # fmt: skip
    result.asap_pass = asap_pass
    result.project_clock = clock.lag_clock if clock is not None else None
    result.late_state = late_state
    for i, window in sorted(moved.items()):
        task = net.tasks[i]
        messages.append(
            f"'{task.name or task.id}' moved after freeze '{window.name}' to "
            f"{axis.start_at(V[2 * i]):%Y-%m-%d %H:%M}"
        )
    minutes_per_day = plan.calendar.minutes_per_day
    for i, pos in sorted(deadlines):  # task order (an edited deadline moves in the dict)
        if V[2 * i + 1] > pos:
            late_flags[i] = True
            task = net.tasks[i]
            late_by = format_days(V[2 * i + 1] - pos, minutes_per_day)
            messages.append(
                f"'{task.name or task.id}' finishes {axis.finish_at(V[2 * i + 1]):%Y-%m-%d %H:%M},"
                f" {late_by} after its deadline {task.deadline:%Y-%m-%d %H:%M}"
            )
    for i, demanded in sorted(conflicts.items()):
        messages.append(conflict_message(net, axis, i, demanded, minutes_per_day, clock))
    return result


def _rerun_late_part(
    net: Network,
    plan: PlanInput,
    axis: TimeAxis,
    previous: ScheduleResult,
    V: list[int],
    moved: dict[int, FreezeWindow],
    base: list[int],
    bounds: Bounds,
    freezes: FreezeSpans,
    dirty: set[int],
    moved_nodes: list[int],
) -> ScheduleResult | None:
    """The backward pass and the floats after an in-place edit, redone only where the edit
    reaches (:mod:`infradesk.schedule.late_refresh`); None when the project finish moved (then
    every late date can move: the caller runs the full backward pass)."""
    n = net.task_count
    # why ignored: the caller checked that the previous result kept its late state
    state: LateState = previous.late_state  # type: ignore[assignment]
    finish = previous.project_finish_pos
    before = previous._values
    tops = [V[2 * j + 1] for j in moved_nodes if j < n]
    if tops:
        top = max(tops)
        if top > finish:
            return None
        if top < finish and any(before[2 * j + 1] == finish for j in moved_nodes if j < n):
            return None  # what set the finish moved earlier: the finish may have moved
    deadlines = {i: axis.position_of(moment) for i, moment in net.deadlines.items()}
    anchored, finish_caps, start_caps = bounds.anchored, bounds.finish_caps, bounds.start_caps
    anchoring_changed = changed_keys(state.caps.anchored, anchored)
    seeds = set(dirty) | anchoring_changed
    seeds |= changed_keys(state.deadlines, deadlines)
    seeds |= changed_keys(state.caps.start_caps, start_caps)
    seeds |= changed_keys(state.caps.finish_caps, finish_caps)
    seeds |= changed_keys(state.caps.fixed, bounds.fixed)
    span = bounds.span(net.duration)
    production = net.production - anchored.keys() if freezes else frozenset()

    def finish_bound(j: int) -> int:
        bound = finish
        deadline = deadlines.get(j)
        if deadline is not None and deadline < bound:
            bound = deadline
        cap = finish_caps.get(j)
        if cap is not None and cap < bound:
            bound = cap
        return bound

    B, FFS = state.bounds[:], state.slacks[:]
    grown = 2 * net.node_count - len(B)  # gate nodes added in place (seeds: recomputed)
    if grown > 0:
        B.extend([INF] * grown)
        FFS.extend([INF] * grown)
    touched = refresh_late_bounds(
        net, V, B, FFS, seeds, moved_nodes, finish_bound, start_caps, span, anchored,
        production, freezes, pull_before_freezes,
    )  # fmt: skip
    LS, LF = previous._late_start[:], previous._late_finish[:]
    if len(LS) < net.node_count:
        LS.extend([INF] * (net.node_count - len(LS)))
        LF.extend([INF] * (net.node_count - len(LF)))
    kids, is_summary = net.kids, net.is_summary
    earliest = INF
    for j in touched:
        if j < n and kids[j] is not None:
            LS[j], LF[j] = B[2 * j], B[2 * j + 1]  # rolled up from the children below
            continue
        d = span[j]
        lf = B[2 * j + 1]
        if B[2 * j] + d < lf:
            lf = B[2 * j] + d
        if j in production:
            lf = pull_before_freezes(lf, d, freezes)
        LS[j], LF[j] = lf - d, lf
        if j < n and lf - d < earliest:
            earliest = lf - d
    if earliest < INF and axis.before_supported_range(earliest):
        return None  # the full pass names the task that leaves the calendar

    states = previous._states if not anchoring_changed else progress_states(net, bounds)
    total_float, free_float = previous._total_float[:], previous._free_float[:]
    percent, weight = previous._percent[:], state.weight[:]
    if not net.summaries:  # the plan's last summary became a leaf (a re-parent in place)
        weight = []
    elif not weight:  # its first summary: as the full pass starts them
        weight = net.duration[:n]
    tasks, duration, parent = net.tasks, net.duration, net.parent
    redo = {j for j in touched if j < n}
    redo.update(j for j in moved_nodes if j < n)
    redo.update(j for j in dirty if j < n)
    summaries: set[int] = set()
    for j in redo:
        if is_summary[j]:
            summaries.add(j)
            continue
        finished = anchored.get(j) is True
        if finished:  # a finished task's late dates are its actual ones
            LS[j], LF[j] = V[2 * j], V[2 * j + 1]
        tf = LS[j] - V[2 * j]
        ff = FFS[2 * j] if FFS[2 * j] < FFS[2 * j + 1] else FFS[2 * j + 1]
        if ff >= INF:
            ff = finish - V[2 * j + 1]
        percent[j] = 100.0 if finished else _PERCENT(tasks[j])
        if finished:
            ff = 0
        if weight:
            weight[j] = duration[j]
        total_float[j] = tf
        free_float[j] = max(0, min(ff, tf))
        p = parent[j]
        while p >= 0 and p not in summaries:
            summaries.add(p)
            p = parent[p]
    for j in list(summaries):
        p = parent[j]
        while p >= 0 and p not in summaries:
            summaries.add(p)
            p = parent[p]
    ordered = sorted(summaries, key=net.rank.__getitem__)  # children before their summary
    if anchored and redo:  # a re-parent in place changes what a summary's state rolls up,
        # and which tasks are summaries
        states = bytearray(states)  # the previous result keeps its own
        for j in redo:
            if not is_summary[j]:
                if j not in anchored:
                    states[j] = NOT_STARTED
                else:
                    states[j] = FINISHED if anchored[j] else IN_PROGRESS
        restate_summaries(net, states, ordered)
    for i in ordered:
        _roll_up(net, i, LS, LF, total_float, percent, weight, states)
        ff = FFS[2 * i] if FFS[2 * i] < FFS[2 * i + 1] else FFS[2 * i + 1]
        if ff >= INF:
            ff = finish - V[2 * i + 1]
        free_float[i] = max(0, min(ff, total_float[i]))
    late_state = LateState(B, FFS, bounds, deadlines, weight)
    result = _result(
        net, plan, axis, V, base, LS, LF, total_float, free_float, percent, moved, finish,
        states, bounds, deadlines.items(), None, None, late_state,
    )  # fmt: skip
    result.derived_from = (ref(previous), frozenset(redo | summaries))
    return result


def _floats_on_own_clocks(
    net: Network,
    book: ClockBook,
    V: list[int],
    LS: list[int],
    total_float: list[int],
    free_float: list[int],
) -> None:
    """On a master axis widened by task calendars, each task's floats in working minutes
    of its own calendar (MS Project's rule: a plain task's in project calendar minutes, a 24x7
    step's in hours of the clock), not of the master axis."""
    for i in net.clocks:
        own = book.of(i)
        if not isinstance(own, DayClock):
            continue
        count = own.count
        es, ef = V[2 * i], V[2 * i + 1]
        total_float[i] = count(LS[i]) - count(es)
        free_float[i] = count(ef + free_float[i]) - count(ef)


def _backward_with_caps(
    net: Network,
    plan: PlanInput,
    axis: TimeAxis,
    V: list[int],
    freezes: FreezeSpans,
    bounds: Bounds,
    span: list[int],
    elapsed: Mapping[int, int] | None = None,
    clock: ClockBook | None = None,
) -> tuple[list[int], list[int], list[int], int, list[tuple[int, int]], list[int]]:
    """The project finish, the finish bounds (deadlines, FNLT, MFO) and the backward pass
    (also returning its bounds ``B``, see :func:`backward_with_bounds`)."""
    n, count = net.task_count, net.node_count
    project_pos = axis.position_of(plan.project_start)
    finish = max(project_pos, max(V[1 : 2 * n : 2], default=project_pos))
    check_finishes(net, axis, V, finish)
    finish_bound = [finish] * count
    deadlines: list[tuple[int, int]] = []
    for i, moment in net.deadlines.items():
        pos = axis.position_of(moment)
        deadlines.append((i, pos))
        if pos < finish_bound[i]:
            finish_bound[i] = pos
    for i, pos in bounds.finish_caps.items():
        if pos < finish_bound[i]:
            finish_bound[i] = pos
    LS, LF, FFS, B = backward_with_bounds(
        net, V, finish_bound, freezes, bounds.start_caps, span, bounds.anchored, elapsed, clock
    )
    return LS, LF, FFS, finish, deadlines, B


def conflict_message(
    net: Network,
    axis: TimeAxis,
    i: int,
    demanded: int,
    minutes_per_day: int,
    book: ClockBook | None = None,
) -> str:
    """What a broken constraint means, with the dates (``demanded``: the start the links and
    the status date would give the task)."""
    task = net.tasks[i]
    name = task.name or f"#{task.id}"
    kind, moment = net.constraints[i]
    d = net.duration[i]
    minutes = net.elapsed.get(i)
    clock: Clock | None = None
    if minutes is not None:
        clock = book.of(i) if book is not None else WallClock(axis)

    def finish_of(start: int) -> int:
        # why ignored: the clock exists whenever the task has elapsed minutes
        return start + d if minutes is None else clock.finish(start, minutes)  # type: ignore[union-attr]

    when = f"{moment:%Y-%m-%d %H:%M}"
    if kind == "SNLT":
        return (
            f"'{name}' starts {axis.start_at(demanded):%Y-%m-%d %H:%M}, after its "
            f"start-no-later-than {when}: its predecessors push it past that date"
        )
    if kind == "FNLT":
        return (
            f"'{name}' finishes {axis.finish_at(finish_of(demanded)):%Y-%m-%d %H:%M}, after its "
            f"finish-no-later-than {when}: its predecessors push it past that date"
        )
    if kind == "MANUAL":
        late_by = format_days(demanded - axis.position_of(moment), minutes_per_day)
        return (
            f"'{name}' is scheduled manually to start {when}, but its predecessors would start "
            f"it {late_by} later; it stays on its date"
        )
    what = "start on" if kind == "MSO" else "finish on"
    pinned = axis.position_of(moment)  # MSO: the start; MFO: the finish
    if kind == "MFO":
        pinned = pinned - d if clock is None else clock.earliest_start(pinned, minutes or 0)
    late_by = format_days(demanded - pinned, minutes_per_day)
    return (
        f"'{name}' must {what} {when}, but its predecessors (or the status date) would "
        f"{'start' if kind == 'MSO' else 'finish'} it {late_by} later; it stays on its date"
    )
