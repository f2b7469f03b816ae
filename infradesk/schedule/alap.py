"""As-late-as-possible tasks, moved without a second full backward pass.

After the first forward and backward passes each ALAP task that has float moves to its late
start and an incremental forward pass (:func:`~infradesk.schedule.passes.forward_from`)
moves what follows it. The backward pass would then run again; most of what it computes does
not depend on the early dates, so this module only redoes what can differ:

* Late dates depend on the early dates in one place only: a summary hands a start-type bound
  to the child(ren) that start with it (*starters*). If no summary's starters changed and the
  project finish stayed, the late dates of the first backward pass are the final ones.
* The free slack of an edge (``es[reader] - value[source] - lag``) depends on the early
  dates: only the values read by, or belonging to, a node that moved are recomputed, plus
  what a summary hands down to its children, in reverse topological order as the backward
  pass does.

Anything else (a starter changed, the finish moved, a value went down) makes the caller run
the full backward pass again, so the result is always the one of two full passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from heapq import heappop, heappush

from infradesk.schedule.elapsed import edge_slack
from infradesk.schedule.network import Network

INF = 1 << 62  # larger than any position, and still a small int for fast arithmetic


def late_dates_hold(
    net: Network, before: list[int], after: list[int], changed: list[int], finish: int
) -> bool:
    """Whether the backward pass over ``after`` gives the late dates it gave over ``before``:
    the moved nodes only went later, none past ``finish`` and no summary's starters changed."""
    n = net.task_count
    parent, kids = net.parent, net.kids
    summaries: set[int] = set()
    for j in changed:
        if after[2 * j] < before[2 * j] or after[2 * j + 1] < before[2 * j + 1]:
            return False
        if j < n:
            if after[2 * j + 1] > finish:
                return False
            p = parent[j]
            # only a child that started with its summary, or does now, can change the
            # summary's starters (values only went later)
            if p >= 0 and after[2 * j] != before[2 * j] and (
                before[2 * j] == before[2 * p] or after[2 * j] == after[2 * p]
            ):
                summaries.add(p)
    for p in summaries:
        # why ignored: a summary's entry in kids is its list of children
        children: list[int] = kids[p]  # type: ignore[assignment]
        es_before, es_after = before[2 * p], after[2 * p]
        if [c for c in children if before[2 * c] == es_before] != [
            c for c in children if after[2 * c] == es_after
        ]:
            return False
    return True


def refresh_free_slack(
    net: Network,
    V: list[int],
    FFS: list[int],
    changed: list[int],
    anchored: Mapping[int, object],
    elapsed: Mapping[int, int],
    readers: list[list[int] | None],
) -> None:
    """Recompute in place the entries of ``FFS`` (see ``passes.backward``) that the moved
    ``changed`` nodes can affect, with the early dates ``V`` (``elapsed``: the elapsed tasks
    the passes placed, whose finish-type links are measured from their finish; ``readers``:
    per node what reads it, the ``anchored`` nodes may be left out).

    Stale values are redone from the highest topological rank down, as the backward pass
    visits them: a summary's slack is final before it is handed to its children, and handed
    down again only when it (or, for the finish, the summary's own finish) changed."""
    in_src, in_off, kids, rank = net.in_src, net.in_off, net.kids, net.rank
    n, parent = net.task_count, net.parent
    moved = set(changed)
    # a summary's values wait in rank order (its slack is handed to its children); the
    # others depend on nothing still to be redone and are taken as they come, afterwards
    queue: list[tuple[int, int]] = []  # (-rank of the summary, value)
    queued: set[int] = set()
    plain: set[int] = set()

    def stale(value: int) -> None:
        j = value >> 1
        if j < n and kids[j] is not None:
            if value not in queued:
                queued.add(value)
                heappush(queue, (-rank[j], value))
        else:
            plain.add(value)

    def slack(v: int) -> int:
        j = v >> 1
        finish_value = v & 1
        least = INF
        p = parent[j] if j < n else -1
        if p >= 0:  # j's summary hands down its own slack
            handed = FFS[2 * p + finish_value]
            if handed < INF:
                if finish_value:
                    least = handed + V[2 * p + 1] - V[v]
                else:
                    es = V[2 * p]
                    # why ignored: a summary's entry in kids is its list of children
                    starters = [c for c in kids[p] if V[2 * c] == es]  # type: ignore[union-attr]
                    if starters == [j]:
                        least = handed
        for i in readers[j] or ():
            if i in anchored:  # started tasks take part in no backward step
                continue
            if i in elapsed:
                # why ignored: a node that reads j has sources, and offsets of the same length
                pairs = enumerate(zip(in_src[i], in_off[i]))  # type: ignore[arg-type]  # noqa: B905
                for k, (s, o) in pairs:
                    if s == v:
                        least = min(least, edge_slack(net, V, i, k, s, o))
                continue
            es = V[2 * i]
            # why ignored: a node that reads j has sources, and offsets of the same length
            for s, o in zip(in_src[i], in_off[i]):  # type: ignore[arg-type]  # noqa: B905
                if s == v:
                    x = es - V[s] - o
                    if x < least:
                        least = x
        return least

    for j in changed:
        stale(2 * j)
        stale(2 * j + 1)
        for value in in_src[j] or ():  # the slack of what j reads follows j's start
            stale(value)
    while queue:
        v = heappop(queue)[1]
        before, least = FFS[v], slack(v)
        FFS[v] = least
        j, finish_value = v >> 1, v & 1
        if least != before or (finish_value and least < INF and j in moved):
            # why ignored: only summaries are queued
            for c in kids[j]:  # type: ignore[union-attr]
                stale(2 * c + finish_value)
    for v in plain:
        FFS[v] = slack(v)
