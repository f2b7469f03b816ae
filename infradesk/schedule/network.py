"""A plan's structure compiled to dense integer lists, ready for the passes.

* Every task is a *node* with a dense index ``0 .. n-1`` (its position in the input).
* Node values live interleaved in one list ``V``: ``V[2i]`` is node ``i``'s early start,
  ``V[2i + 1]`` its early finish. An edge into node ``i`` is a pair ``(src, off)`` in
  ``in_src[i]`` / ``in_off[i]`` meaning ``ES[i] >= V[src] + off``: ``src`` picks the
  predecessor's start or finish, ``off`` folds in the lag and, for FF/SF, minus the
  successor's duration.
* A summary task's own node is a *roll-up* (early start = min of its children's, early finish
  = max); links *from* a summary read it. Links *into* a summary go to zero-duration *gate*
  nodes (``n ..``): a start gate for FS/SS links and the summary's start-no-earlier-than, a
  finish gate for FF/SF links; gates bind every child. A link between a summary and its own
  descendant therefore closes a loop, and is reported as one. A compiled network numbers its
  gates in outline order; a re-parent in place appends the gates it needs after them (or
  reuses ones it dissolved, kept without edges in ``free_gates``), so the node a gate gets
  depends on the edits' history, never its values.
* One topological order serves both passes; ``active`` is the part of it with work to do
  (nodes with incoming edges, and roll-ups). The rest just start at their lower bound.

* Progress and constraints of leaf tasks are kept by task index as given (date-times):
  ``actuals`` (tasks with an actual start or finish), ``constraints`` (SNLT, FNLT, FNET, MSO,
  MFO), ``alap``; SNET in either spelling goes to ``snet`` like before. The passes turn them
  into positions; the edges into a task stay even when its actuals make them moot, so
  removing an actual needs no recompile.

Nothing here knows positions: the network survives calendar changes and is rebuilt only when
tasks, parents or links change.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Container, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import chain, compress
from operator import attrgetter, not_

from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.plan import (
    LINK_TYPES,
    CycleError,
    LinkInput,
    TaskInput,
    effective_constraint,
    start_no_earlier_than_of,
)
from infradesk.schedule.task_calendars import PROJECT_CLOCK, ClockSpec

_TYPE_CODE = {name: code for code, name in enumerate(LINK_TYPES)}
_READS_FINISH = (1, 0, 1, 0)  # FS and FF read the predecessor's finish
_PRED = attrgetter("predecessor_id")
_SUCC = attrgetter("successor_id")
_TYPE = attrgetter("type")
_LAG = attrgetter("lag_minutes")
_ID = attrgetter("id")


class Network:
    """The compiled structure of one plan (see the module docstring)."""

    def __init__(self, tasks: Sequence[TaskInput], links: Iterable[LinkInput]) -> None:
        tasks = list(tasks)
        n = len(tasks)
        self._successors: list[list[int] | None] | None = None  # see successors()
        # gate nodes a re-parent in place dissolved, kept without edges for the next one
        self.free_gates: list[int] = []
        # the nodes besides the moved task and its parents whose edges or bounds the last
        # try_move_under changed (gates, what reads into them): the passes revisit them
        self.last_move_touched: set[int] = set()
        self.tasks = tasks
        self.task_count = n
        ids = list(map(_ID, tasks))
        self.ids = ids
        index = dict(zip(ids, range(n), strict=True))
        self.index = index
        if len(index) != n:
            seen: set[int] = set()
            for task_id in ids:
                if task_id in seen:
                    raise ValueError(f"task id {task_id} appears twice in the plan")
                seen.add(task_id)

        # -- one pass over the tasks: hierarchy, durations, constraints, flags
        parent = [-1] * n
        children: list[list[int] | None] = [None] * n
        duration = [0] * n
        snet: list[tuple[int, datetime]] = []
        deadlines: list[tuple[int, datetime]] = []
        flagged: list[int] = []
        special: list[tuple[int, str, datetime | None]] = []  # constraints other than SNET
        progress: list[int] = []
        by_hand: list[int] = []  # manual tasks with a start, elapsed-time tasks
        get = index.get
        for i, task in enumerate(tasks):
            parent_id = task.parent_id
            if parent_id is not None:
                p = get(parent_id)
                if p is None:
                    raise ValueError(
                        f"task '{task.name or task.id}' has an unknown parent {parent_id}"
                    )
                parent[i] = p
                siblings = children[p]
                if siblings is None:
                    children[p] = [i]
                else:
                    siblings.append(i)
            d = task.duration_minutes
            if d:
                if d < 0:
                    raise ValueError(f"task '{task.name or task.id}' has a negative duration")
                duration[i] = d
            if task.constraint_type != "ASAP":
                kind, moment = effective_constraint(task)
                if kind == "SNET" and moment is not None:
                    snet.append((i, moment))
                elif kind != "ASAP":
                    special.append((i, kind, moment))
            elif task.start_no_earlier_than is not None:
                snet.append((i, task.start_no_earlier_than))
            if task.actual_start is not None or task.actual_finish is not None:
                progress.append(i)
            if task.manual or task.elapsed or task.clock is not None or task.leveling_delay_minutes:
                by_hand.append(i)
            if task.deadline is not None:
                deadlines.append((i, task.deadline))
            if task.production_change:
                flagged.append(i)
        self.parent = parent
        self.children = children
        summaries = [i for i in range(n) if children[i] is not None]
        self.summaries = summaries
        is_summary = [False] * n
        for i in summaries:
            is_summary[i] = True
            duration[i] = 0
        # leaf task -> wall-clock minutes of an elapsed duration; its span on the working axis
        # depends on where it starts, so its node's duration stays 0 (passes and alap.py
        # place it through elapsed.WallClock)
        self.elapsed: dict[int, int] = {}
        # the clock-placed tasks that are not elapsed (task and resource calendars, leveling
        # delays: see task_calendars); they are in ``elapsed`` too, with their clock here
        self.clocks: dict[int, ClockSpec] = {}
        self.delays: dict[int, int] = {}  # leaf task -> leveling delay in its clock's minutes
        for i in by_hand:
            task = tasks[i]
            if is_summary[i]:
                continue
            if task.elapsed and duration[i]:
                self.elapsed[i] = duration[i]
                duration[i] = 0
            elif task.clock is not None or task.leveling_delay_minutes > 0:
                self.clocks[i] = task.clock or PROJECT_CLOCK
                self.elapsed[i] = duration[i]
                duration[i] = 0
            if task.leveling_delay_minutes > 0 and i in self.elapsed:
                self.delays[i] = task.leveling_delay_minutes
        # task calendars that widen the master axis: then every leaf task runs on a clock
        self.wide_calendars: tuple[WorkingCalendar, ...] = tuple(
            dict.fromkeys(
                spec.calendar for spec in self.clocks.values() if spec.calendar is not None
            )
        )
        if self.wide_calendars:
            for i in range(n):
                if not is_summary[i] and i not in self.elapsed:
                    self.clocks[i] = PROJECT_CLOCK
                    self.elapsed[i] = duration[i]
                    duration[i] = 0
        self.is_summary = is_summary
        top_down = self._outline_order() if summaries else list(range(n))

        # -- one pass over the links; links into summaries wait until gates exist
        in_src: list[list[int] | None] = [None] * n
        in_off: list[list[int] | None] = [None] * n
        finish_edges: dict[int, list[int]] = {}  # node -> positions of FF/SF edges in its lists
        into_summary: list[tuple[int, int, int, int]] = []
        links = links if isinstance(links, list) else list(links)
        try:  # the common case, resolved by C-level maps; errors are explained below
            preds = list(map(index.__getitem__, map(_PRED, links)))
            succs = list(map(index.__getitem__, map(_SUCC, links)))
            codes = list(map(_TYPE_CODE.__getitem__, map(_TYPE, links)))
        except (KeyError, TypeError, AttributeError):
            preds, succs, codes = self._resolve_links_slowly(links)
        reads_finish = _READS_FINISH
        raw_count = len(links)
        for p, s, code, lag in zip(preds, succs, codes, map(_LAG, links), strict=True):
            if p == s:
                raise CycleError([ids[p]], self.names)
            src = 2 * p + reads_finish[code]
            if is_summary[s]:
                into_summary.append((src, s, code, lag))
                continue
            sources = in_src[s]
            if code >= 2:
                finish_edges.setdefault(s, []).append(0 if sources is None else len(sources))
                lag -= duration[s]
            if sources is None:
                in_src[s] = [src]
                in_off[s] = [lag]
            else:
                sources.append(src)
                in_off[s].append(lag)
        self.link_count = raw_count

        # -- gates: summaries with links in or a start constraint, and all their descendants
        start_gate = [-1] * n
        finish_gate = [-1] * n
        gate_owner: list[int] = []
        node_count = n
        if summaries:
            wants_start = {s for _src, s, code, _lag in into_summary if code <= 1}
            wants_start.update(i for i, _ in snet if is_summary[i])
            wants_finish = {s for _src, s, code, _lag in into_summary if code >= 2}
            for i in top_down:
                if not is_summary[i]:
                    continue
                p = parent[i]
                if i in wants_start or (p >= 0 and start_gate[p] >= 0):
                    start_gate[i] = node_count
                    gate_owner.append(i)
                    node_count += 1
                if i in wants_finish or (p >= 0 and finish_gate[p] >= 0):
                    finish_gate[i] = node_count
                    gate_owner.append(i)
                    node_count += 1
        extra = node_count - n
        if extra:
            in_src.extend([None] * extra)
            in_off.extend([None] * extra)
            duration.extend([0] * extra)

        gate_edges: list[tuple[int, int]] = []  # (source node, target) of the edges below

        def add_edge(target: int, src: int, off: int, finish_target: bool) -> None:
            gate_edges.append((src >> 1, target))
            sources = in_src[target]
            if finish_target:
                finish_edges.setdefault(target, []).append(0 if sources is None else len(sources))
            if sources is None:
                in_src[target] = [src]
                in_off[target] = [off]
            else:
                sources.append(src)
                # why ignored: the slot holds a list here (None only for nodes without
                # entries); the hot loop does not check
                in_off[target].append(off)  # type: ignore[union-attr]

        for src, s, code, lag in into_summary:
            add_edge(start_gate[s] if code <= 1 else finish_gate[s], src, lag, False)
        for i in summaries:
            gate_s, gate_f = start_gate[i], finish_gate[i]
            if gate_s < 0 and gate_f < 0:
                continue
            # why ignored: the slot holds a list here (None only for nodes without entries);
            # the hot loop does not check
            for c in children[i]:  # type: ignore[union-attr]
                if gate_s >= 0:
                    target = start_gate[c] if is_summary[c] else c
                    add_edge(target, 2 * gate_s, 0, False)
                if gate_f >= 0:
                    if is_summary[c]:
                        add_edge(finish_gate[c], 2 * gate_f + 1, 0, False)
                    else:
                        add_edge(c, 2 * gate_f + 1, -duration[c], True)

        self.node_count = node_count
        self.start_gate = start_gate
        self.finish_gate = finish_gate
        self.gate_owner = gate_owner
        self.duration = duration
        self.in_src = in_src
        self.in_off = in_off
        self.finish_edges = finish_edges
        self.kids: list[list[int] | None] = children + [None] * extra
        # node -> start-no-earlier-than (a summary's goes on its start gate); task -> deadline
        self.snet: dict[int, datetime] = {
            (start_gate[i] if is_summary[i] else i): moment for i, moment in snet
        }
        self.deadlines: dict[int, datetime] = dict(deadlines)
        # leaf task -> (actual start, actual finish); leaf task -> (type, date); ALAP leaves
        self.actuals: dict[int, tuple[datetime | None, datetime | None]] = {}
        self.constraints: dict[int, tuple[str, datetime]] = {}
        self.alap: set[int] = set()
        for i in progress:
            if not is_summary[i]:
                self.actuals[i] = (tasks[i].actual_start, tasks[i].actual_finish)
        for i, kind, moment in special:
            if is_summary[i] or i in self.actuals:
                continue
            if kind == "ALAP":
                self.alap.add(i)
            elif moment is not None:
                self.constraints[i] = (kind, moment)
        for i in by_hand:  # a manual start replaces the task's own constraint
            manual_start = tasks[i].manual_start
            if manual_start is None or not tasks[i].manual:
                continue
            if not is_summary[i] and i not in self.actuals:
                self.snet.pop(i, None)
                self.alap.discard(i)
                self.constraints[i] = ("MANUAL", manual_start)

        # production change: inherited by descendants, applied to leaves
        production: set[int] = set()
        if flagged:
            flagged_set = set(flagged)
            for i in top_down:
                if i in flagged_set or (parent[i] >= 0 and parent[i] in production):
                    production.add(i)
        self.production: set[int] = {i for i in production if not is_summary[i]}
        self._build_order()
        if any(kind == "ALAP" for _i, kind, _moment in special):
            # the ALAP move needs what reads each node (successors()): from the link pairs
            # at hand it takes half the time it takes from in_src later
            found: list[list[int] | None] = [None] * node_count
            into_leaves = map(not_, map(is_summary.__getitem__, succs))  # the others: gates
            for p, s in chain(compress(zip(preds, succs, strict=True), into_leaves), gate_edges):
                after = found[p]
                if after is None:
                    found[p] = [s]
                else:
                    after.append(s)
            self._successors = found

    # -- helpers

    @property
    def names(self) -> dict[int, str]:
        return {t.id: t.name for t in self.tasks}

    def owner(self, node: int) -> int:
        """The task index a node belongs to (a gate belongs to its summary)."""
        return node if node < self.task_count else self.gate_owner[node - self.task_count]

    def _resolve_links_slowly(
        self, links: list[LinkInput]
    ) -> tuple[list[int], list[int], list[int]]:
        """Resolve links one by one, accepting lower-case types and naming the first bad one."""
        preds: list[int] = []
        succs: list[int] = []
        codes: list[int] = []
        for link in links:
            p = self.index.get(link.predecessor_id)
            s = self.index.get(link.successor_id)
            if p is None or s is None:
                missing = link.predecessor_id if p is None else link.successor_id
                raise ValueError(f"a link refers to task {missing}, which is not in the plan")
            preds.append(p)
            succs.append(s)
            codes.append(self._code_of(link))
        return preds, succs, codes

    def _code_of(self, link: LinkInput) -> int:
        code = _TYPE_CODE.get(str(link.type).strip().upper())
        if code is None:
            names = self.names
            raise ValueError(
                f"link '{names.get(link.predecessor_id) or link.predecessor_id}' → "
                f"'{names.get(link.successor_id) or link.successor_id}': unknown type "
                f"'{link.type}' (use FS, SS, FF or SF)"
            )
        return code

    def _outline_order(self) -> list[int]:
        """Parents before children (breadth first); refuses an outline that loops."""
        children, parent = self.children, self.parent
        order = [i for i in range(self.task_count) if parent[i] < 0]
        for i in order:  # grows while walked
            kids = children[i]
            if kids is not None:
                order.extend(kids)
        if len(order) != self.task_count:
            placed = set(order)
            stuck = next(i for i in range(self.task_count) if i not in placed)
            task = self.tasks[stuck]
            raise ValueError(f"task '{task.name or task.id}' is its own ancestor")
        return order

    def _build_order(self) -> None:
        """A topological order by depth-first search over predecessors, started from each node
        in input order: a plan whose outline order already respects its links keeps that
        order (good for memory locality, and for adding forward links in place)."""
        count = self.node_count
        in_src, kids = self.in_src, self.kids
        state = bytearray(count)  # 0 unseen, 1 on the path, 2 placed
        order: list[int] = []
        place = order.append

        def predecessors(node: int) -> Iterator[int]:
            sources = in_src[node]
            children = kids[node]
            if sources is None:
                return iter(children or ())
            found = [s >> 1 for s in sources]
            if children:
                found.extend(children)
            return iter(found)

        def ready(node: int) -> bool:
            """Whether every predecessor of ``node`` is placed (then it is placed at once:
            the same order as walking into it, without the walk)."""
            sources = in_src[node]
            if sources is not None:
                for s in sources:
                    if state[s >> 1] != 2:
                        return False
            children = kids[node]
            if children is not None:
                for c in children:
                    if state[c] != 2:
                        return False
            return True

        for root in range(count):
            if state[root]:
                continue
            # ready(root), inlined: most nodes of a plan in outline order are ready
            sources = in_src[root]
            children = kids[root]
            if sources is None and children is None:
                state[root] = 2
                place(root)
                continue
            if sources is not None:
                for s in sources:
                    if state[s >> 1] != 2:
                        break
                else:
                    sources = None
            if sources is None:
                if children is not None:
                    for c in children:
                        if state[c] != 2:
                            break
                    else:
                        children = None
                if children is None:
                    state[root] = 2
                    place(root)
                    continue
            state[root] = 1
            path = [root]
            walks = [predecessors(root)]
            while walks:
                for p in walks[-1]:
                    seen = state[p]
                    if not seen:
                        if ready(p):
                            state[p] = 2
                            place(p)
                            continue
                        state[p] = 1
                        path.append(p)
                        walks.append(predecessors(p))
                        break
                    if seen == 1:
                        raise CycleError(self._loop_ids(path, p), self.names)
                else:
                    walks.pop()
                    node = path.pop()
                    state[node] = 2
                    place(node)
        self.order = order
        self._successors = None
        rank = [0] * count
        for position, node in enumerate(order):
            rank[node] = position
        self.rank = rank
        self._refresh_active()
        self.summary_order = [i for i in order if i < self.task_count and kids[i] is not None]

    def _loop_ids(self, path: list[int], back_to: int) -> list[int]:
        """The loop closed when the depth-first walk meets ``back_to`` again, as task ids in
        link order starting at the task listed first. On ``path`` each node is a predecessor
        of the one before it, so the links run ``back_to -> path[-1] -> ... -> back_to``."""
        loop_nodes = [back_to, *reversed(path[path.index(back_to) + 1 :])]
        task_ids: list[int] = []
        for node in loop_nodes:
            task_id = self.ids[self.owner(node)]
            if not task_ids or task_ids[-1] != task_id:
                task_ids.append(task_id)
        while len(task_ids) > 1 and task_ids[0] == task_ids[-1]:
            task_ids.pop()
        first = min(range(len(task_ids)), key=lambda k: self.index[task_ids[k]])
        return task_ids[first:] + task_ids[:first]

    def successors(self) -> list[list[int] | None]:
        """Per node the nodes whose links read it (a child's summary, which reads it too, is
        ``parent[child]``); built on first use, for incremental rescheduling."""
        if self._successors is None:
            self._successors = self.readers()
        return self._successors

    @property
    def built_successors(self) -> list[list[int] | None] | None:
        """:meth:`successors` if already built (an interactive network keeps them)."""
        return self._successors

    def readers(self, skip: Container[int] = ()) -> list[list[int] | None]:
        """Per node the nodes whose links read it, leaving out the nodes in ``skip`` (started
        tasks, whose dates no link moves: one pass needs no list of what reads them)."""
        found: list[list[int] | None] = [None] * self.node_count
        for i, sources in enumerate(self.in_src):
            if sources is None or i in skip:
                continue
            for s in sources:
                after = found[s >> 1]
                if after is None:
                    found[s >> 1] = [i]
                else:
                    after.append(i)
        return found

    def _refresh_active(self) -> None:
        in_src, kids = self.in_src, self.kids
        self.active = [i for i in self.order if in_src[i] is not None or kids[i] is not None]

    # -- in-place edits that keep the order valid

    def try_add_link(self, link: LinkInput) -> bool:
        """Add a leaf-to-leaf (or summary-to-leaf) link in place, moving its predecessor and
        what leads to it ahead in the order if needed (:meth:`_reorder_before`). Returns False
        when the network must be rebuilt instead: a link into a summary, or one that closes a
        loop (the caller then recompiles, which names the loop)."""
        p = self.index.get(link.predecessor_id)
        s = self.index.get(link.successor_id)
        code = _TYPE_CODE.get(link.type)
        if p is None or s is None or code is None or p == s or self.is_summary[s]:
            return False
        if self.rank[p] >= self.rank[s] and not self._reorder_before(p, s):
            return False
        src = 2 * p + _READS_FINISH[code]
        off = link.lag_minutes
        sources, offsets = self.in_src[s], self.in_off[s]
        if code >= 2:
            off -= self.duration[s]
            self.finish_edges.setdefault(s, []).append(0 if sources is None else len(sources))
        if sources is None or offsets is None:
            self.in_src[s] = [src]
            self.in_off[s] = [off]
            insort(self.active, s, key=self.rank.__getitem__)  # a leaf: active from now on
        else:
            sources.append(src)
            offsets.append(off)
        if self._successors is not None:
            after = self._successors[p]
            if after is None:
                self._successors[p] = [s]
            else:
                after.append(s)
        self.link_count += 1
        return True

    def _reorder_before(self, p: int, s: int) -> bool:
        """Move node ``p`` before node ``s`` in the topological order, for a new edge
        ``p -> s`` against it; False (nothing changed) if ``s`` reaches ``p``: the edge would
        close a loop.

        Pearce and Kelly's dynamic topological order: only the nodes ranked between ``s`` and
        ``p`` can be out of place, namely those ``s`` reaches and those that reach ``p``; they
        swap into the same ranks, the ones reaching ``p`` first, each group in its old order.
        Any topological order gives the passes the same values."""
        rank, order, n = self.rank, self.order, self.task_count
        low, high = rank[s], rank[p]
        readers, parent, in_src, kids = self.successors(), self.parent, self.in_src, self.kids
        after: list[int] = []  # reached from s, ranked before p
        seen = {s}
        stack = [s]
        while stack:
            x = stack.pop()
            after.append(x)
            nexts = list(readers[x] or ())
            if x < n and parent[x] >= 0:  # the summary's roll-up reads its children
                nexts.append(parent[x])
            for y in nexts:
                if y == p:
                    return False
                if y not in seen and rank[y] < high:
                    seen.add(y)
                    stack.append(y)
        before: list[int] = []  # reaching p, ranked after s
        seen = {p}
        stack = [p]
        while stack:
            x = stack.pop()
            before.append(x)
            for y in [src >> 1 for src in in_src[x] or ()] + list(kids[x] or ()):
                if y not in seen and rank[y] > low:
                    seen.add(y)
                    stack.append(y)
        by_rank = rank.__getitem__
        before.sort(key=by_rank)
        after.sort(key=by_rank)
        moving = before + after
        slots = sorted(map(by_rank, moving))
        # the active nodes and summaries ranked within the slots keep to them: only that
        # part of each list (sorted by rank) is sorted again
        active, summary_order = self.active, self.summary_order
        a0 = bisect_left(active, slots[0], key=by_rank)
        a1 = bisect_right(active, slots[-1], key=by_rank)
        s0 = bisect_left(summary_order, slots[0], key=by_rank)
        s1 = bisect_right(summary_order, slots[-1], key=by_rank)
        for slot, x in zip(slots, moving, strict=True):
            rank[x] = slot
            order[slot] = x
        active[a0:a1] = sorted(active[a0:a1], key=by_rank)
        summary_order[s0:s1] = sorted(summary_order[s0:s1], key=by_rank)
        return True

    def try_move_under(self, i: int, new_parent: int) -> bool:
        """Re-parent task ``i`` under ``new_parent`` (-1: the top level) in place, for an
        indent or outdent. Returns False, changing nothing, when the caller must rebuild
        instead (also for a loop, which the rebuild names). The caller refreshes
        ``production`` and reruns the passes (``last_move_touched`` names what else to revisit).

        A moved *leaf* may leave or join summaries with gates, and its new parent may be a
        leaf with links in or a start-no-earlier-than (its edges go to new gate nodes,
        appended or reused: see :meth:`_new_gates`) and its old one a summary with gates
        losing its last child (they dissolve back into its node): see :meth:`_move_leaf`.
        A moved *summary* only where no gate is involved: none on either parent nor in its
        subtree. A task placed by a clock never turns into a summary or back."""
        n, parent, kids = self.task_count, self.parent, self.kids
        old_parent = parent[i]
        self.last_move_touched = set()
        if new_parent == old_parent:
            return True
        if new_parent == i or not -1 <= new_parent < n:
            return False
        leaf = kids[i] is None
        to_summary = new_parent >= 0 and kids[new_parent] is None
        if to_summary and not self._can_turn_into_summary(new_parent, leaf):
            return False
        to_leaf = old_parent >= 0 and len(kids[old_parent] or ()) < 2
        if to_leaf and not self._can_turn_into_leaf(old_parent):
            return False
        if not leaf:
            for p in (old_parent, new_parent):
                if p >= 0 and (self.start_gate[p] >= 0 or self.finish_gate[p] >= 0):
                    return False
            if self.gate_owner and self._has_gates_within(i):
                return False  # its summaries' gates would bind through different parents
        ancestor = new_parent
        while ancestor >= 0:  # under its own descendant: the rebuild refuses the outline
            if ancestor == i:
                return False
            ancestor = parent[ancestor]
        if (
            new_parent >= 0
            and self.rank[i] >= self.rank[new_parent]
            and not self._reorder_before(i, new_parent)
        ):
            return False  # the summary's roll-up would read what reads it: a loop
        if leaf and not self._gates_allow(i, new_parent, to_summary):
            return False
        if leaf:
            self._move_leaf(i, old_parent, new_parent, to_summary, to_leaf)
            return True
        if to_leaf:
            self._turn_into_leaf(old_parent)
        elif old_parent >= 0:
            # why ignored: checked above, the old parent has children
            kids[old_parent].remove(i)  # type: ignore[union-attr]
        if to_summary:
            self._turn_into_summary(new_parent, i)
        elif new_parent >= 0:
            # why ignored: checked above, the new parent has children; kept in task order,
            # as compiled (a summary's percent complete sums its children in that order)
            insort(kids[new_parent], i)  # type: ignore[arg-type]
        parent[i] = new_parent
        return True

    def _can_turn_into_summary(self, i: int, child_is_leaf: bool) -> bool:
        """Whether leaf ``i`` can take a child in place: not placed by a clock; with edges
        into it (links, a parent's gates: they go to new gates of its own) or a
        start-no-earlier-than (its start gate) only when the child is a leaf (a summary's
        own gates would have to follow)."""
        if i in self.elapsed or not self._can_turn_into_leaf(i):
            return False  # (a clock-placed task; and what turns back must be able to)
        return child_is_leaf or (
            self.in_src[i] is None and start_no_earlier_than_of(self.tasks[i]) is None
        )

    def _gates_allow(self, i: int, new_parent: int, to_summary: bool) -> bool:
        """Whether leaf ``i`` can go under ``new_parent`` without closing a loop through the
        gates that will bind it: those of the new parent (existing, or made from the edges
        into it when it turns into a summary). The edge from ``i`` to its new parent's roll-up
        is already in the order (the caller reordered them), so every path from ``i`` climbs
        in rank: the walk stops above the highest gate or gate source."""
        if new_parent < 0:
            return True
        targets: set[int] = set()
        if to_summary:
            targets.update(src >> 1 for src in self.in_src[new_parent] or ())
        else:
            targets.update(g for g in (self.start_gate[new_parent], self.finish_gate[new_parent]))
            targets.discard(-1)
        if not targets:
            return True
        if i in targets:
            return False  # a link from the task into its new summary
        rank, parent, n = self.rank, self.parent, self.task_count
        top = max(map(rank.__getitem__, targets))
        readers = self.successors()
        seen = {i}
        stack = [i]
        while stack:
            x = stack.pop()
            nexts = list(readers[x] or ())
            if x == i:
                nexts.append(new_parent)  # its roll-up from now on (not the old parent's)
            elif x < n and parent[x] >= 0:
                nexts.append(parent[x])
            for y in nexts:
                if y in targets:
                    return False
                if y not in seen and rank[y] < top:
                    seen.add(y)
                    stack.append(y)
        return True

    def _can_turn_into_leaf(self, i: int) -> bool:
        """Whether summary ``i`` can lose its last child in place: a leaf that no clock
        places (elapsed, task calendar, leveling delay; any leaf, with task calendars)."""
        task = self.tasks[i]
        return not (
            task.elapsed
            or task.clock is not None
            or task.leveling_delay_minutes
            or self.wide_calendars
        )

    def _move_leaf(
        self, i: int, old_parent: int, new_parent: int, to_summary: bool, to_leaf: bool
    ) -> None:
        """:meth:`try_move_under` for a leaf, once checked: its edges from the old parent's
        gates go, the old parent's gates dissolve if it turns into a leaf, the new parent
        gets gates if it turns into a summary with edges in, and the new parent's gates bind
        the task. What else changed goes to ``last_move_touched``."""
        n, kids, touched = self.task_count, self.kids, self.last_move_touched
        sources = self.in_src[i]
        if sources is not None:
            for k in range(len(sources) - 1, -1, -1):
                if sources[k] >= 2 * n:  # an edge from a gate of the old parent
                    touched.add(sources[k] >> 1)
                    self._drop_edge(i, k)
        if to_leaf:
            self._turn_into_leaf(old_parent)
            self._dissolve_gates(old_parent)
        elif old_parent >= 0:
            # why ignored: checked by the caller, the old parent has children
            kids[old_parent].remove(i)  # type: ignore[union-attr]
        self.parent[i] = new_parent  # before edges are added: the order walks read it
        if to_summary:
            self._turn_into_summary(new_parent, i)
        elif new_parent >= 0:
            # why ignored: checked by the caller, the new parent has children; kept in task
            # order, as compiled (a summary's percent complete sums its children in that order)
            insort(kids[new_parent], i)  # type: ignore[arg-type]
            self._bind_to_gates(new_parent, i)

    def _bind_to_gates(self, summary: int, leaf: int) -> None:
        """The edges from a summary's gates to one of its leaves, as compiled."""
        gate_s, gate_f = self.start_gate[summary], self.finish_gate[summary]
        if gate_s >= 0:
            self._add_edge(leaf, 2 * gate_s, 0, False)
            self.last_move_touched.add(gate_s)
        if gate_f >= 0:
            self._add_edge(leaf, 2 * gate_f + 1, -self.duration[leaf], True)
            self.last_move_touched.add(gate_f)

    def _add_edge(self, target: int, src: int, off: int, finish: bool) -> None:
        """An edge into a leaf or a gate, the order patched if it runs against it (the
        caller made sure it closes no loop)."""
        source = src >> 1
        if self.rank[source] >= self.rank[target] and not self._reorder_before(source, target):
            raise RuntimeError("an edge checked to close no loop closes one")
        sources, offsets = self.in_src[target], self.in_off[target]
        if finish:
            self.finish_edges.setdefault(target, []).append(
                0 if sources is None else len(sources)
            )
        if sources is None or offsets is None:
            self.in_src[target] = [src]
            self.in_off[target] = [off]
            insort(self.active, target, key=self.rank.__getitem__)
        else:
            sources.append(src)
            offsets.append(off)
        if self._successors is not None:
            after = self._successors[source]
            if after is None:
                self._successors[source] = [target]
            else:
                after.append(target)

    def _drop_edge(self, target: int, k: int) -> None:
        """Remove the ``k``-th edge into ``target`` (a leaf or a gate)."""
        # why ignored: the caller names an existing edge, so the lists exist
        sources: list[int] = self.in_src[target]  # type: ignore[assignment]
        # why ignored: as above
        offsets: list[int] = self.in_off[target]  # type: ignore[assignment]
        source = sources[k] >> 1
        del sources[k]
        del offsets[k]
        finish = self.finish_edges.get(target)
        if finish is not None:
            if k in finish:
                finish.remove(k)
            if finish:
                self.finish_edges[target] = [j - 1 if j > k else j for j in finish]
            else:
                del self.finish_edges[target]
        if not sources:
            self.in_src[target] = None
            self.in_off[target] = None
            if self.kids[target] is None:
                self.active.remove(target)
        if self._successors is not None:
            # why ignored: the source reads into target, so its list exists
            self._successors[source].remove(target)  # type: ignore[union-attr]

    def _take_edges(self, node: int) -> list[tuple[int, int, bool]]:
        """Remove every edge into ``node`` and return them as ``(src, off, finish)``."""
        sources, offsets = self.in_src[node], self.in_off[node]
        if sources is None or offsets is None:
            return []
        finish = set(self.finish_edges.get(node, ()))
        edges = [(s, o, k in finish) for k, (s, o) in enumerate(zip(sources, offsets, strict=True))]
        for k in range(len(edges) - 1, -1, -1):
            self._drop_edge(node, k)
        return edges

    def _new_gates(self, owner: int, count: int, before: int) -> list[int]:
        """``count`` gate nodes of summary ``owner`` without edges, placed in the order just
        before node ``before``: gates dissolved earlier are reused, else nodes appended."""
        gates: list[int] = []
        order, rank = self.order, self.rank
        low = rank[before]
        for _ in range(count):
            if self.free_gates:
                g = self.free_gates.pop()
                self.gate_owner[g - self.task_count] = owner
                low = min(low, rank[g])
            else:
                g = self.node_count
                self.node_count += 1
                self.gate_owner.append(owner)
                self.in_src.append(None)
                self.in_off.append(None)
                self.duration.append(0)
                self.kids.append(None)
                rank.append(len(order))
                order.append(g)
                if self._successors is not None:
                    self._successors.append(None)
            gates.append(g)
        for position in sorted(map(rank.__getitem__, gates), reverse=True):
            del order[position]
        at = rank[before] - sum(1 for g in gates if rank[g] < rank[before])
        order[at:at] = gates
        for position, node in enumerate(order[low:], low):
            rank[node] = position
        return gates

    def _turn_into_summary(self, i: int, child: int) -> None:
        """Leaf ``i`` (see :meth:`_can_turn_into_summary`) becomes the roll-up of ``child``:
        its own duration, progress and constraints no longer count; the edges into it go to
        new gates (start-type ones and a start-no-earlier-than to a start gate, finish-type
        ones to a finish gate), which bind the child."""
        d = self.duration[i]
        edges = self._take_edges(i)
        self.kids[i] = self.children[i] = [child]
        self.is_summary[i] = True
        self.duration[i] = 0
        self.actuals.pop(i, None)
        self.constraints.pop(i, None)
        self.alap.discard(i)
        self.snet.pop(i, None)
        self.production.discard(i)
        insort(self.summaries, i)
        by_rank = self.rank.__getitem__
        insort(self.summary_order, i, key=by_rank)
        insort(self.active, i, key=by_rank)  # a roll-up: active (its edges went above)
        snet = start_no_earlier_than_of(self.tasks[i])
        wants_start = snet is not None or any(not finish for _s, _o, finish in edges)
        wants_finish = any(finish for _s, _o, finish in edges)
        count = wants_start + wants_finish
        if not count:
            return
        gates = self._new_gates(i, count, child)
        touched = self.last_move_touched
        touched.update(gates)
        if wants_start:
            self.start_gate[i] = gates[0]
            if snet is not None:
                self.snet[gates[0]] = snet
        if wants_finish:
            self.finish_gate[i] = gates[-1]
        self._bind_to_gates(i, child)
        for src, off, finish in edges:
            touched.add(src >> 1)
            if finish:  # as compiled into a summary: the lag alone
                self._add_edge(self.finish_gate[i], src, off + d, False)
            else:
                self._add_edge(self.start_gate[i], src, off, False)

    def _dissolve_gates(self, i: int) -> None:
        """Summary ``i``, just turned into a leaf, takes the edges of its gates back, as
        compiled into a leaf (finish-type ones less its duration); the gates are kept, without
        edges, for reuse."""
        touched = self.last_move_touched
        for g, finish in ((self.start_gate[i], False), (self.finish_gate[i], True)):
            if g < 0:
                continue
            for src, off, _finish in self._take_edges(g):
                touched.add(src >> 1)
                self._add_edge(i, src, off - self.duration[i] if finish else off, finish)
            self.snet.pop(g, None)
            if self._successors is not None:
                self._successors[g] = None
            self.free_gates.append(g)
            touched.add(g)
        self.start_gate[i] = self.finish_gate[i] = -1

    def _turn_into_leaf(self, i: int) -> None:
        """Summary ``i`` loses its last child and becomes a leaf with its task's duration,
        progress and constraint; the caller dissolves its gates (:meth:`_dissolve_gates`)
        and sets its production flag."""
        self.kids[i] = self.children[i] = None
        self.is_summary[i] = False
        task = self.tasks[i]
        self.duration[i] = task.duration_minutes
        self.set_progress_and_constraint(i, task)
        self.summaries.remove(i)
        self.summary_order.remove(i)
        self.active.remove(i)  # no sources: it just starts at its bound

    def _has_gates_within(self, i: int) -> bool:
        """Whether task ``i`` or a task below it has a start or finish gate."""
        kids, start_gate, finish_gate = self.kids, self.start_gate, self.finish_gate
        stack = [i]
        while stack:
            j = stack.pop()
            if start_gate[j] >= 0 or finish_gate[j] >= 0:
                return True
            stack.extend(kids[j] or ())
        return False

    def try_remove_link(self, link: LinkInput) -> bool:
        """Remove one link into a leaf in place; False if the caller must rebuild instead."""
        p = self.index.get(link.predecessor_id)
        s = self.index.get(link.successor_id)
        code = _TYPE_CODE.get(link.type)
        if p is None or s is None or code is None or self.is_summary[s]:
            return False
        src = 2 * p + _READS_FINISH[code]
        off = link.lag_minutes - (self.duration[s] if code >= 2 else 0)
        sources, offsets = self.in_src[s], self.in_off[s]
        if sources is None or offsets is None:
            return False
        finish = self.finish_edges.get(s, [])
        for k in range(len(sources)):
            if sources[k] == src and offsets[k] == off and ((k in finish) == (code >= 2)):
                break
        else:
            return False
        del sources[k]
        del offsets[k]
        if k in finish:
            finish.remove(k)
        if finish:
            self.finish_edges[s] = [j - 1 if j > k else j for j in finish]
        else:
            self.finish_edges.pop(s, None)
        if not sources:
            self.in_src[s] = None
            self.in_off[s] = None
            self.active.remove(s)  # a leaf without sources: it just starts at its bound
        if self._successors is not None:
            # why ignored: the slot holds a list here (None only for nodes without entries);
            # the hot loop does not check
            self._successors[p].remove(s)  # type: ignore[union-attr]
        self.link_count -= 1
        return True

    def set_progress_and_constraint(self, task_index: int, task: TaskInput) -> None:
        """Re-read a task's actuals and constraint (an in-place edit). A summary keeps only its
        SNET, and only if it already had a start gate (the caller recompiles otherwise)."""
        i = task_index
        kind, moment = effective_constraint(task)
        self.actuals.pop(i, None)
        self.constraints.pop(i, None)
        self.alap.discard(i)
        node = self.start_gate[i] if self.is_summary[i] else i
        if kind == "SNET" and moment is not None and node >= 0:
            self.snet[node] = moment
        else:
            self.snet.pop(node, None)
        if self.is_summary[i]:
            return
        if task.actual_start is not None or task.actual_finish is not None:
            self.actuals[i] = (task.actual_start, task.actual_finish)
        elif task.manual and task.manual_start is not None:
            self.snet.pop(i, None)
            self.constraints[i] = ("MANUAL", task.manual_start)
        elif kind == "ALAP":
            self.alap.add(i)
        elif kind not in ("ASAP", "SNET") and moment is not None:
            self.constraints[i] = (kind, moment)

    def set_duration(self, task_index: int, minutes: int) -> None:
        """Change a leaf task's duration (FF/SF offsets into it follow; an elapsed one keeps
        its wall-clock minutes apart, see ``elapsed``)."""
        if self.is_summary[task_index] or minutes < 0:
            raise ValueError("only a leaf task's duration can be set, and not below zero")
        if task_index in self.elapsed:
            self.elapsed[task_index] = minutes
            return
        delta = self.duration[task_index] - minutes
        self.duration[task_index] = minutes
        offsets = self.in_off[task_index]
        for k in self.finish_edges.get(task_index, ()):
            # why ignored: the slot holds a list here (None only for nodes without entries);
            # the hot loop does not check
            offsets[k] += delta  # type: ignore[index]
