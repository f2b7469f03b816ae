"""Critical-path scheduling over plain data: the engine's public face.

Semantics on the working-time axis (working minutes of the project calendar, see
:mod:`infradesk.schedule.calendar`): a task of duration ``d`` starting at ``S`` occupies
``[S, S + d)`` and finishes at ``F = S + d``. Links, with lags in working minutes that may be
negative::

    FS: S_succ >= F_pred + lag        SS: S_succ >= S_pred + lag
    FF: F_succ >= F_pred + lag        SF: F_succ >= S_pred + lag

No task starts before the project start or its start-no-earlier-than. A deadline never moves
a task: it caps the late finish (negative float) and flags the task late. Production-change
tasks are moved after any change freeze they would start or run in. Summary tasks roll up
their children; links to or from a summary act on all of its children.

Progress (docs/scheduling.md has examples): a finished task (actual finish) sits on its actual
dates whatever happens upstream, drives its successors from them and is never critical; a task
in progress (actual start only) starts at its actual start and finishes at
``max(actual start + duration, status date + remaining)``; with a status date (and
``reschedule_after_status``, the default) no unstarted task starts before it. Constraint
types are MS Project's: SNET/FNET raise the early dates; SNLT/FNLT cap the late dates and,
when links push past them, the task gets negative float and a conflict
(``ScheduleResult.conflicts``) but is not moved earlier; MSO/MFO pin the task to the date
(conflicting links likewise); ALAP tasks take their late dates and their successors follow.

``schedule(plan)`` computes everything from scratch; a :class:`Scheduler` keeps the compiled
network and the time axis between edits, which is what an interactive view should use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from weakref import WeakKeyDictionary

from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.network import Network
from infradesk.schedule.passes import gc_paused, run_passes
from infradesk.schedule.plan import (
    CONSTRAINT_TYPES,
    LINK_TYPES,
    CycleError,
    LinkInput,
    PlanInput,
    TaskInput,
    start_no_earlier_than_of,
)
from infradesk.schedule.result import ISO_MINUTES, ScheduleResult, TaskSchedule
from infradesk.schedule.task_calendars import master_calendar

__all__ = [
    "CONSTRAINT_TYPES",
    "ISO_MINUTES",
    "LINK_TYPES",
    "CycleError",
    "LinkInput",
    "Network",
    "PlanInput",
    "ScheduleResult",
    "Scheduler",
    "TaskInput",
    "TaskSchedule",
    "compile_network",
    "find_cycle_if_linked",
    "run_passes",
    "schedule",
]


def compile_network(tasks: Sequence[TaskInput], links: Iterable[LinkInput]) -> Network:
    """Compile a plan's structure; raises :class:`CycleError` or ``ValueError``."""
    with gc_paused():
        return Network(tasks, links)


def schedule(plan: PlanInput, axis: TimeAxis | None = None) -> ScheduleResult:
    """Schedule a plan from scratch. Raises :class:`CycleError` (naming the tasks of the loop)
    if the links form one, and ``ValueError`` for other inconsistent input (unknown ids,
    negative durations, unknown link types).

    ``axis``: the project calendar's axis to reuse; a plan with task calendars runs on a
    wider master axis instead (see :mod:`infradesk.schedule.task_calendars`)."""
    with gc_paused():  # once for both steps: each pause ends in a collection of what it made
        network = compile_network(plan.tasks, plan.links)
        return run_passes(network, plan, axis_for(plan, network, axis))


# more re-parents at once than this recompile (an outdent at the top of a flat plan takes
# every task below it along: one compile beats that many moves)
_MOVES_IN_PLACE = 200

# the project calendar's axis a caller keeps -> the axis widened by its plan's task calendars
_WIDER: WeakKeyDictionary[TimeAxis, TimeAxis] = WeakKeyDictionary()


