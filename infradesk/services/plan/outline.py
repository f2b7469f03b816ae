"""The task outline of one project as plain parallel lists, for a fast Gantt view.

Loading goes through SQLAlchemy Core (no ORM objects), so a 10,000-task plan loads in tens of
milliseconds. The outline also carries the engine's :class:`ScheduleResult` (floats, critical
path, late flags), the latest baseline's dates and the calendar, so a view can paint without
touching the database again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infradesk.model import BaselineTask, Dependency, Project, PurchaseOrder, Task
from infradesk.schedule.calendar import WorkingCalendar, cached_axis
from infradesk.schedule.durations import format_duration
from infradesk.schedule.engine import (
    CycleError,
    LinkInput,
    PlanInput,
    ScheduleResult,
    TaskInput,
)
from infradesk.schedule.passes import gc_paused
from infradesk.services.plan.baselines import current_baseline
from infradesk.services.plan.cross_links import ExternalBar, external_bars
from infradesk.services.plan.external_text import external_texts
from infradesk.services.plan.incremental import current_result, data_version
from infradesk.services.plan.predecessor_text import PredecessorTexts
from infradesk.services.plan.progress import remaining_minutes, round_to_working_time
from infradesk.services.plan.row_links import LinkTuple, RowLinks
from infradesk.services.plan.scheduling import (
    ProjectNotFound,
    calendar_of,
    constraint_of,
    gated_constraint,
)
from infradesk.services.resources.assignment_rows import AssignedState, assigned_states
from infradesk.store.columns import read_columns


class OwnFields(Protocol):
    """A task's own stored fields that a summary's roll-ups hide (a task edit's
    :class:`~infradesk.services.plan.task_edit.TaskFields` has them)."""

    @property
    def duration_minutes(self) -> int: ...
    @property
    def percent_complete(self) -> float: ...
    @property
    def estimated(self) -> bool: ...
    @property
    def cost(self) -> Decimal: ...
    @property
    def actual_cost(self) -> Decimal: ...


@dataclass
class Outline:
    """Rows in outline (depth-first) order; every list has one entry per row."""

    project_id: int | None = None
    project_start: datetime | None = None
    status_date: datetime | None = None  # as stored (None: not set, "now" applies)
    reschedule_after_status: bool = True
    effective_status_date: datetime | None = None  # the stored one, or now in working time
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    ids: list[int] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)  # row of the parent, -1 at top level
    depth: list[int] = field(default_factory=list)
    wbs: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    duration: list[int] = field(default_factory=list)
    start: list[datetime | None] = field(default_factory=list)
    finish: list[datetime | None] = field(default_factory=list)
    percent: list[float] = field(default_factory=list)
    milestone: list[bool] = field(default_factory=list)
    owner: list[str] = field(default_factory=list)
    snet: list[datetime | None] = field(default_factory=list)
    deadline: list[datetime | None] = field(default_factory=list)
    production: list[bool] = field(default_factory=list)
    actual_start: list[datetime | None] = field(default_factory=list)
    actual_finish: list[datetime | None] = field(default_factory=list)
    remaining: list[int] = field(default_factory=list)  # working minutes: duration - done
    constraint_type: list[str] = field(default_factory=list)  # ASAP ALAP SNET ... MFO
    constraint_date: list[datetime | None] = field(default_factory=list)
    # planned cost: fixed + assignments (issue 18); a summary's is the sum of its tasks' (see
    # roll_up_costs)
    cost: list[Decimal] = field(default_factory=list)
    # the assignments' part of a task's planned cost; the Assigned cell
    # (``Network engineer[50%]; Crew``) and the resource names, for the bars and the filter
    assigned_cost: list[Decimal] = field(default_factory=list)
    assigned: list[str] = field(default_factory=list)
    # the people's and crews' work in working minutes; a summary's is its tasks' sum
    work: list[int] = field(default_factory=list)
    resource_names: list[tuple[str, ...]] = field(default_factory=list)
    own_actual_cost: list[Decimal] = field(default_factory=list)  # stored: the cell edits it
    invoiced_cost: list[Decimal] = field(default_factory=list)  # invoiced orders naming the task
    # own + invoiced: what is shown; a summary's is the sum of its tasks'
    actual_cost: list[Decimal] = field(default_factory=list)
    summary: list[bool] = field(default_factory=list)
    # MS Project's task flags (issue 16): a duration that is a guess (``5d?``), a manually
    # scheduled task (its start is the user's; links do not move it), a duration in
    # wall-clock minutes (``3ed``: days of 24 h)
    estimated: list[bool] = field(default_factory=list)
    manual: list[bool] = field(default_factory=list)
    elapsed: list[bool] = field(default_factory=list)
    leveling_delay: list[int] = field(default_factory=list)  # minutes a leveling added
    # per row, how many tasks below it have an estimated duration: a summary's reads ``22d?``
    # while one does, as in MS Project (see roll_up_flags)
    estimated_below: list[int] = field(default_factory=list)
    # the dates of the baseline the plan is compared with (see baselines.current_baseline_id)
    baseline_name: str = ""
    baseline_start: list[datetime | None] = field(default_factory=list)
    baseline_finish: list[datetime | None] = field(default_factory=list)
    links: list[LinkTuple] = field(default_factory=list)
    # per task id, the tasks of other projects linked to it (drawn greyed beside its bar)
    external: dict[int, list[ExternalBar]] = field(default_factory=dict)
    # the Predecessors cell per row (``3FS+2d; Wave 1!5SS``): a loaded outline makes each
    # row's text when first asked for (PredecessorTexts)
    predecessors: Sequence[str] = field(default_factory=list)
    result: ScheduleResult | None = None
    # the schedule was left for later (see load_outline's ``schedule_below``): the stored dates
    # are shown; floats and the critical path wait for :attr:`result`
    schedule_pending: bool = False
    schedule_error: str = ""
    row_of: dict[int, int] = field(default_factory=dict)
    # each task row's version counter as read: an edit of the row expects it (it is refused
    # when someone changed the task since, services.commands.StaleEditError)
    version: list[int] = field(default_factory=list)
    # the workspace's data version read before this outline's read transaction (None:
    # unknown, a team workspace); while it is still the workspace's, nobody committed since
    # and the rows are the stored ones (the warm-up builds the schedule from them)
    data_version: int | None = None
    _row_links: RowLinks | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.ids)

    def row_links(self) -> RowLinks:
        """The links by row both ways (the chart's arrows, the Predecessors cells), made on
        first use and again once the links or the rows were replaced or links added."""
        found = self._row_links
        if found is None or not found.describes(self.links, self.row_of):
            found = self._row_links = RowLinks(self.links, self.row_of)
        return found

    @property
    def minutes_per_day(self) -> int:
        return self.calendar.minutes_per_day

    def total_float(self, row: int) -> int | None:
        result = self.result
        if result is None or self.ids[row] not in result:
            return None
        return result.total_float(self.ids[row])

    def critical(self, row: int) -> bool:
        value = self.total_float(row)
        return value is not None and value <= 0

    def variance(self, row: int, which: str) -> int | None:
        """Working minutes from the baseline's ``which`` ("start" or "finish") to the plan's
        (+ later than the baseline); None when either date is missing."""
        then = (self.baseline_start if which == "start" else self.baseline_finish)[row]
        now = (self.start if which == "start" else self.finish)[row]
        if then is None or now is None:
            return None
        axis = cached_axis(self.calendar, (self.project_start or then).date())
        return axis.working_minutes_between(then, now)

    def late(self, row: int) -> bool:
        """Finishes after its deadline."""
        deadline, finish = self.deadline[row], self.finish[row]
        return deadline is not None and finish is not None and finish > deadline

    def roll_up_costs(self) -> None:
        """Every summary's cost and actual cost: the sums of its tasks' (nested summaries
        included). A summary's own stored fields are ignored, as the baseline
        (:func:`.baselines.rolled_up_costs`) and earned value ignore them: an imported plan
        stores the roll-up there, which would count twice. So the project's total planned cost
        is what a baseline saves as BAC."""
        cost, actual, parent, summary = self.cost, self.actual_cost, self.parent, self.summary
        work = self.work or [0] * len(parent)
        for row, is_summary in enumerate(summary):
            if is_summary:
                cost[row] = actual[row] = _ZERO
                work[row] = 0
        for row in range(len(parent) - 1, -1, -1):  # a row's subtasks come after it
            up = parent[row]
            if up >= 0:
                cost[up] += cost[row]
                actual[up] += actual[row]
                work[up] += work[row]
        self.work = work

    def roll_up_flags(self) -> None:
        """Count the estimated tasks below every row (see ``estimated_below``)."""
        below = [0] * len(self.ids)
        parent, estimated, summary = self.parent, self.estimated, self.summary
        for row in range(len(parent) - 1, -1, -1):  # a row's subtasks come after it
            up = parent[row]
            if up >= 0:
                below[up] += below[row] + (1 if estimated[row] and not summary[row] else 0)
        self.estimated_below = below

    def shows_estimated(self, row: int) -> bool:
        """The duration reads with a ``?``: a task's own flag, a summary's tasks'."""
        if self.summary[row]:
            return bool(self.estimated_below) and self.estimated_below[row] > 0
        return self.estimated[row]

    def set_flags(self, row: int, estimated: bool, manual: bool, elapsed: bool) -> list[int]:
        """A task's flags after an edit; the summaries above it when ``estimated`` changed
        (returned: the rows whose duration text changes with it)."""
        self.manual[row], self.elapsed[row] = manual, elapsed
        if self.estimated[row] == estimated:
            return []
        self.estimated[row] = estimated
        if self.summary[row] or not self.estimated_below:
            return []
        step = 1 if estimated else -1
        changed = self.ancestors(row)
        for up in changed:
            self.estimated_below[up] += step
        return changed

    def ancestors(self, row: int) -> list[int]:
        """The summaries above ``row``, nearest first."""
        found = []
        up = self.parent[row]
        while up >= 0:
            found.append(up)
            up = self.parent[up]
        return found

    def fixed_cost(self, row: int) -> Decimal:
        """The cost the user typed (the Cost cell and the dialog edit it): the planned cost
        without its assignments'."""
        if self.summary[row] or not self.assigned_cost:
            return self.cost[row]
        return self.cost[row] - self.assigned_cost[row]

    def set_assigned(
        self, row: int, text: str, names: tuple[str, ...], cost: Decimal, work: int = 0
    ) -> list[int]:
        """A task's assignments after an edit; :meth:`set_costs` then adds their cost. Their
        work goes up to the summaries above it; returns the rows whose work changed."""
        self.assigned[row], self.resource_names[row] = text, names
        self.assigned_cost[row] = cost
        if not self.work or self.summary[row] or work == self.work[row]:
            return []
        step, above = work - self.work[row], self.ancestors(row)
        self.work[row] = work
        for up in above:
            self.work[up] += step
        return [row, *above]

    def set_costs(self, row: int, cost: Decimal, own_actual_cost: Decimal) -> list[int]:
        """A task's stored costs after an edit (or its undo), and the summaries above it by the
        difference (exact in Decimal). ``cost`` is the fixed cost; the assignments' (see
        :meth:`set_assigned`) is added. A summary's own fields change nothing shown. Returns the
        rows whose shown costs changed."""
        self.own_actual_cost[row] = own_actual_cost
        if self.summary[row]:
            return []
        if self.assigned_cost:
            cost = cost + self.assigned_cost[row]
        actual = own_actual_cost + self.invoiced_cost[row]
        more_cost, more_actual = cost - self.cost[row], actual - self.actual_cost[row]
        if not (more_cost or more_actual):
            return []
        self.cost[row], self.actual_cost[row] = cost, actual
        above = self.ancestors(row)
        for up in above:
            self.cost[up] += more_cost
            self.actual_cost[up] += more_actual
        return [row, *above]

    def reparent(
        self,
        new_parents: Mapping[int, int | None],
        own: Mapping[int, OwnFields] | None = None,
        assigned: Mapping[int, AssignedState] | None = None,
    ) -> tuple[range, set[int]] | None:
        """Give tasks new parents in place when the rows keep their order (an indent or an
        outdent, or their undo): the parents, depths, WBS codes and summary flags of the rows
        that change, and the cost, work and estimate roll-ups of the summaries above them.
        A task that became a summary gives up its assignments (as the edit did); a summary
        that became a task again takes its ``own`` stored fields and its ``assigned`` state.

        Returns the rows whose codes changed and the rows whose roll-ups did (the changed
        tasks, their old and new parents and the summaries above them), or None when this
        cannot be done in place (a summary became a task and its own fields are not given;
        or the rows would change order): then reload the outline."""
        row_of, parent, n = self.row_of, self.parent, len(self.ids)
        own, assigned = own or {}, assigned or {}
        moved: dict[int, int] = {}
        for task_id, parent_id in new_parents.items():
            row = row_of.get(task_id)
            up = -1 if parent_id is None else row_of.get(parent_id)
            if row is None or up is None or up >= row:
                return None
            if parent[row] != up:
                moved[row] = up
        if not moved:
            return None
        old_parents = {row: parent[row] for row in moved}
        touched = set(moved) | {p for p in (*moved.values(), *old_parents.values()) if p >= 0}
        was_summary = {row: self.summary[row] for row in touched}
        now_summary = {row: row + 1 < n and (moved.get(row + 1, parent[row + 1]) == row)
                       for row in touched}  # fmt: skip
        tasks_again = [row for row, was in was_summary.items() if was and not now_summary[row]]
        if any(self.ids[row] not in own or self.ids[row] not in assigned for row in tasks_again):
            return None
        for row, up in moved.items():
            parent[row] = up
        changed = self._renumber(touched, [*moved.values(), *old_parents.values()])
        if changed is None:
            return None
        summary = self.summary
        for row in touched:
            summary[row] = now_summary[row]
            if now_summary[row] and not was_summary[row] and self.assigned:
                self.assigned[row], self.resource_names[row] = "", ()
                self.assigned_cost[row] = _ZERO
        for row in tasks_again:
            self._take_own(row, own[self.ids[row]], assigned[self.ids[row]])
        rolled = set(touched)
        for row in touched:
            rolled.update(self.ancestors(row))
        depth = self.depth
        for row in sorted((r for r in rolled if summary[r]), key=lambda r: -depth[r]):
            self._roll_up_one(row)
        return changed, rolled

    def _renumber(self, touched: set[int], parents: Sequence[int]) -> range | None:
        """Depths and WBS codes again from the first touched row to the end of the smallest
        subtree holding every changed parent; None when a row's parent is not the row above
        it or one of that row's ancestors (the rows would be out of order)."""
        parent, depth, wbs, n = self.parent, self.depth, self.wbs, len(self.ids)
        low = min(touched)
        high = n
        if parents and min(parents) >= 0:
            container = min(parents, key=lambda r: depth[r])
            end = container + 1
            while end < n and depth[end] > depth[container]:
                end += 1
            if container <= low and all(container <= r < end for r in touched):
                high = end
        counts: dict[int, int] = {}
        for row in range(low, high):
            up = parent[row]
            above = row - 1
            while above >= 0 and above != up:
                above = parent[above]
            if above != up:
                return None
            count = counts.get(up)
            if count is None:
                count = 0
                before = row - 1
                while before > up:  # the last earlier sibling's code gives the count
                    if parent[before] == up:
                        count = int(wbs[before].rsplit(".", 1)[-1])
                        break
                    before -= 1
            counts[up] = count = count + 1
            if up >= 0:
                depth[row], wbs[row] = depth[up] + 1, f"{wbs[up]}.{count}"
            else:
                depth[row], wbs[row] = 0, str(count)
        return range(low, high)

    def _take_own(self, row: int, fields: OwnFields, state: AssignedState) -> None:
        """A summary that became a task again shows its own stored fields."""
        self.duration[row], self.percent[row] = fields.duration_minutes, fields.percent_complete
        self.estimated[row] = fields.estimated
        self.remaining[row] = remaining_minutes(self.duration[row], self.percent[row])
        if self.assigned:
            self.assigned[row], self.resource_names[row] = state.text, state.names
            self.assigned_cost[row] = state.cost
        if self.work:
            self.work[row] = state.work_minutes
        self.cost[row] = fields.cost + (state.cost if self.assigned_cost else _ZERO)
        self.own_actual_cost[row] = fields.actual_cost
        self.actual_cost[row] = fields.actual_cost + self.invoiced_cost[row]
        if self.estimated_below:
            self.estimated_below[row] = 0

    def _roll_up_one(self, row: int) -> None:
        """A summary's cost, actual cost, work and estimate count from its direct subtasks."""
        parent, depth, n = self.parent, self.depth, len(self.ids)
        cost = actual = _ZERO
        work = below = 0
        has_work, has_below = bool(self.work), bool(self.estimated_below)
        child = row + 1
        while child < n and depth[child] > depth[row]:
            if parent[child] == row:
                cost += self.cost[child]
                actual += self.actual_cost[child]
                if has_work:
                    work += self.work[child]
                if has_below:
                    below += self.estimated_below[child] + (
                        1 if self.estimated[child] and not self.summary[child] else 0
                    )
            child += 1
        self.cost[row], self.actual_cost[row] = cost, actual
        if has_work:
            self.work[row] = work
        if has_below:
            self.estimated_below[row] = below

    def plan_input(self, gates: dict[int, datetime] | None = None) -> PlanInput:
        """The engine's input, as ``scheduling.plan_input_for`` builds it: a vendor delivery
        ``gates`` a task like a start-no-earlier-than. One pass over the columns zipped (the
        warm-up at open builds 100,000 of these)."""
        gates = gates or {}
        ids = self.ids
        parent_ids = [ids[up] if up >= 0 else None for up in self.parent]
        delays: Sequence[int] = self.leveling_delay or [0] * len(ids)
        tasks: list[TaskInput] = []
        append = tasks.append
        for (
            task_id, parent_id, duration, milestone, deadline, production, percent, name,
            kind, moment, actual_start, actual_finish, manual, start, elapsed, delay,
        ) in zip(
            ids, parent_ids, self.duration, self.milestone, self.deadline, self.production,
            self.percent, self.name, self.constraint_type, self.constraint_date,
            self.actual_start, self.actual_finish, self.manual, self.start, self.elapsed,
            delays, strict=True,
        ):  # fmt: skip
            if gates:
                kind, moment = gated_constraint(kind, moment, gates.get(task_id))
            append(
                TaskInput(
                    task_id,
                    parent_id,
                    duration if duration > 0 else 0,
                    milestone,
                    None,
                    deadline,
                    production,
                    percent,
                    name,
                    constraint_type=kind,
                    constraint_date=moment,
                    actual_start=actual_start,
                    actual_finish=actual_finish,
                    manual=manual,
                    manual_start=start if manual else None,
                    elapsed=elapsed,
                    leveling_delay_minutes=delay,
                )
            )
        links = [LinkInput(p, s, t, lag) for p, s, t, lag in self.links]
        return PlanInput(
            self.project_start or datetime.now(),
            self.calendar,
            tasks,
            links,
            status_date=self.status_date,
            reschedule_after_status=self.reschedule_after_status,
        )


_ZERO = Decimal(0)


def _money(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def invoiced_by_task(session: Session, project_id: int) -> dict[int, Decimal]:
    """Per task of the project, the invoiced amount of the purchase orders that name it."""
    rows = session.execute(
        select(PurchaseOrder.task_id, func.sum(PurchaseOrder.invoiced))
        .join(Task, Task.id == PurchaseOrder.task_id)
        .where(Task.project_id == project_id)
        .group_by(PurchaseOrder.task_id)
    ).all()
    return {task_id: _money(total) for task_id, total in rows if task_id is not None}


def link_text(row_number: int, link_type: str, lag: int, minutes_per_day: int) -> str:
    """MS Project's notation: ``3``, ``3SS``, ``3FS+2d``, ``5FF-4h``."""
    kind = link_type if link_type != "FS" or lag else ""
    text = f"{row_number}{kind}"
    if lag:
        text += ("+" if lag > 0 else "") + format_duration(lag, minutes_per_day)
    return text


def reload_links(session: Session, outline: Outline) -> None:
    """Read the project's links again; the predecessor texts are made per row when first
    shown (see :class:`~infradesk.services.plan.predecessor_text.PredecessorTexts`)."""
    preds, succs, kinds, lags = read_columns(
        session.connection(),  # plain columns: no Row per link
        select(
            Dependency.predecessor_id,
            Dependency.successor_id,
            Dependency.type,
            Dependency.lag_minutes,
        )
        .where(Dependency.project_id == outline.project_id)
        .order_by(Dependency.id),
    )
    kind_of = {kind: (kind or "FS").upper() for kind in set(kinds)}  # a missing type is FS
    lag_of = {lag: int(lag or 0) for lag in set(lags)}
    types, minutes = map(kind_of.__getitem__, kinds), map(lag_of.__getitem__, lags)
    outline.links = list(zip(preds, succs, types, minutes, strict=True))
    pid = outline.project_id
    mpd = outline.minutes_per_day
    external = {} if pid is None else external_texts(session, pid, mpd)
    outline.external = {} if pid is None else external_bars(session, pid)
    row_of = outline.row_of
    # predecessors in other projects (Wave 1!3FS+2d), after the project's own
    external_rows = {
        row_of[task_id]: texts for task_id, texts in external.items() if task_id in row_of
    }

    def cell(row: int) -> str:
        texts = [link_text(p + 1, t, lag, mpd) for p, t, lag in outline.row_links().into(row)]
        return "; ".join([*texts, *external_rows.get(row, ())])

    outline.predecessors = PredecessorTexts(cell, len(outline.ids))


def load_outline(
    session: Session,
    project_id: int,
    result: ScheduleResult | None = None,
    *,
    schedule_below: int | None = None,
) -> Outline:
    """Read one project's outline. ``result`` (from the command that just rescheduled) spares
    a run of the engine; without it the engine runs in memory (nothing is written).

    ``schedule_below``: run the engine only for a plan of fewer tasks than that; a bigger one
    is returned with its stored dates (every reschedule writes them) and without its
    :class:`ScheduleResult` (``schedule_pending``), for a caller that has the schedule built
    in the background and hands it over (the Gantt at open: building it is half the load of a
    100,000-task plan). The dates shown are the stored ones either way; what waits for the
    schedule is what only it knows: floats, the critical path, late-by-schedule."""
    # a few objects per task and no reference cycles: collections would only cost time
    # (a third of the load at 100,000 tasks)
    with gc_paused():
        return _load_outline(session, project_id, result, schedule_below)


def _load_outline(
    session: Session,
    project_id: int,
    result: ScheduleResult | None,
    schedule_below: int | None,
) -> Outline:
    # before the first statement: it vouches for the rows this read gets (a fresh session)
    version = data_version(session)
    project = session.execute(
        select(Project.start, Project.status_date, Project.reschedule_after_status).where(
            Project.id == project_id
        )
    ).one_or_none()
    if project is None:
        raise ProjectNotFound(f"There is no project with id {project_id}")
    columns = read_columns(  # plain columns: no Row per task
        session.connection(),
        select(
            Task.id,
            Task.parent_id,
            Task.position,
            Task.name,
            Task.duration_minutes,
            Task.start,
            Task.finish,
            Task.percent_complete,
            Task.milestone,
            Task.owner,
            Task.start_no_earlier_than,
            Task.deadline,
            Task.production_change,
            Task.actual_start,
            Task.actual_finish,
            Task.constraint_type,
            Task.constraint_date,
            Task.cost,
            Task.actual_cost,
            Task.estimated,
            Task.manual,
            Task.elapsed,
            Task.leveling_delay_minutes,
            Task.version,
        ).where(Task.project_id == project_id),
    )
    (
        c_id, c_parent, c_position, c_name, c_duration, c_start, c_finish, c_percent,
        c_milestone, c_owner, c_snet, c_deadline, c_production, c_actual_start, c_actual_finish,
        c_constraint_type, c_constraint_date, c_cost, c_actual_cost, c_estimated, c_manual,
        c_elapsed, c_delay, c_version,
    ) = columns  # fmt: skip
    # siblings by (position, id): two stable sorts on C-level keys; then grouped by parent
    by_order = sorted(range(len(c_id)), key=c_id.__getitem__)
    by_order.sort(key=c_position.__getitem__)
    children: dict[int | None, list[int]] = {}
    for k in by_order:
        children.setdefault(c_parent[k], []).append(k)
    outline = Outline(
        project_id=project_id,
        project_start=project[0],
        status_date=project[1],
        reschedule_after_status=bool(project[2]),
        data_version=version,
    )
    outline.calendar = calendar_of(session, project_id)
    outline.effective_status_date = project[1] or round_to_working_time(
        datetime.now(), outline.calendar
    )
    parent, depth, wbs = outline.parent, outline.depth, outline.wbs
    taken: list[int] = []  # outline row -> index in the columns
    roots = children.get(None, [])
    stack: list[tuple[int, int, str]] = [
        (k, -1, str(i + 1)) for i, k in reversed(list(enumerate(roots)))
    ]
    known = set(c_id)
    # tasks whose parent is missing (should not happen) are shown at the top level, their
    # parents in the order first met
    orphans = [
        k for key in dict.fromkeys(c_parent) if key is not None and key not in known
        for k in children[key]
    ]  # fmt: skip
    stack[:0] = [(k, -1, str(len(roots) + i + 1)) for i, k in reversed(list(enumerate(orphans)))]
    while stack:
        k, parent_row, code = stack.pop()
        row = len(taken)
        taken.append(k)
        parent.append(parent_row)
        depth.append(code.count("."))
        wbs.append(code)
        kids = children.get(c_id[k])
        if kids:
            stack.extend(
                (kid, row, f"{code}.{i + 1}") for i, kid in reversed(list(enumerate(kids)))
            )

    def column(values: list[Any]) -> list[Any]:
        """``values`` in outline order."""
        return list(map(values.__getitem__, taken))

    ids = outline.ids = column(c_id)
    outline.row_of = dict(zip(ids, range(len(ids)), strict=True))
    outline.name = [name or "" for name in column(c_name)]
    durations = outline.duration = [int(minutes or 0) for minutes in column(c_duration)]
    outline.start = column(c_start)
    outline.finish = column(c_finish)
    percents = outline.percent = [float(done or 0.0) for done in column(c_percent)]
    outline.milestone = list(map(bool, column(c_milestone)))
    outline.owner = [owner or "" for owner in column(c_owner)]
    outline.deadline = column(c_deadline)
    outline.production = list(map(bool, column(c_production)))
    outline.actual_start = column(c_actual_start)
    outline.actual_finish = column(c_actual_finish)
    constraints = list(
        map(constraint_of, column(c_constraint_type), column(c_constraint_date), column(c_snet))
    )
    outline.constraint_type = [kind for kind, _ in constraints]
    outline.constraint_date = [moment for _, moment in constraints]
    outline.snet = [moment if kind == "SNET" else None for kind, moment in constraints]
    outline.remaining = [
        remaining_minutes(d, p) if p else (d if d > 0 else 0)  # nothing done: all of it
        for d, p in zip(durations, percents, strict=True)
    ]
    states = assigned_states(session, project_id)
    none = AssignedState()
    of_rows = [states.get(task_id, none) for task_id in ids] if states else [none] * len(ids)
    outline.assigned = [state.text for state in of_rows]
    outline.resource_names = [state.names for state in of_rows]
    outline.assigned_cost = [state.cost for state in of_rows]
    outline.work = [state.work_minutes for state in of_rows]
    # planned cost = fixed + assignments (services.resources.costs: the same sum everywhere)
    costs = list(map(_money, column(c_cost)))
    outline.cost = (
        [c + state.cost for c, state in zip(costs, of_rows, strict=True)] if states else costs
    )
    outline.own_actual_cost = list(map(_money, column(c_actual_cost)))
    invoiced = invoiced_by_task(session, project_id)
    outline.invoiced_cost = (
        [invoiced.get(task_id, _ZERO) for task_id in ids] if invoiced else [_ZERO] * len(ids)
    )
    own_actual, paid = outline.own_actual_cost, outline.invoiced_cost
    outline.actual_cost = (
        [own + part for own, part in zip(own_actual, paid, strict=True)]
        if invoiced
        else list(own_actual)
    )
    summary = [False] * len(ids)
    for p in parent:
        if p >= 0:
            summary[p] = True
    outline.summary = summary
    outline.roll_up_costs()
    outline.estimated = list(map(bool, column(c_estimated)))
    outline.manual = list(map(bool, column(c_manual)))
    outline.elapsed = list(map(bool, column(c_elapsed)))
    outline.leveling_delay = [max(0, int(delay)) if delay else 0 for delay in column(c_delay)]
    outline.version = [int(number or 0) for number in column(c_version)]
    outline.roll_up_flags()

    reload_links(session, outline)
    row_of = outline.row_of

    # the baseline the plan is compared with (chosen in Project > Baselines..., else the latest)
    current = session.execute(current_baseline(project_id)).first()
    baseline_id = None if current is None else current.id
    outline.baseline_name = "" if current is None else current.name
    outline.baseline_start = [None] * len(ids)
    outline.baseline_finish = [None] * len(ids)
    if baseline_id is not None:
        task_ids, starts, finishes = read_columns(
            session.connection(),
            select(BaselineTask.task_id, BaselineTask.start, BaselineTask.finish).where(
                BaselineTask.baseline_id == baseline_id
            ),
        )
        for task_id, start, finish in zip(task_ids, starts, finishes, strict=True):
            found = row_of.get(task_id)
            if found is not None:
                outline.baseline_start[found] = start
                outline.baseline_finish[found] = finish

    if result is not None and len(result) == len(ids):
        outline.result = result
    elif schedule_below is not None and len(ids) >= schedule_below:
        outline.schedule_pending = outline.project_start is not None
    elif ids and outline.project_start is not None:
        try:
            outline.result = current_result(session, project_id, outline, version=version)
        except (CycleError, ValueError) as error:
            outline.schedule_error = str(error)
    return outline
