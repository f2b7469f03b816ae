"""Critical-path scheduling over plain data: forward pass, backward pass, floats, roll-ups.

Everything inside the passes is an integer *position* on the working-time axis (working minutes
of the project calendar, see :mod:`infradesk.schedule.calendar`). A task of duration ``d``
starting at ``S`` occupies ``[S, S + d)`` and finishes at ``F = S + d``. Links, with lags in
working minutes that may be negative:

    FS: S_succ >= F_pred + lag        SS: S_succ >= S_pred + lag
    FF: F_succ >= F_pred + lag        SF: F_succ >= S_pred + lag

How the network is laid out (``Network``), so the passes stay tight loops over lists:

* Every task is a *node* with a dense index. Node values live interleaved in one list ``V``:
  ``V[2i]`` is the early start of node ``i``, ``V[2i + 1]`` its early finish.
* Each link becomes an *edge* into its successor node: ``(src, off)`` meaning
  ``ES[succ] >= V[src] + off`` where ``src`` picks the predecessor's start or finish and
  ``off`` folds in the lag and, for FF/SF, minus the successor's duration.
* A summary task is three nodes: its own index is a *roll-up* node (early start = min of its
  children's, early finish = max); links *from* the summary read the roll-up. Links *into*
  the summary go to zero-duration *gate* nodes (one for start-type links, one for finish-type
  links) that bind every child. A link between a summary and its own descendant therefore
  shows up as a loop, which it is.
* One topological order of the nodes serves both passes and is kept between reschedules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from infradesk.schedule.calendar import FreezeWindow, TimeAxis, WorkingCalendar

LINK_TYPES: tuple[str, ...] = ("FS", "SS", "FF", "SF")
INF = 1 << 62  # larger than any position; plain int keeps the passes in fast int arithmetic
ISO_MINUTES = "%Y-%m-%dT%H:%M"


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class TaskInput:
    """One task as the engine sees it. Summary tasks are those with children; their own
    duration, start-no-earlier-than and production-change flag apply to the whole subtree."""

    id: int
    parent_id: int | None = None
    duration_minutes: int = 0
    milestone: bool = False
    start_no_earlier_than: datetime | None = None
    deadline: datetime | None = None
    production_change: bool = False
    percent_complete: float = 0.0
    name: str = ""


@dataclass(frozen=True, slots=True)
class LinkInput:
    """A dependency; ``type`` is one of FS, SS, FF, SF, ``lag_minutes`` working minutes."""

    predecessor_id: int
    successor_id: int
    type: str = "FS"
    lag_minutes: int = 0


@dataclass(frozen=True)
class PlanInput:
    """Everything the engine needs for one project."""

    project_start: datetime
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    tasks: Sequence[TaskInput] = ()
    links: Sequence[LinkInput] = ()


class CycleError(ValueError):
    """The links form a loop. ``task_ids`` lists the loop in link order (first task not
    repeated at the end); the message names the tasks."""

    def __init__(self, task_ids: Sequence[int], names: Mapping[int, str]) -> None:
        self.task_ids: list[int] = list(task_ids)
        self.task_names: list[str] = [names.get(t) or f"#{t}" for t in self.task_ids]
        if len(self.task_ids) == 1:
            text = f"'{self.task_names[0]}' cannot depend on itself"
        else:
            loop = " → ".join(f"'{name}'" for name in [*self.task_names, self.task_names[0]])
            text = f"These links form a loop: {loop}"
        super().__init__(text)


# --------------------------------------------------------------------------- compiled network


class Network:
    """The plan's structure compiled to dense lists; independent of dates and calendar.

    Rebuild it when tasks, parents or links change; a change of duration, constraint or flag
    only needs :meth:`set_duration` (which refreshes the offsets that depend on it).
    """

    def __init__(self, tasks: Sequence[TaskInput], links: Iterable[LinkInput]) -> None:
        n = len(tasks)
        self.tasks: list[TaskInput] = list(tasks)
        self.ids: list[int] = [t.id for t in tasks]
        self.index: dict[int, int] = {task_id: i for i, task_id in enumerate(self.ids)}
        if len(self.index) != n:
            seen: set[int] = set()
            duplicate = next(t for t in self.ids if t in seen or seen.add(t))  # type: ignore[func-returns-value]
            raise ValueError(f"task id {duplicate} appears twice in the plan")
        self.names: dict[int, str] = {t.id: t.name for t in tasks}
        self.task_count = n

        # -- hierarchy
        index = self.index
        parent = [-1] * n
        children: list[list[int]] = [[] for _ in range(n)]
        for i, task in enumerate(tasks):
            if task.parent_id is not None:
                p = index.get(task.parent_id)
                if p is None:
                    raise ValueError(
                        f"task '{task.name or task.id}' has an unknown parent {task.parent_id}"
                    )
                parent[i] = p
                children[p].append(i)
        self.parent = parent
        self.is_summary: list[bool] = [bool(c) for c in children]
        top_down = [i for i in range(n) if parent[i] < 0]
        for i in top_down:  # the list grows while it is walked: breadth-first outline order
            top_down.extend(children[i])
        if len(top_down) != n:
            stuck = next(i for i in range(n) if i not in set(top_down))
            raise ValueError(
                f"task '{tasks[stuck].name or tasks[stuck].id}' is its own ancestor "
                "(the outline loops)"
            )
        self.top_down = top_down

        # -- raw links, validated
        raw: list[tuple[int, int, int, int]] = []  # (pred, succ, type code, lag)
        for link in links:
            p = index.get(link.predecessor_id)
            s = index.get(link.successor_id)
            if p is None or s is None:
                missing = link.predecessor_id if p is None else link.successor_id
                raise ValueError(f"a link refers to task {missing}, which is not in the plan")
            try:
                code = LINK_TYPES.index(link.type.upper())
            except ValueError as error:
                raise ValueError(
                    f"link '{self.names[link.predecessor_id] or link.predecessor_id}' → "
                    f"'{self.names[link.successor_id] or link.successor_id}': unknown type "
                    f"'{link.type}' (use FS, SS, FF or SF)"
                ) from error
            if p == s:
                raise CycleError([link.predecessor_id], self.names)
            raw.append((p, s, code, int(link.lag_minutes)))
        self.raw_links = raw

        # -- gates: which summaries need start / finish gates (own links, SNET, or inherited)
        needs_start = [False] * n
        needs_finish = [False] * n
        for _p, s, code, _lag in raw:
            if self.is_summary[s]:
                if code <= 1:  # FS, SS bind the start
                    needs_start[s] = True
                else:
                    needs_finish[s] = True
        for i, task in enumerate(tasks):
            if self.is_summary[i] and task.start_no_earlier_than is not None:
                needs_start[i] = True
        node_count = n
        start_gate = [-1] * n
        finish_gate = [-1] * n
        owner: list[int] = list(range(n))  # node -> task index
        for i in top_down:
            if not self.is_summary[i]:
                continue
            p = parent[i]
            if needs_start[i] or (p >= 0 and start_gate[p] >= 0):
                start_gate[i] = node_count
                owner.append(i)
                node_count += 1
            if needs_finish[i] or (p >= 0 and finish_gate[p] >= 0):
                finish_gate[i] = node_count
                owner.append(i)
                node_count += 1
        self.node_count = node_count
        self.start_gate = start_gate
        self.finish_gate = finish_gate
        self.owner = owner

        # -- durations and flags per node
        duration = [0] * node_count
        for i, task in enumerate(tasks):
            if not self.is_summary[i]:
                d = int(task.duration_minutes)
                if d < 0:
                    raise ValueError(f"task '{task.name or task.id}' has a negative duration")
                duration[i] = d
        self.duration = duration
        production = [False] * n
        for i in top_down:
            production[i] = bool(tasks[i].production_change) or (
                parent[i] >= 0 and production[parent[i]]
            )
        self.production_nodes: list[int] = [
            i for i in range(n) if production[i] and not self.is_summary[i]
        ]

        # -- edges: per successor node, a list of (src, lag, finish_target); offsets derived
        edges_in: list[list[tuple[int, int, bool]]] = [[] for _ in range(node_count)]
        for p, s, code, lag in raw:
            src = 2 * p + (1 if code in (0, 2) else 0)  # FS, FF read the finish
            finish_target = code >= 2  # FF, SF bind the successor's finish
            target = s
            if self.is_summary[s]:
                target = start_gate[s] if code <= 1 else finish_gate[s]
            edges_in[target].append((src, lag, finish_target))
        for i in range(n):
            if not self.is_summary[i]:
                continue
            for c in children[i]:
                if start_gate[i] >= 0:
                    target = start_gate[c] if self.is_summary[c] else c
                    edges_in[target].append((2 * start_gate[i], 0, False))
                if finish_gate[i] >= 0:
                    target = finish_gate[c] if self.is_summary[c] else c
                    edges_in[target].append((2 * finish_gate[i] + 1, 0, True))
        self.edges_in = edges_in
        self.children = children
        self.in_src: list[list[int]] = [[e[0] for e in edges] for edges in edges_in]
        self.in_off: list[list[int]] = [
            [lag - duration[i] if ft else lag for _src, lag, ft in edges]
            for i, edges in enumerate(edges_in)
        ]
        # roll-up children per node (None for non-summaries), in node terms
        self.kids: list[list[int] | None] = [
            (children[i] if self.is_summary[i] else None) for i in range(n)
        ] + [None] * (node_count - n)
        self.order = self._topological_order()

    # -- structure queries

    def _predecessor_nodes(self, node: int) -> Iterator[int]:
        for src in self.in_src[node]:
            yield src >> 1
        kids = self.kids[node]
        if kids:
            yield from kids

    def _topological_order(self) -> list[int]:
        count = self.node_count
        indegree = [0] * count
        successors: list[list[int]] = [[] for _ in range(count)]
        for node in range(count):
            for pred in self._predecessor_nodes(node):
                successors[pred].append(node)
                indegree[node] += 1
        order = [node for node in range(count) if indegree[node] == 0]
        for node in order:  # grows while walked (Kahn's algorithm)
            for succ in successors[node]:
                indegree[succ] -= 1
                if indegree[succ] == 0:
                    order.append(succ)
        if len(order) != count:
            raise CycleError(self._find_loop(indegree), self.names)
        return order

    def _find_loop(self, indegree: list[int]) -> list[int]:
        """A loop among the nodes Kahn's algorithm could not place, as task ids in link order.

        Every such node has a predecessor that is also unplaced, so walking predecessors must
        come back to a node already visited.
        """
        start = next(node for node in range(self.node_count) if indegree[node] > 0)
        seen: dict[int, int] = {}
        path: list[int] = []
        node = start
        while node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = next(p for p in self._predecessor_nodes(node) if indegree[p] > 0)
        loop_nodes = path[seen[node] :]
        loop_nodes.reverse()  # predecessor walk -> link order
        task_ids: list[int] = []
        for n in loop_nodes:
            task_id = self.ids[self.owner[n]]
            if not task_ids or task_ids[-1] != task_id:
                task_ids.append(task_id)
        while len(task_ids) > 1 and task_ids[0] == task_ids[-1]:
            task_ids.pop()
        first = min(range(len(task_ids)), key=lambda k: self.index[task_ids[k]])
        return task_ids[first:] + task_ids[:first]  # start at the task listed first

    def set_duration(self, task_index: int, minutes: int) -> None:
        """Change a leaf task's duration in place (the topological order stays valid)."""
        if self.is_summary[task_index]:
            return
        self.duration[task_index] = minutes
        self.in_off[task_index] = [
            lag - minutes if ft else lag for _src, lag, ft in self.edges_in[task_index]
        ]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class TaskSchedule:
    """The computed schedule of one task (dates as naive date-times, positions as ints)."""

    task_id: int
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    early_start_pos: int
    early_finish_pos: int
    late_start_pos: int
    late_finish_pos: int
    duration_minutes: int
    total_float_minutes: int
    free_float_minutes: int
    critical: bool
    late: bool
    summary: bool
    milestone: bool
    percent_complete: float
    freeze: str | None = None  # name of the freeze the task was moved after, if any

    @property
    def start(self) -> datetime:
        return self.early_start

    @property
    def finish(self) -> datetime:
        return self.early_finish

    def computed_fields(self) -> dict[str, object]:
        """The interchange document's computed task keys (see docs/json-format.md)."""
        return {
            "early_start": self.early_start.strftime(ISO_MINUTES),
            "early_finish": self.early_finish.strftime(ISO_MINUTES),
            "late_start": self.late_start.strftime(ISO_MINUTES),
            "late_finish": self.late_finish.strftime(ISO_MINUTES),
            "total_float_minutes": self.total_float_minutes,
            "free_float_minutes": self.free_float_minutes,
            "critical": self.critical,
        }