def axis_for(plan: PlanInput, network: Network, axis: TimeAxis | None = None) -> TimeAxis:
    """The master axis of a compiled plan: ``axis`` (or the project calendar's) unless task
    calendars widen it."""
    if not network.wide_calendars:
        return axis or TimeAxis(plan.calendar, plan.project_start)
    calendar = master_calendar(plan.calendar, network.wide_calendars)
    if (
        axis is not None
        and axis.calendar == calendar
        and axis.origin_day == plan.project_start.date()
    ):
        return axis
    if axis is None:
        return TimeAxis(calendar, plan.project_start)
    # kept beside the project calendar's axis the caller keeps, so that the clocks built on
    # it are kept too (task_calendars' per-axis cache)
    wider = _WIDER.get(axis)
    if wider is None or wider.calendar != calendar or wider.origin_day != plan.project_start.date():
        wider = _WIDER[axis] = TimeAxis(calendar, plan.project_start)
    return wider


def find_cycle_if_linked(
    tasks: Sequence[TaskInput],
    links: Iterable[LinkInput],
    predecessor_id: int,
    successor_id: int,
    link_type: str = "FS",
) -> list[int] | None:
    """The loop a new link would close, as task ids starting with ``predecessor_id`` (the new
    link, then the existing path back), or None if the link is safe.

    ``CycleError(loop, names)`` turns the loop into a message for the user.
    """
    new_link = LinkInput(predecessor_id, successor_id, link_type, 0)
    try:
        compile_network(tasks, [*links, new_link])
    except CycleError as error:
        loop = error.task_ids
        if predecessor_id in loop:
            first = loop.index(predecessor_id)
            loop = loop[first:] + loop[:first]
        return loop
    return None


