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
  descendant therefore closes a loop, and is reported as one.
* One topological order serves both passes; ``active`` is the part of it with work to do
  (nodes with incoming edges, and roll-ups). The rest just start at their lower bound.

Nothing here knows dates: the network survives calendar changes and is rebuilt only when
tasks, parents or links change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from infradesk.schedule.plan import LINK_TYPES, CycleError, LinkInput, TaskInput

_TYPE_CODE = {name: code for code, name in enumerate(LINK_TYPES)}
_READS_FINISH = (1, 0, 1, 0)  # FS and FF read the predecessor's finish


class Network:
    """The compiled structure of one plan (see the module docstring)."""

    def __init__(self, tasks: Sequence[TaskInput], links: Iterable[LinkInput]) -> None:
        tasks = list(tasks)
        n = len(tasks)
        self.tasks = tasks
        self.task_count = n
        ids = [t.id for t in tasks]
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
            if task.start_no_earlier_than is not None:
                snet.append((i, task.start_no_earlier_than))
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
        self.is_summary = is_summary
        top_down = self._outline_order() if summaries else list(range(n))

        # -- one pass over the links; links into summaries wait until gates exist
        in_src: list[list[int] | None] = [None] * n
        in_off: list[list[int] | None] = [None] * n
        finish_edges: dict[int, list[int]] = {}  # node -> positions of FF/SF edges in its lists
        into_summary: list[tuple[int, int, int, int]] = []
        codes = _TYPE_CODE
        reads_finish = _READS_FINISH
        raw_count = 0
        for link in links:
            raw_count += 1
            p = get(link.predecessor_id)
            s = get(link.successor_id)
            if p is None or s is None:
                missing = link.predecessor_id if p is None else link.successor_id
                raise ValueError(f"a link refers to task {missing}, which is not in the plan")
            code = codes.get(link.type)
            if code is None:
                code = self._code_of(link)
            if p == s:
                raise CycleError([link.predecessor_id], self.names)
            lag = link.lag_minutes
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
                in_off[s].append(lag)  # type: ignore[union-attr]
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

        def add_edge(target: int, src: int, off: int, finish_target: bool) -> None:
            sources = in_src[target]
            if finish_target:
                finish_edges.setdefault(target, []).append(0 if sources is None else len(sources))
            if sources is None:
                in_src[target] = [src]
                in_off[target] = [off]
            else:
                sources.append(src)
                in_off[target].append(off)  # type: ignore[union-attr]

        for src, s, code, lag in into_summary:
            add_edge(start_gate[s] if code <= 1 else finish_gate[s], src, lag, False)
        for i in summaries:
            gate_s, gate_f = start_gate[i], finish_gate[i]
            if gate_s < 0 and gate_f < 0:
                continue
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

        # production change: inherited by descendants, applied to leaves
        production: set[int] = set()
        if flagged:
            flagged_set = set(flagged)
            for i in top_down:
                if i in flagged_set or (parent[i] >= 0 and parent[i] in production):
                    production.add(i)
        self.production: set[int] = {i for i in production if not is_summary[i]}
        self._build_order()

    # -- helpers

    @property
    def names(self) -> dict[int, str]:
        return {t.id: t.name for t in self.tasks}

    def owner(self, node: int) -> int:
        """The task index a node belongs to (a gate belongs to its summary)."""
        return node if node < self.task_count else self.gate_owner[node - self.task_count]

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
        """Kahn's algorithm over edges and child -> roll-up dependencies."""
        count = self.node_count
        in_src, kids = self.in_src, self.kids
        indegree = [0] * count
        successors: list[list[int] | None] = [None] * count
        for i in range(count):
            sources = in_src[i]
            if sources is not None:
                indegree[i] = len(sources)
                for s in sources:
                    j = s >> 1
                    after = successors[j]
                    if after is None:
                        successors[j] = [i]
                    else:
                        after.append(i)
        for i in self.summaries:
            children = kids[i]
            indegree[i] += len(children)  # type: ignore[arg-type]
            for c in children:  # type: ignore[union-attr]
                after = successors[c]
                if after is None:
                    successors[c] = [i]
                else:
                    after.append(i)
        order = [i for i in range(count) if not indegree[i]]
        for i in order:  # grows while walked
            after = successors[i]
            if after is not None:
                for j in after:
                    left = indegree[j] - 1
                    indegree[j] = left
                    if not left:
                        order.append(j)
        if len(order) != count:
            raise CycleError(self._find_loop(indegree), self.names)
        self.successors = successors
        self.order = order
        self.active = [i for i in order if in_src[i] is not None or kids[i] is not None]
        self.summary_order = [i for i in order if i < self.task_count and kids[i] is not None]

    def _predecessors(self, node: int) -> list[int]:
        found = [s >> 1 for s in self.in_src[node] or ()]
        found.extend(self.kids[node] or ())
        return found

    def _find_loop(self, indegree: list[int]) -> list[int]:
        """A loop among the nodes Kahn's algorithm could not place, as task ids in link
        order, starting at the task listed first. Every unplaced node has an unplaced
        predecessor, so walking predecessors must come back to a node already seen."""
        node = next(i for i in range(self.node_count) if indegree[i] > 0)
        seen: dict[int, int] = {}
        path: list[int] = []
        while node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = next(p for p in self._predecessors(node) if indegree[p] > 0)
        loop_nodes = path[seen[node] :]
        loop_nodes.reverse()  # predecessor walk -> link order
        task_ids: list[int] = []
        for node in loop_nodes:
            task_id = self.ids[self.owner(node)]
            if not task_ids or task_ids[-1] != task_id:
                task_ids.append(task_id)
        while len(task_ids) > 1 and task_ids[0] == task_ids[-1]:
            task_ids.pop()
        first = min(range(len(task_ids)), key=lambda k: self.index[task_ids[k]])
        return task_ids[first:] + task_ids[:first]

    # -- in-place edits that keep the order valid

    def set_duration(self, task_index: int, minutes: int) -> None:
        """Change a leaf task's duration (FF/SF offsets into it follow)."""
        if self.is_summary[task_index] or minutes < 0:
            raise ValueError("only a leaf task's duration can be set, and not below zero")
        delta = self.duration[task_index] - minutes
        self.duration[task_index] = minutes
        offsets = self.in_off[task_index]
        for k in self.finish_edges.get(task_index, ()):
            offsets[k] += delta  # type: ignore[index]
