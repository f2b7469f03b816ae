"""The backward pass again after an in-place edit, limited to what the edit can reach.

The full backward pass (:func:`infradesk.schedule.passes.backward`) *pushes*: each node, in
reverse topological order, lowers the late bounds ``B`` and free slacks ``FFS`` of the values
it reads. Here the same quantities are *pulled*: a node's entries are the minimum over what
reads it (its readers' late starts minus the edge offsets, its summary's hand-down) and its own
caps, so one node can be recomputed alone once everything after it is final. Recomputing
from the highest rank down, and going on to what a node hands to (its sources, or a summary's
children) only when its entries changed, gives exactly the full pass's lists.

What starts the walk (the *seeds*): the nodes the edit changed (duration, constraint,
progress, deadline, production flag) and the nodes whose early dates moved. A moved node's
own free slack and that of what it reads depend on its early dates, and so does the choice of
a summary's *starters* (the children that start with it, which take its start-type bound).

The caller runs this only when the project finish did not move (else every finish bound moves
and the full pass is as cheap), and only for networks without clock-placed (elapsed, task
calendar) or ALAP tasks, whose backward steps are handled apart in the full pass.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, MutableSequence, Set
from dataclasses import dataclass
from heapq import heappop, heappush

from infradesk.schedule.alap import INF
from infradesk.schedule.calendar import FreezeWindow
from infradesk.schedule.network import Network
from infradesk.schedule.progress import Bounds

FreezeSpans = list[tuple[int, int, FreezeWindow]]
PullBefore = Callable[[int, int, FreezeSpans], int]


@dataclass(slots=True)
class LateState:
    """What a later in-place edit needs of a full result to redo only part of the backward
    pass and of the floats: the bounds and slacks per node value, and the inputs they came
    from. Shared, never changed after the result is made (the next run copies the arrays).

    The bounds and slacks are machine-integer arrays: the next edit copies them whole and
    reads a few entries, and an array copies (and is freed) as one block of memory, where a
    list of 200,000 ints at 100,000 tasks costs a few milliseconds each way."""

    bounds: array[int]  # B: per node value, its late start / late finish bound
    slacks: array[int]  # FFS: per node value, the least slack of the edges reading it
    caps: Bounds  # the progress and constraint positions of that run
    deadlines: dict[int, int]  # task index -> deadline position
    weight: list[int]  # per task, the weight of its percent complete in its summary's


def changed_keys(before: Mapping[int, object], after: Mapping[int, object]) -> set[int]:
    """Keys whose entry was added, removed or changed between two mappings."""
    if before == after:
        return set()
    keys = before.keys() ^ after.keys()
    keys.update(k for k in before.keys() & after.keys() if before[k] != after[k])
    return keys


def as_array(values: list[int]) -> array[int]:
    """``values`` (positions, slacks, ``INF``) as 64-bit integers."""
    return array("q", values)


def refresh_late_bounds(
    net: Network,
    V: list[int],
    B: MutableSequence[int],
    FFS: MutableSequence[int],
    seeds: Iterable[int],
    moved: Iterable[int],
    finish_bound: Callable[[int], int],
    start_caps: Mapping[int, int],
    span: list[int],
    anchored: Mapping[int, object],
    production: Set[int],
    freezes: FreezeSpans,
    pull_before: PullBefore,
) -> set[int]:
    """Update ``B`` and ``FFS`` (copies of the previous run's) in place for early dates ``V``;
    returns the nodes whose entries were recomputed.

    ``seeds``: nodes whose own inputs changed (span, caps, anchoring, production);
    ``moved``: nodes whose early dates moved; ``finish_bound(node)``: its late finish cap
    (project finish, deadline, FNLT/MFO); ``production``: the production-change leaves that
    are pulled before freezes (not anchored)."""
    n = net.task_count
    in_src, in_off, kids, parent, rank = net.in_src, net.in_off, net.kids, net.parent, net.rank
    order = net.order
    readers = net.successors()
    heap: list[int] = []
    queued: set[int] = set()
    forced: set[int] = set()

    def mark(j: int) -> None:
        if j not in queued:
            queued.add(j)
            heappush(heap, -rank[j])

    for j in seeds:
        mark(j)
        forced.add(j)
    for j in moved:
        mark(j)
        forced.add(j)
        p = parent[j] if j < n else -1
        if p >= 0:  # j may have joined or left the children that start with the summary
            es = V[2 * p]
            # why ignored: a summary's entry in kids is its list of children
            for c in kids[p]:  # type: ignore[union-attr]
                if V[2 * c] == es:
                    mark(c)

    def late_start(i: int) -> int:
        """What reader ``i`` hands to the values it reads (the backward pass's ``ls``)."""
        d = span[i]
        lf = B[2 * i + 1]
        t = B[2 * i] + d
        if t < lf:
            lf = t
        if i in production:
            lf = pull_before(lf, d, freezes)
        return lf - d

    touched: set[int] = set()
    while heap:
        j = order[-heappop(heap)]
        touched.add(j)
        v0, v1 = 2 * j, 2 * j + 1
        b0, b1 = start_caps.get(j, INF), finish_bound(j)
        f0 = f1 = INF
        for i in set(readers[j] or ()):
            if i in anchored:  # a started task bounds none of its predecessors
                continue
            ls = late_start(i)
            es = V[2 * i]
            # why ignored: a reader has sources, and offsets of the same length
            for s, o in zip(in_src[i], in_off[i]):  # type: ignore[arg-type]  # noqa: B905
                if s == v0:
                    if ls - o < b0:
                        b0 = ls - o
                    if es - V[v0] - o < f0:
                        f0 = es - V[v0] - o
                elif s == v1:
                    if ls - o < b1:
                        b1 = ls - o
                    if es - V[v1] - o < f1:
                        f1 = es - V[v1] - o
        p = parent[j] if j < n else -1
        if p >= 0:  # the summary's roll-up hands its bounds and slacks down
            if B[2 * p + 1] < b1:
                b1 = B[2 * p + 1]
            finish_slack = FFS[2 * p + 1]
            if finish_slack < INF and finish_slack + V[2 * p + 1] - V[v1] < f1:
                f1 = finish_slack + V[2 * p + 1] - V[v1]
            es = V[2 * p]
            if V[v0] == es:  # a starter
                if B[2 * p] < b0:
                    b0 = B[2 * p]
                start_slack = FFS[2 * p]
                if start_slack < f0:
                    # why ignored: a summary's entry in kids is its list of children
                    starters = [c for c in kids[p] if V[2 * c] == es]  # type: ignore[union-attr]
                    if len(starters) == 1:
                        f0 = start_slack
        bounds_changed = b0 != B[v0] or b1 != B[v1]
        slacks_changed = f0 != FFS[v0] or f1 != FFS[v1]
        B[v0], B[v1], FFS[v0], FFS[v1] = b0, b1, f0, f1
        children = kids[j]
        if children is not None:  # a roll-up: its children pull from it
            if bounds_changed or slacks_changed or j in forced:
                for c in children:
                    mark(c)
        elif bounds_changed or j in forced:
            for s in in_src[j] or ():
                mark(s >> 1)
    return touched