class Scheduler:
    """A plan kept compiled between edits, for interactive rescheduling.

    Edits of durations, constraints, deadlines, percent complete and flags of leaf tasks,
    and a link added, removed or changed (into a leaf), patch the compiled network in place;
    the passes then revisit only what the edit reaches, both ways (see
    :mod:`infradesk.schedule.late_refresh`). So does moving one task to another parent (an
    indent or outdent), including a leaf turning the task above it into a summary whose
    links go to new gate nodes, and back: see ``Network.try_move_under``. Other edits of the
    structure (tasks added or removed, several re-parents at once, links into summaries)
    recompile it. Every edit returns the new
    :class:`ScheduleResult` and keeps the previous one in ``previous`` so a view can repaint
    ``result.changed_since(previous)``.
    A refused edit (a loop, bad input) raises and leaves the scheduler unchanged.
    """

    def __init__(self, plan: PlanInput) -> None:
        self._network = compile_network(plan.tasks, plan.links)
        self._axis = axis_for(plan, self._network)
        self._plan = plan
        self.previous: ScheduleResult | None = None
        self.result = run_passes(self._network, plan, self._axis)
        # what reads each node, which every in-place edit walks: built with the scheduler
        # (at open) rather than by the first edit
        with gc_paused():
            self._network.successors()

    @property
    def plan(self) -> PlanInput:
        return self._plan

    @property
    def axis(self) -> TimeAxis:
        return self._axis

    def _run(self, dirty: set[int] | None = None) -> ScheduleResult:
        """Reschedule; ``dirty`` names the nodes an in-place edit changed (None: all)."""
        previous = self.previous = self.result
        if dirty is not None and previous.network is self._network:
            self.result = run_passes(self._network, self._plan, self._axis, previous, dirty)
        else:
            self.result = run_passes(self._network, self._plan, self._axis)
        return self.result

    # -- edits

    def update_tasks(self, tasks: Iterable[TaskInput]) -> ScheduleResult:
        """Replace tasks (matched by id) with new versions."""
        network = self._network
        edited: dict[int, TaskInput] = {}  # task index -> its new version (the last one given)
        structural = False
        for task in tasks:
            i = network.index.get(task.id)
            if i is None:
                raise ValueError(f"task {task.id} is not in the plan (use set_tasks to add it)")
            if task.duration_minutes < 0:
                raise ValueError(f"task '{task.name or task.id}' has a negative duration")
            old = edited.get(i, network.tasks[i])
            edited[i] = task
            summary = network.is_summary[i]
            if (
                task.elapsed != old.elapsed
                or (task.clock is not old.clock and task.clock != old.clock)
                or task.leveling_delay_minutes != old.leveling_delay_minutes
                or (task.elapsed and (task.duration_minutes == 0) != (old.duration_minutes == 0))
                or (summary and task.production_change != old.production_change)
                or (summary and (start_no_earlier_than_of(task) is None)
                    != (start_no_earlier_than_of(old) is None))
            ):  # fmt: skip
                structural = True
        dirty: set[int] = set()
        reparented = [i for i, t in edited.items() if t.parent_id != network.tasks[i].parent_id]
        if reparented and not structural:
            moved = self._move_in_place(reparented, edited)
            if moved is None:
                structural = True
            else:
                dirty = moved
        if structural:
            new_tasks = list(network.tasks)
            for i, task in edited.items():
                new_tasks[i] = task
            return self.set_tasks(new_tasks)
        for i in sorted(edited):
            task = edited[i]
            if task is not network.tasks[i]:
                dirty.update(self._apply_in_place(i, task))
        self._plan = replace(self._plan, tasks=network.tasks)
        return self._run(dirty)

    def update_task(self, task: TaskInput) -> ScheduleResult:
        return self.update_tasks([task])

    def _move_in_place(
        self, reparented: list[int], edited: dict[int, TaskInput]
    ) -> set[int] | None:
        """Re-parent tasks in place (an indent, an outdent that takes the tasks below along,
        their undo; see ``Network.try_move_under``); returns the nodes to revisit (the tasks,
        their old and new summaries, the gates and what feeds them, the leaves whose inherited
        production flag changed), or None when the caller must recompile.

        The moves go one at a time: first those out of a moved task, then the others, then
        those under a moved task (an outdent's task goes up before the tasks below it go under
        it; its undo takes them out first). When one is refused, the ones made are moved back
        (each back to a structure the network had, which it takes again) and nothing changed
        but the order and gates kept for reuse."""
        network = self._network
        if len(reparented) > _MOVES_IN_PLACE:
            return None
        index, parent, kids, tasks = network.index, network.parent, network.kids, network.tasks
        target: dict[int, int] = {}
        for i in reparented:
            parent_id = edited[i].parent_id
            target[i] = -1 if parent_id is None else index.get(parent_id, -2)
            if target[i] == -2:
                return None
        moving = set(reparented)

        def phase(i: int) -> int:
            return 0 if parent[i] in moving else 2 if target[i] in moving else 1

        shown = self.result
        if shown.network is network:
            # the result before the edit shares the network: it builds its summaries' rows
            # from their children, so those of the parents are built now, while their
            # children are still the ones it was computed with (and the tasks', which read
            # the edges into them: a zero-length task's time of day)
            for i in reparented:
                for p in (parent[i], target[i], i):
                    if p >= 0:
                        shown[network.ids[p]]
        dirty: set[int] = set()
        done: list[tuple[int, int]] = []
        production = network.production
        flagged_before = set(production)  # a leaf turned into a summary and back loses it
        for i in sorted(reparented, key=phase):
            old_parent, new_parent = parent[i], target[i]
            turning = [
                p
                for p, turns in (
                    (new_parent, new_parent >= 0 and kids[new_parent] is None),
                    (old_parent, old_parent >= 0 and len(kids[old_parent] or ()) < 2),
                )
                if turns
            ]
            # a parent turns into a summary or a leaf: judged by its kept version (a moved
            # one's new parent aside)
            if any(
                replace(edited.get(p, tasks[p]), parent_id=tasks[p].parent_id) != tasks[p]
                for p in turning
            ) or not network.try_move_under(i, new_parent):
                for j, back in reversed(done):
                    if not network.try_move_under(j, back):
                        raise RuntimeError("a re-parent in place could not be moved back")
                production.clear()
                production.update(flagged_before)
                return None
            done.append((i, old_parent))
            dirty.update(p for p in (i, old_parent, new_parent) if p >= 0)
            dirty |= network.last_move_touched  # gates made, bound or dissolved, their feeds
        # the production flag a leaf inherits from its ancestors (a moved task's own: the new)
        for _i, old_parent in done:
            if old_parent >= 0 and kids[old_parent] is None:  # turned into a leaf
                turned = (old_parent, *_ancestors(network, old_parent))
                if any(edited.get(a, tasks[a]).production_change for a in turned):
                    production.add(old_parent)
                    dirty.add(old_parent)
        for i in reparented:
            above = _ancestors(network, i)
            inherited = any(edited.get(a, tasks[a]).production_change for a in above)
            stack = [(i, inherited)]
            while stack:
                j, from_above = stack.pop()
                flagged = from_above or edited.get(j, tasks[j]).production_change
                children = kids[j]
                if children is not None:
                    stack.extend((c, flagged) for c in children)
                elif flagged != (j in production):
                    if flagged:
                        production.add(j)
                    else:
                        production.discard(j)
                    dirty.add(j)
        return dirty

    def _apply_in_place(self, i: int, task: TaskInput) -> set[int]:
        """Apply a task's new fields to the network; returns the nodes whose forward inputs
        changed."""
        network = self._network
        old = network.tasks[i]
        network.tasks[i] = task
        summary = network.is_summary[i]
        dirty: set[int] = set()
        if not summary and task.duration_minutes != old.duration_minutes:
            network.set_duration(i, task.duration_minutes)
            dirty.add(i)
        node = network.start_gate[i] if summary else i
        if (
            task.start_no_earlier_than != old.start_no_earlier_than
            or task.constraint_type != old.constraint_type
            or task.constraint_date != old.constraint_date
            or task.actual_start != old.actual_start
            or task.actual_finish != old.actual_finish
            or task.percent_complete != old.percent_complete
            or task.manual != old.manual
            or task.manual_start != old.manual_start
        ):
            network.set_progress_and_constraint(i, task)
            if node >= 0:  # -1: a summary without a start gate (its SNET is not kept)
                dirty.add(node)
        if task.deadline is None:
            network.deadlines.pop(i, None)
        else:
            network.deadlines[i] = task.deadline
        if not summary:
            inherited = any(network.tasks[a].production_change for a in _ancestors(network, i))
            if task.production_change or inherited:
                network.production.add(i)
            else:
                network.production.discard(i)
            if task.production_change != old.production_change:
                dirty.add(i)
        return dirty

    def set_tasks(self, tasks: Sequence[TaskInput]) -> ScheduleResult:
        """Replace the whole task list (adds, removes, re-parents); links to tasks that are
        gone are dropped."""
        ids = {t.id for t in tasks}
        links = [
            link
            for link in self._plan.links
            if link.predecessor_id in ids and link.successor_id in ids
        ]
        return self._rebuild(replace(self._plan, tasks=list(tasks), links=links))

    def set_links(self, links: Sequence[LinkInput]) -> ScheduleResult:
        """Replace all links. When they differ from the current ones by a single link added,
        removed or changed, that is applied in place where it can be (see ``add_link``)."""
        links = list(links)
        new_count, old_count = Counter(links), Counter(self._plan.links)
        added, removed = new_count - old_count, old_count - new_count
        network = self._network
        counts = (sum(added.values()), sum(removed.values()))
        changed = next(iter(added or removed), None)
        if changed is not None and (
            (counts == (1, 0) and network.try_add_link(changed))
            or (counts == (0, 1) and network.try_remove_link(changed))
        ):
            self._plan = replace(self._plan, links=links)
            return self._run(_link_ends(network, changed))
        if not added and not removed:
            self._plan = replace(self._plan, links=links)
            self.previous = self.result  # nothing moved since the last result
            return self.result
        if counts == (1, 1):  # one link changed (its type, lag or an end): swapped in place
            old, new = next(iter(removed)), next(iter(added))
            if network.try_remove_link(old):
                if network.try_add_link(new):
                    self._plan = replace(self._plan, links=links)
                    return self._run(_link_ends(network, old) | _link_ends(network, new))
                if not network.try_add_link(old):  # it was in the order: it goes back in
                    self._network = compile_network(self._plan.tasks, self._plan.links)
        return self._rebuild(replace(self._plan, links=links))

    def add_link(self, link: LinkInput) -> ScheduleResult:
        """Add a link; raises :class:`CycleError` (and changes nothing) if it closes a loop.

        A link into a leaf goes in without recompiling (the order is patched if the link runs
        against it, see ``Network.try_add_link``)."""
        if self._network.try_add_link(link):
            self._plan = replace(self._plan, links=[*self._plan.links, link])
            return self._run(_link_ends(self._network, link))
        return self.set_links([*self._plan.links, link])

    def remove_link(self, predecessor_id: int, successor_id: int) -> ScheduleResult:
        """Remove every link from ``predecessor_id`` to ``successor_id``."""
        links = self._plan.links
        hits = _positions_of_link(self._network, links, predecessor_id, successor_id)
        if not hits:
            self.previous = self.result
            return self.result
        gone = [links[k] for k in sorted(hits)]
        if len(hits) == 1:
            (k,) = hits
            kept = [*links[:k], *links[k + 1 :]]
        else:
            kept = [link for k, link in enumerate(links) if k not in hits]
        network = self._network
        if len(gone) == 1 and network.try_remove_link(gone[0]):
            self._plan = replace(self._plan, links=kept)
            return self._run(_link_ends(network, gone[0]))
        return self.set_links(kept)

    def set_calendar(self, calendar: WorkingCalendar) -> ScheduleResult:
        self._plan = replace(self._plan, calendar=calendar)
        self._axis = axis_for(self._plan, self._network)
        return self._run()

    def set_status_date(
        self, status_date: datetime | None, reschedule_after_status: bool | None = None
    ) -> ScheduleResult:
        """Move the status date (None: none); ``reschedule_after_status`` None keeps it."""
        keep = self._plan.reschedule_after_status
        self._plan = replace(
            self._plan,
            status_date=status_date,
            reschedule_after_status=keep if reschedule_after_status is None else
            reschedule_after_status,
        )
        return self._run()

    def set_project_start(self, start: datetime) -> ScheduleResult:
        self._plan = replace(self._plan, project_start=start)
        self._axis = axis_for(self._plan, self._network)
        return self._run()

    def loop_if_linked(
        self, predecessor_id: int, successor_id: int, link_type: str = "FS"
    ) -> list[int] | None:
        """See :func:`find_cycle_if_linked`."""
        return find_cycle_if_linked(
            self._network.tasks, self._plan.links, predecessor_id, successor_id, link_type
        )

    def _rebuild(self, plan: PlanInput) -> ScheduleResult:
        network = compile_network(plan.tasks, plan.links)  # raises before anything changes
        if network.wide_calendars != self._network.wide_calendars:
            self._axis = axis_for(plan, network)
        self._network = network
        self._plan = plan
        return self._run()