class ScheduleResult(Mapping[int, TaskSchedule]):
    """The schedule of a plan: a read-only mapping task id -> :class:`TaskSchedule`.

    Positions are computed eagerly; date-times are built when a task is first looked up, so a
    view that shows 50 rows of a 100,000-task plan pays for 50 conversions.
    """

    def __init__(
        self,
        network: Network,
        axis: TimeAxis,
        project_start: datetime,
        values: list[int],
        late_start: list[int],
        late_finish: list[int],
        total_float: list[int],
        free_float: list[int],
        late_flags: list[bool],
        percent: list[float],
        moved: Mapping[int, FreezeWindow],
        messages: list[str],
        project_finish_pos: int,
    ) -> None:
        self.network = network
        self.axis = axis
        self.project_start = project_start
        self.project_start_pos = axis.position_of(project_start)
        self.project_finish_pos = project_finish_pos
        self.messages = messages
        self._values = values
        self._late_start = late_start
        self._late_finish = late_finish
        self._total_float = total_float
        self._free_float = free_float
        self._late = late_flags
        self._percent = percent
        self._moved = moved
        self._cache: dict[int, TaskSchedule] = {}

    # -- Mapping protocol

    def __getitem__(self, task_id: int) -> TaskSchedule:
        cached = self._cache.get(task_id)
        if cached is None:
            cached = self._cache[task_id] = self._build(self.network.index[task_id])
        return cached

    def __iter__(self) -> Iterator[int]:
        return iter(self.network.ids)

    def __len__(self) -> int:
        return self.network.task_count

    def __contains__(self, task_id: object) -> bool:
        return task_id in self.network.index

    # -- fast accessors (no date-times)

    def positions(self, task_id: int) -> tuple[int, int, int, int]:
        """``(early_start, early_finish, late_start, late_finish)`` as positions."""
        i = self.network.index[task_id]
        return (
            self._values[2 * i],
            self._values[2 * i + 1],
            self._late_start[i],
            self._late_finish[i],
        )

    def total_float(self, task_id: int) -> int:
        return self._total_float[self.network.index[task_id]]

    def is_critical(self, task_id: int) -> bool:
        return self._total_float[self.network.index[task_id]] <= 0

    @property
    def project_finish(self) -> datetime:
        if self.project_finish_pos <= self.project_start_pos:
            return self.axis.start_at(self.project_start_pos)
        return self.axis.finish_at(self.project_finish_pos)

    @property
    def critical_ids(self) -> list[int]:
        ids, tf = self.network.ids, self._total_float
        return [ids[i] for i in range(self.network.task_count) if tf[i] <= 0]

    @property
    def late_ids(self) -> list[int]:
        ids = self.network.ids
        return [ids[i] for i in range(self.network.task_count) if self._late[i]]

    def computed_fields(self) -> dict[int, dict[str, object]]:
        """Per task id the interchange document's computed keys, for the JSON export."""
        return {task_id: self[task_id].computed_fields() for task_id in self.network.ids}

    def changed_since(self, other: ScheduleResult | None) -> list[int]:
        """Task ids whose positions or floats differ from ``other`` (all if it is None or of
        another network)."""
        if other is None or other.network.ids != self.network.ids:
            return list(self.network.ids)
        changed = []
        a_v, b_v = self._values, other._values
        for i, task_id in enumerate(self.network.ids):
            if (
                a_v[2 * i] != b_v[2 * i]
                or a_v[2 * i + 1] != b_v[2 * i + 1]
                or self._late_start[i] != other._late_start[i]
                or self._late_finish[i] != other._late_finish[i]
                or self._free_float[i] != other._free_float[i]
            ):
                changed.append(task_id)
        return changed

    # -- building one task's view

    def _finish_driven(self, node: int, value: int) -> bool:
        """Whether a zero-length task at ``value`` sits where a predecessor *finishes* (it then
        shows that day's closing time, like MS Project) rather than where something starts."""
        net, values = self.network, self._values
        for src, off in zip(net.in_src[node], net.in_off[node]):  # noqa: B905
            if values[src] + off != value:
                continue
            pred = src >> 1
            if pred >= net.task_count:  # a summary's gate: what drove the gate?
                if self._finish_driven(pred, values[src]):
                    return True
            elif src & 1:
                return True
        return False

    def _instant(self, pos: int, at_finish: bool) -> datetime:
        if at_finish and pos > self.project_start_pos:
            return self.axis.finish_at(pos)
        return self.axis.start_at(pos)

    def _build(self, i: int) -> TaskSchedule:
        net, axis, values = self.network, self.axis, self._values
        task = net.tasks[i]
        es, ef = values[2 * i], values[2 * i + 1]
        ls, lf = self._late_start[i], self._late_finish[i]
        if ef > es:
            early_start, early_finish = axis.start_at(es), axis.finish_at(ef)
            late_start, late_finish = axis.start_at(ls), axis.finish_at(lf)
        else:
            at_finish = not net.is_summary[i] and self._finish_driven(i, es)
            early_start = early_finish = self._instant(es, at_finish)
            # late dates come from successors' needs: "reached by" that day's closing time
            late_start = late_finish = self._instant(ls, True)
        window = self._moved.get(i)
        return TaskSchedule(
            task_id=task.id,
            early_start=early_start,
            early_finish=early_finish,
            late_start=late_start,
            late_finish=late_finish,
            early_start_pos=es,
            early_finish_pos=ef,
            late_start_pos=ls,
            late_finish_pos=lf,
            duration_minutes=ef - es,
            total_float_minutes=self._total_float[i],
            free_float_minutes=self._free_float[i],
            critical=self._total_float[i] <= 0,
            late=self._late[i],
            summary=net.is_summary[i],
            milestone=not net.is_summary[i] and (bool(task.milestone) or ef == es),
            percent_complete=self._percent[i],
            freeze=window.name if window else None,
        )


