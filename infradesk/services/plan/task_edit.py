"""The base of the Gantt's undoable edits and the :class:`TaskChanges` they return.

Every edit is a :class:`TaskEdit`: it changes rows with SQLAlchemy Core (no ORM objects, so
nothing goes stale), then the project is rescheduled incrementally
(:class:`~infradesk.services.plan.incremental.Rescheduler`). ``apply``/``revert`` return a
:class:`TaskChanges` with the engine's result, the ids whose dates moved and the own fields of
the edited tasks as the pass left them (taken from the undo journal's images, so nothing is
read again for the view), from which the Gantt repaints only what moved.

The edits live by job: :mod:`.field_edits` (a task's fields), :mod:`.outline_edits` (rows
inserted, deleted, indented, moved), :mod:`.link_edits` (links); :mod:`.predecessor_text`
reads the Predecessors cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Task
from infradesk.schedule.engine import ScheduleResult
from infradesk.services import row_journal
from infradesk.services.changes import Changes
from infradesk.services.commands import ProjectCommand
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.incremental import Rescheduler
from infradesk.services.plan.propagation import Propagation
from infradesk.services.plan.scheduling import constraint_of
from infradesk.services.resources.assignment_rows import AssignedState, assigned_states_of
from infradesk.services.row_journal import Images


@dataclass(frozen=True)
class TaskFields:
    """The fields of a task that an edit may change without moving its row."""

    id: int
    name: str
    duration_minutes: int
    percent_complete: float
    milestone: bool
    owner: str | None
    start_no_earlier_than: datetime | None
    deadline: datetime | None
    production_change: bool
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    constraint_type: str = "ASAP"
    constraint_date: datetime | None = None
    cost: Decimal = Decimal(0)
    actual_cost: Decimal = Decimal(0)  # the task's own; invoiced purchase orders add to it
    estimated: bool = False  # MS Project's flags (issue 16): 5d?, manually scheduled, 3ed
    manual: bool = False
    elapsed: bool = False


@dataclass(frozen=True)
class TaskChanges(Changes):
    """A Gantt edit's changes: ``changed_ids`` are the tasks whose own fields changed (the
    tasks moved or removed for a structural edit), ``rescheduled_ids`` those whose dates or
    floats moved since ``compared_to`` (None: compare ``schedule`` with what you show).

    ``rows`` holds the own fields of the ``changed_ids`` (None when unknown: reload), for an
    edit that gave tasks new parents those of the ``reparented``;
    ``focus_id`` is the task to select after a structural edit (an inserted one)."""

    schedule: ScheduleResult | None = None
    compared_to: ScheduleResult | None = None
    links_changed: bool = False
    rows: tuple[TaskFields, ...] | None = None
    focus_id: int | None = None
    # a structural edit that kept the rows in their order (indent, outdent): the tasks whose
    # parent changed and their old and new parents (a view updates its outline in place)
    reparented: frozenset[int] | None = None
    # per edited task, its assignments as the pass left them (None: the edit left them alone)
    assigned: Mapping[int, AssignedState] | None = None


@dataclass(frozen=True)
class _Pass:
    """What the last reschedule of an edit gave."""

    result: ScheduleResult
    rescheduled: list[int] | None
    compared_to: ScheduleResult | None


def _money(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def task_fields(rows: Images, task_ids: Iterable[int]) -> tuple[TaskFields, ...] | None:
    """The own fields of ``task_ids`` from journal images; None when one is not there."""
    found = []
    for task_id in task_ids:
        image = rows.get(("task", task_id))
        if image is None:
            return None
        v = row_journal.values("task", image)
        kind, moment = constraint_of(
            v["constraint_type"], v["constraint_date"], v["start_no_earlier_than"]
        )
        found.append(
            TaskFields(
                task_id,
                v["name"],
                v["duration_minutes"],
                v["percent_complete"],
                bool(v["milestone"]),
                v["owner"],
                moment if kind == "SNET" else None,
                v["deadline"],
                bool(v["production_change"]),
                actual_start=v["actual_start"],
                actual_finish=v["actual_finish"],
                constraint_type=kind,
                constraint_date=moment,
                cost=_money(v["cost"]),
                actual_cost=_money(v["actual_cost"]),
                estimated=bool(v.get("estimated")),
                manual=bool(v.get("manual")),
                elapsed=bool(v.get("elapsed")),
            )
        )
    return tuple(found)


class TaskEdit(ProjectCommand):
    """Base of the Gantt edits: ``apply_change`` / ``revert_change`` then one reschedule."""

    affects = frozenset({"tasks"})
    structural = False  # rows were added, removed or moved: views reload the outline
    links_changed = False  # links were added, removed or changed
    plan_changed = False  # the project's status date or its option changed

    def __init__(self, project_id: int, text: str) -> None:
        super().__init__(project_id, text)
        self.touched: set[int] = set()  # tasks whose own fields changed
        # a structural edit that knows which tasks changed parent (the moved tasks and their
        # old and new parents) names them here: the kept plan is patched, not rebuilt, and
        # a view updates its outline in place (None: rebuild, reload)
        self.reparented: set[int] | None = None
        self._last: _Pass | None = None
        self._assigned: dict[int, AssignedState] | None = None
        self._own: tuple[TaskFields, ...] | None = None  # the reparented tasks' own fields
        self.other_projects: list[int] = []  # projects the last pass rescheduled too

    @property
    def assignments_changed(self) -> bool:
        """This edit may change the touched tasks' assignments (their work, cost, names):
        the pass then reads them once for the view."""
        return False

    def apply_change(self, session: Session) -> None:
        raise NotImplementedError

    def revert_change(self, session: Session) -> None:
        raise NotImplementedError

    @property
    def schedule_inputs(self) -> set[int]:
        """Tasks whose scheduling inputs (duration, constraint...) this edit changes."""
        return set(self.touched)

    @property
    def changed_ids(self) -> set[int]:
        """The tasks this edit changes (for a structural edit: adds, removes or moves)."""
        return set(self.touched)

    @property
    def focus_id(self) -> int | None:
        """The task a view selects after this edit, when not the selection it had."""
        return None

    def do(self, session: Session) -> None:
        propagation = Propagation(session, [self.project_id])
        rescheduler = Rescheduler(session, self.project_id)
        self.apply_change(session)
        self._finish(rescheduler, propagation)
        self._read_assigned(session)

    def undo(self, session: Session) -> None:
        propagation = Propagation(session, [self.project_id])
        rescheduler = Rescheduler(session, self.project_id)
        self.revert_change(session)
        self._finish(rescheduler, propagation)
        self._read_assigned(session)

    def _read_assigned(self, session: Session) -> None:
        if self.structural and self.reparented is not None:
            # a summary that is a task again shows its own fields and its assignments (undo
            # gave them back); a few rows, read as the pass left them
            ids = sorted(self.reparented)
            self._assigned = assigned_states_of(session, ids)
            self._own = task_fields(row_journal.images(session, [("task", t) for t in ids]), ids)
            return
        self._assigned = (
            assigned_states_of(session, sorted(self.touched))
            if self.assignments_changed and not self.structural
            else None
        )

    def _finish(self, rescheduler: Rescheduler, propagation: Propagation | None = None) -> None:
        patched = self.structural and self.reparented is not None
        result = rescheduler.finish(
            self.schedule_inputs,
            links_changed=self.links_changed,
            structural=self.structural and not patched,
            plan_changed=self.plan_changed,
            reparented=patched,
        )
        # what moved since which result, when the rescheduler knows it (views repaint those)
        self._last = _Pass(result, rescheduler.changed, rescheduler.previous)
        if propagation is not None:  # the slip crosses into projects linked downstream
            self.other_projects = propagation.run({self.project_id: rescheduler.changed})

    def what_changed(self, rows: Images) -> TaskChanges:
        last = self._last
        rescheduled = None if last is None else last.rescheduled
        return TaskChanges(
            frozenset(self.affects),
            self.project_id,
            changed_ids=frozenset(self.changed_ids),
            rescheduled_ids=None if rescheduled is None else frozenset(rescheduled),
            structural=self.structural,
            schedule=None if last is None else last.result,
            compared_to=None if last is None else last.compared_to,
            links_changed=self.links_changed,
            rows=self._rows(rows),
            focus_id=self.focus_id,
            reparented=None
            if not self.structural or self.reparented is None
            else frozenset(self.reparented),
            assigned=self._assigned,
            other_project_ids=frozenset(self.other_projects),
        )


    def _rows(self, rows: Images) -> tuple[TaskFields, ...] | None:
        if not self.structural:
            return task_fields(rows, sorted(self.touched))
        if self.reparented is not None:  # a summary made a task again shows its own fields
            return self._own
        return None


class TaskEditGroup(TaskEdit):
    """Several task edits as one undo step with a single reschedule (the task dialog)."""

    def __init__(self, project_id: int, text: str, children: Sequence[TaskEdit]) -> None:
        super().__init__(project_id, text)
        self.children = list(children)
        self.structural = any(c.structural for c in self.children)
        self.links_changed = any(c.links_changed for c in self.children)
        self.plan_changed = any(c.plan_changed for c in self.children)

    @property
    def schedule_inputs(self) -> set[int]:
        return set().union(*(c.schedule_inputs for c in self.children))

    @property
    def assignments_changed(self) -> bool:
        return any(c.assignments_changed for c in self.children)

    @property
    def changed_ids(self) -> set[int]:
        return set().union(*(c.changed_ids for c in self.children))

    def apply_change(self, session: Session) -> None:
        for child in self.children:
            child.apply_change(session)
            self.touched |= child.touched

    def revert_change(self, session: Session) -> None:
        for child in reversed(self.children):
            child.revert_change(session)


def check_tasks(session: Session, project_id: int, task_ids: Iterable[int]) -> list[int]:
    """``task_ids`` without repeats; refused when one is not a task of the project."""
    wanted = list(dict.fromkeys(task_ids))
    found = set(
        session.scalars(select(Task.id).where(Task.project_id == project_id, Task.id.in_(wanted)))
    )
    missing = [t for t in wanted if t not in found]
    if missing:
        raise TaskEditError("That task no longer exists.")
    return wanted