def _positions_of_link(
    network: Network, links: Sequence[LinkInput], predecessor_id: int, successor_id: int
) -> set[int]:
    """Where the links from ``predecessor_id`` to ``successor_id`` are in ``links``.

    Reading 150,000 links costs more than the edit, so when the network tells how many there
    are (edges into a leaf) the search runs from the end, where a link just added sits, and
    stops once it found them all."""
    p, s = network.index.get(predecessor_id), network.index.get(successor_id)
    expected = None
    if p is not None and s is not None and not network.is_summary[s]:
        expected = sum(1 for src in network.in_src[s] or () if src >> 1 == p)
    hits: set[int] = set()
    if expected == 0:
        return hits
    for k in range(len(links) - 1, -1, -1):
        link = links[k]
        if link.predecessor_id == predecessor_id and link.successor_id == successor_id:
            hits.add(k)
            if len(hits) == expected:
                break
    return hits


def _link_ends(network: Network, link: LinkInput) -> set[int]:
    """The nodes a link added or removed in place changes: its successor's early dates, and
    the late dates of its predecessor (which it bounds, or no longer bounds)."""
    return {network.index[link.predecessor_id], network.index[link.successor_id]}


def _ancestors(network: Network, i: int) -> Iterable[int]:
    parent = network.parent[i]
    while parent >= 0:
        yield parent
        parent = network.parent[parent]