# --------------------------------------------------------------------------- the passes


def _forward(
    net: Network, base: list[int], freezes: list[tuple[int, int, FreezeWindow]]
) -> tuple[list[int], dict[int, FreezeWindow]]:
    """Early start/finish of every node into ``V`` (interleaved)."""
    V = [0] * (2 * net.node_count)
    in_src, in_off, kids, duration = net.in_src, net.in_off, net.kids, net.duration
    production = set(net.production_nodes) if freezes else set()
    moved: dict[int, FreezeWindow] = {}
    for i in net.order:
        children = kids[i]
        if children is not None:
            es = min([V[2 * c] for c in children])
            ef = max([V[2 * c + 1] for c in children])
            V[2 * i] = es
            V[2 * i + 1] = ef
            continue
        es = base[i]
        srcs = in_src[i]
        if srcs:
            for s, o in zip(srcs, in_off[i]):  # noqa: B905 - same length by construction
                b = V[s] + o
                if b > es:
                    es = b
        d = duration[i]
        if i in production:
            for first, end, window in freezes:
                if es < end and (es + d > first if d else es >= first):
                    es = end
                    moved[i] = window
        V[2 * i] = es
        V[2 * i + 1] = es + d
    return V, moved


def _backward(
    net: Network,
    V: list[int],
    finish_bound: list[int],
    freezes: list[tuple[int, int, FreezeWindow]],
) -> tuple[list[int], list[int], list[int]]:
    """Late start/finish per node and the smallest successor slack per node value.

    ``finish_bound[i]`` is the late-finish cap of node ``i`` (project finish or deadline).
    Returns ``(LS, LF, FFS)`` where ``FFS[2i]``/``FFS[2i+1]`` is the least slack of the edges
    reading node ``i``'s start/finish (``INF`` when none does).
    """
    count = net.node_count
    B = [INF] * (2 * count)  # B[2i]: bound on late start, B[2i+1]: bound on late finish
    B[1::2] = finish_bound
    FFS = [INF] * (2 * count)
    LS = [0] * count
    LF = [0] * count
    in_src, in_off, kids, duration = net.in_src, net.in_off, net.kids, net.duration
    production = set(net.production_nodes) if freezes else set()
    reverse_freezes = freezes[::-1]
    for i in reversed(net.order):
        children = kids[i]
        if children is not None:
            ls_bound, lf_bound = B[2 * i], B[2 * i + 1]
            es, ef = V[2 * i], V[2 * i + 1]
            start_slack, finish_slack = FFS[2 * i], FFS[2 * i + 1]
            LS[i] = ls_bound
            LF[i] = lf_bound
            # The summary's start is the earliest child's: a start-type link from the summary
            # binds the child(ren) that set it; the others may slip past it.
            starters = [c for c in children if V[2 * c] == es]
            for c in children:
                if lf_bound < B[2 * c + 1]:
                    B[2 * c + 1] = lf_bound
                if finish_slack < INF:
                    x = finish_slack + ef - V[2 * c + 1]
                    if x < FFS[2 * c + 1]:
                        FFS[2 * c + 1] = x
            for c in starters:
                if ls_bound < B[2 * c]:
                    B[2 * c] = ls_bound
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
        if i in production:
            for first, end, _window in reverse_freezes:
                if lf - d < end and (lf > first if d else lf - d >= first):
                    lf = first
        ls = lf - d
        LS[i] = ls
        LF[i] = lf
        srcs = in_src[i]
        if srcs:
            es = V[2 * i]
            for s, o in zip(srcs, in_off[i]):  # noqa: B905 - same length by construction
                b = ls - o
                if b < B[s]:
                    B[s] = b
                x = es - V[s] - o
                if x < FFS[s]:
                    FFS[s] = x
    return LS, LF, FFS


def run_passes(net: Network, plan: PlanInput, axis: TimeAxis) -> ScheduleResult:
    """Both passes, floats, roll-ups and messages for a compiled network."""
    n = net.task_count
    project_pos = axis.position_of(plan.project_start)
    base = [project_pos] * net.node_count
    position_of = axis.position_of
    for i, task in enumerate(net.tasks):
        if task.start_no_earlier_than is not None:
            pos = position_of(task.start_no_earlier_than)
            if pos > project_pos:
                node = net.start_gate[i] if net.is_summary[i] else i
                if node >= 0:
                    base[node] = pos
    freezes = axis.freeze_spans() if net.production_nodes else []

    V, moved = _forward(net, base, freezes)
    finish = max(V[1 : 2 * n : 2], default=project_pos)
    if finish < project_pos:
        finish = project_pos

    finish_bound = [finish] * net.node_count
    deadlines: dict[int, int] = {}
    for i, task in enumerate(net.tasks):
        if task.deadline is not None:
            pos = position_of(task.deadline)
            deadlines[i] = pos
            if pos < finish_bound[i]:
                finish_bound[i] = pos
    LS, LF, FFS = _backward(net, V, finish_bound, freezes)

    # floats and roll-ups (children come before their summary in the order)
    total_float = [0] * n
    free_float = [0] * n
    percent = [float(t.percent_complete or 0.0) for t in net.tasks]
    weight = [0] * n
    kids = net.kids
    for i in net.order:
        if i >= n:
            continue
        children = kids[i]
        if children is None:
            tf = LS[i] - V[2 * i]
            ff = min(FFS[2 * i], FFS[2 * i + 1])
            if ff >= INF:
                ff = finish - V[2 * i + 1]
            weight[i] = net.duration[i]
        else:
            LS[i] = min([LS[c] for c in children])
            LF[i] = max([LF[c] for c in children])
            tf = min([total_float[c] for c in children])
            ff = min(FFS[2 * i], FFS[2 * i + 1])
            if ff >= INF:
                ff = finish - V[2 * i + 1]
            total_weight = sum([weight[c] for c in children])
            if total_weight:
                percent[i] = sum([percent[c] * weight[c] for c in children]) / total_weight
            else:
                percent[i] = sum([percent[c] for c in children]) / len(children)
            weight[i] = total_weight
        total_float[i] = tf
        free_float[i] = max(0, min(ff, tf))

    late_flags = [False] * n
    result_messages: list[str] = []
    result = ScheduleResult(
        net,
        axis,
        plan.project_start,
        V,
        LS,
        LF,
        total_float,
        free_float,
        late_flags,
        percent,
        moved,
        result_messages,
        finish,
    )
    for i, window in sorted(moved.items()):
        task = net.tasks[i]
        result_messages.append(
            f"'{task.name or task.id}' moved after freeze '{window.name}' to "
            f"{result[task.id].early_start:%Y-%m-%d %H:%M}"
        )
    for i, pos in sorted(deadlines.items()):
        if V[2 * i + 1] > pos:
            late_flags[i] = True
            task = net.tasks[i]
            days = (V[2 * i + 1] - pos) / plan.calendar.minutes_per_day
            result_messages.append(
                f"'{task.name or task.id}' finishes {result[task.id].early_finish:%Y-%m-%d %H:%M},"
                f" {days:g}d after its deadline {task.deadline:%Y-%m-%d %H:%M}"
            )
    result._cache.clear()  # built before the late flags were known
    return result


def schedule(plan: PlanInput, axis: TimeAxis | None = None) -> ScheduleResult:
    """Schedule a plan from scratch. Raises :class:`CycleError` if the links form a loop and
    ``ValueError`` for other inconsistent input (unknown ids, negative durations)."""
    net = Network(plan.tasks, plan.links)
    return run_passes(net, plan, axis or TimeAxis(plan.calendar, plan.project_start))


def find_cycle_if_linked(
    tasks: Sequence[TaskInput],
    links: Iterable[LinkInput],
    predecessor_id: int,
    successor_id: int,
    link_type: str = "FS",
) -> list[int] | None:
    """The loop (task ids in link order) that a new link would close, or None if it is safe.

    Use it to refuse a link before saving it: ``CycleError(loop, names)`` gives the message.
    """
    new_link = LinkInput(predecessor_id, successor_id, link_type, 0)
    try:
        Network(tasks, [*links, new_link])
    except CycleError as error:
        loop = error.task_ids
        if predecessor_id in loop:  # read it as "the new link, then the existing path back"
            first = loop.index(predecessor_id)
            loop = loop[first:] + loop[:first]
        return loop
    return None
